/**
 * What the mutation fuzzer needs from each input format, and the checks it makes on every case
 * (shared/RELIABILITY.md "Targets"):
 *  - no exception other than the format's typed error (FormatError, SessionFileError; a table read reports);
 *  - the outcome is self-consistent (counts add up, times finite: the target says what it checked);
 *  - no single allocation larger than the bytes of the case plus the target's fixed buffers;
 *  - a file cut short reads as a prefix of the whole (or, for session files, is refused);
 *  - nothing is added to Object.prototype (prototype pollution);
 *  - time per MiB is measured and kept for the report, never failed on (the machine is shared).
 */
import type fc from 'fast-check'
import type { Mutation, Seed } from './mutate.ts'
import { applyMutations, beforeFinalCut } from './mutate.ts'
import { AllocationMeter } from './alloc-meter.ts'

/** A read summarised so that a cut input can be compared with the whole. */
export type Outcome =
  | {
      readonly kind: 'report'
      readonly items: readonly string[]
      readonly truncated: boolean
      readonly problem: string | null
      /**
       * A choice the reader makes from the whole input, which cutting it can change (Suricata EVE: records made
       * from alerts when the file has no flow events at all); a cut read with another choice is no prefix of it.
       */
      readonly wholeInputChoice?: string
    }
  | { readonly kind: 'refused'; readonly code: string; readonly items: readonly string[] }

export interface FuzzTarget {
  readonly name: string
  seeds(): Promise<readonly Seed[]>
  /** The mutation mix (default: mutationsArb, the 40/40/10/10 mix of shared/RELIABILITY.md). */
  readonly mutations?: fc.Arbitrary<readonly Mutation[]>
  /** Other files to splice blocks from (default: the seeds themselves). */
  donors?(): Promise<readonly Seed[]>
  /** Reads a case; returns a report or a typed refusal and lets any other exception through (a failure). */
  read(bytes: Uint8Array, slice: number): Promise<Outcome>
  /**
   * What is wrong with `part` (the read of a prefix) given `whole`, or null. `cutMayBeBoundary` is false only when
   * the cut is known not to fall between two records (a valid seed cut inside a block).
   */
  prefixProblem(part: Outcome, whole: Outcome, cutMayBeBoundary: boolean): string | null
  /** Bytes of fixed-size buffers the reader may allocate whatever the input (batches, decompression slices). */
  readonly fixedAllocation: number
}

export interface FuzzCase {
  readonly seed: number
  readonly mutations: readonly Mutation[]
  readonly slice: number
}

export interface CaseResult {
  readonly bytes: Uint8Array
  /** The read's outcome, or null when it threw. */
  readonly outcome: Outcome | null
  readonly problem: string | null
  readonly ms: number
  readonly largestAllocation: number
}

const prototypeKeys = (): string => Object.getOwnPropertyNames(Object.prototype).sort().join(',')
const PROTOTYPE_KEYS = prototypeKeys()
const meter = new AllocationMeter()

/**
 * The slice size a case is read with: as drawn, but at most 256 slices per input, so a long case (a 70 KiB cell)
 * does not spend the run's time budget on per-slice overhead. Cut and whole reads use different slicings, which
 * also checks that the outcome does not depend on where slices fall.
 */
export function sliceFor(bytes: Uint8Array, drawn: number): number {
  return Math.max(drawn, Math.ceil(bytes.length / 256))
}

/** Reads `bytes` once with the checks that need no second read. */
export async function checkBytes(target: FuzzTarget, bytes: Uint8Array, slice: number): Promise<CaseResult> {
  const started = performance.now()
  let outcome: Outcome | null = null
  let problem: string | null = null
  let largest = 0
  try {
    const measured = await meter.measure(() => target.read(bytes, slice))
    outcome = measured.result
    largest = measured.largest
    if (outcome.kind === 'report' && outcome.problem !== null) problem = outcome.problem
    const limit = target.fixedAllocation + 2 * bytes.length
    if (!(largest <= limit)) problem ??= `allocated ${largest} bytes at once (${measured.largestBy}) for a ${bytes.length}-byte input`
  } catch (e) {
    problem = `uncaught ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`
  }
  const ms = performance.now() - started
  if (prototypeKeys() !== PROTOTYPE_KEYS) problem ??= 'Object.prototype gained a key'
  return { bytes, problem, ms, largestAllocation: largest, outcome }
}

