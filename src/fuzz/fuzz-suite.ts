/**
 * The mutation fuzzer as a unit-test suite (shared/RELIABILITY.md "Targets"): 2,000 structure-aware cases per
 * input format on every CI run, the fixed seed printed in the title (FUZZ_RUNS and FUZZ_SEED override both). A
 * failure prints the shrunk case and its bytes; `npm run fuzz` runs 100,000 per format and keeps counterexamples
 * as fixtures (src/fuzz/fixtures). The targets are spread over several test files so the runner can use every core.
 */
import { describe, expect, it } from 'vitest'
import { fuzz, runsFromEnv, seedFromEnv } from './run-fuzz.ts'
import type { FuzzTarget } from './target.ts'

export const UNIT_RUNS = runsFromEnv(process.env, 2000)
export const UNIT_SEED = seedFromEnv(process.env, 20261121)

export function fuzzSuite(title: string, targets: readonly FuzzTarget[]): void {
  describe(`${title}: mutation fuzzing, ${UNIT_RUNS} cases per format (seed ${UNIT_SEED})`, () => {
    for (const target of targets) {
      it(`${target.name}: no uncaught exception, no oversized allocation, cut files read as prefixes (seed ${UNIT_SEED})`, async () => {
        const run = await fuzz(target, UNIT_RUNS, UNIT_SEED)
        console.log(run.stats.summary(target.name, UNIT_SEED))
        const f = run.failure
        if (f !== null) console.log(`fuzz ${target.name} failure: ${f.problem}\n  case: ${f.description}\n  bytes: ${Buffer.from(f.bytes).toString('hex')}`)
        expect(f === null ? null : `${f.problem} [${f.description}]`).toBeNull()
        expect(run.stats.cases).toBeGreaterThanOrEqual(UNIT_RUNS)
      }, 300_000)
    }
  })
}
