/**
 * Runs one fuzz target for a number of fast-check cases from a seed, shrinks a failure to a small case, and
 * returns the stats and the failing bytes (which scripts/fuzz.ts keeps as a fixture). Used by the unit run
 * (src/fuzz/fuzz.test.ts, about 2,000 cases per target) and by `npm run fuzz` (100,000 per target).
 */
import fc from 'fast-check'
import type { Mutation, Seed } from './mutate.ts'
import { describeMutations, mutationsArb } from './mutate.ts'
import type { CutOf, FuzzCase, FuzzTarget } from './target.ts'
import { FuzzStats, materialise, runCase } from './target.ts'

/** A case: which seed, its mutations, and the slice size it is read in. */
export function caseArb(mutations: fc.Arbitrary<readonly Mutation[]> = mutationsArb): fc.Arbitrary<FuzzCase> {
  return fc.record({
    seed: fc.nat(),
    mutations,
    // Slices from a few bytes (every record split across slices) to larger than any seed.
    slice: fc.oneof(fc.integer({ min: 1, max: 97 }), fc.constantFrom(512, 4096, 1 << 20)),
  })
}

export interface FuzzFailure {
  readonly problem: string
  readonly description: string
  readonly bytes: Uint8Array
  /** For a cut case, the uncut file it is compared with. */
  readonly cut: CutOf | null
  readonly case: FuzzCase
}

export interface FuzzRun {
  readonly stats: FuzzStats
  readonly failure: FuzzFailure | null
  readonly seed: number
}

/** Runs `runs` cases of `target` from `seed`. */
export async function fuzz(target: FuzzTarget, runs: number, seed: number): Promise<FuzzRun> {
  const seeds: readonly Seed[] = await target.seeds()
  const donors: readonly Seed[] = target.donors ? await target.donors() : seeds
  const stats = new FuzzStats()
  const describeCase = (c: FuzzCase): string => {
    const s = seeds[c.seed % seeds.length]
    return `${s.label}: ${describeMutations(s, c.mutations)}; slice ${c.slice}`
  }
  const failureOf = (c: FuzzCase, problem: string): FuzzFailure => {
    const { bytes, cut } = materialise(seeds, donors, c)
    return { problem, description: describeCase(c), bytes, cut, case: c }
  }
  let last: FuzzFailure | null = null
  const property = fc.asyncProperty(caseArb(target.mutations), async (c) => {
    const r = await runCase(target, seeds, donors, c)
    stats.add(r, () => describeCase(c))
    if (r.problem === null) return true
    last = failureOf(c, r.problem)
    return false
  })
  const details = await fc.check(property, { seed, numRuns: runs, endOnFailure: false })
  if (!details.failed) return { stats, failure: null, seed }
  // Rerun the shrunk counterexample so the failure reported is exactly that case.
  const counterexample = details.counterexample?.[0]
  if (counterexample !== undefined) {
    const r = await runCase(target, seeds, donors, counterexample)
    if (r.problem !== null) last = failureOf(counterexample, r.problem)
  }
  if (last === null) {
    const why = details.errorInstance === null ? 'the property failed' : String(details.errorInstance)
    return { stats, failure: { problem: why, description: 'the property threw', bytes: new Uint8Array(0), cut: null, case: { seed: 0, mutations: [], slice: 1 } }, seed }
  }
  return { stats, failure: last, seed }
}

/** Cases per target: FUZZ_RUNS from the environment (the unit run's default is 2,000). */
export function runsFromEnv(env: Readonly<Record<string, string | undefined>>, fallback: number): number {
  const n = Number(env.FUZZ_RUNS)
  return Number.isInteger(n) && n > 0 ? n : fallback
}

/** The fast-check seed: FUZZ_SEED from the environment, else a fixed one so CI runs replay. */
export function seedFromEnv(env: Readonly<Record<string, string | undefined>>, fallback: number): number {
  const n = Number(env.FUZZ_SEED)
  return Number.isInteger(n) ? n : fallback
}