/** A cut case: the uncut bytes, and whether the cut may fall on a record boundary (then no truncation mark is due). */
export interface CutOf {
  readonly whole: Uint8Array
  readonly cutMayBeBoundary: boolean
}

/** The bytes a case reads, and the uncut file when its mutations end in a cut. */
export function materialise(seeds: readonly Seed[], donors: readonly Seed[], c: FuzzCase): { bytes: Uint8Array; cut: CutOf | null } {
  const seed = seeds[c.seed % seeds.length]
  const bytes = applyMutations(seed, c.mutations, donors)
  const whole = beforeFinalCut(seed, c.mutations, donors)
  if (whole === null || whole.length === bytes.length) return { bytes, cut: null }
  // Block boundaries are known only for the untouched seed; after other mutations any cut may be a boundary.
  return { bytes, cut: { whole, cutMayBeBoundary: c.mutations.length > 1 || seed.blocks.includes(bytes.length) } }
}

/** Reads `bytes` with every check, and for a cut case compares it with the read of the uncut file. */
export async function checkCase(target: FuzzTarget, bytes: Uint8Array, cut: CutOf | null, slice: number): Promise<CaseResult> {
  const result = await checkBytes(target, bytes, sliceFor(bytes, slice))
  if (result.problem !== null || result.outcome === null || cut === null) return result
  const full = await checkBytes(target, cut.whole, sliceFor(cut.whole, slice))
  if (full.outcome === null) return { ...result, problem: `the uncut file fails: ${full.problem}` }
  const prefix = target.prefixProblem(result.outcome, full.outcome, cut.cutMayBeBoundary)
  return prefix === null ? result : { ...result, problem: `cut at ${bytes.length} of ${cut.whole.length}: ${prefix}` }
}

/** Builds a case from its seed and mutations and checks it. */
export async function runCase(target: FuzzTarget, seeds: readonly Seed[], donors: readonly Seed[], c: FuzzCase): Promise<CaseResult> {
  const { bytes, cut } = materialise(seeds, donors, c)
  return checkCase(target, bytes, cut, c.slice)
}

/** Worst times and allocations over a run, for the fuzz report. */
export class FuzzStats {
  cases = 0
  worstMsPerMiB = 0
  worstMs = 0
  worstMsBytes = 0
  largestAllocation = 0
  totalMs = 0
  /** Outcomes by kind: "report" or the refusal code. */
  readonly outcomes = new Map<string, number>()

  /** The slowest case, described (to replay it). */
  worstCase = ''

  add(r: CaseResult, describe?: () => string): void {
    this.cases++
    this.totalMs += r.ms
    const kind = r.outcome === null ? 'threw' : r.outcome.kind === 'report' ? 'read' : `refused ${r.outcome.code}`
    this.outcomes.set(kind, (this.outcomes.get(kind) ?? 0) + 1)
    // Per MiB of input, with small inputs counted as 1 MiB: fixed costs (sniffing, setup) are not per byte.
    const perMiB = r.ms / Math.max(1, r.bytes.length / (1024 * 1024))
    if (perMiB > this.worstMsPerMiB) this.worstMsPerMiB = perMiB
    if (r.ms > this.worstMs) {
      this.worstMs = r.ms
      this.worstMsBytes = r.bytes.length
      this.worstCase = describe?.() ?? ''
    }
    this.largestAllocation = Math.max(this.largestAllocation, r.largestAllocation)
  }

  summary(name: string, seed: number): string {
    return (
      `fuzz ${name}: ${this.cases} cases (seed ${seed}) in ${(this.totalMs / 1000).toFixed(1)} s; ` +
      `worst ${this.worstMs.toFixed(1)} ms (${this.worstMsBytes} bytes${this.worstCase ? `: ${this.worstCase}` : ''}), worst ${this.worstMsPerMiB.toFixed(1)} ms/MiB ` +
      `(inputs under 1 MiB counted as 1 MiB; target 250); largest single allocation ${this.largestAllocation} bytes; ` +
      [...this.outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')
    )
  }
}
