/**
 * Per-target time bins for the flood detectors: for each (target, traffic class) the packets sent toward the
 * target per bin (flows spread over the bins they span), the answers that came back, the distinct sources and
 * the flows involved. Then the busiest window of `windowSeconds` per target, found with a sliding sum.
 */
import { spreadOverBins } from '../baseline/service-keys.ts'

const MAX_SOURCES = 100_000
const MAX_FLOWS = 5000

export class TargetBins {
  readonly attempts = new Map<number, number>()
  readonly answers = new Map<number, number>()
  readonly sources = new Set<number>()
  readonly flows: number[] = []
  flowCount = 0
  first = Infinity
  last = -Infinity

  constructor(readonly target: number) {}

  add(flow: number, src: number, first: number, last: number, attempts: number, answers: number, binSeconds: number): void {
    spreadOverBins(first, last, attempts, binSeconds, (b, v) => this.attempts.set(b, (this.attempts.get(b) ?? 0) + v))
    if (answers > 0) spreadOverBins(first, last, answers, binSeconds, (b, v) => this.answers.set(b, (this.answers.get(b) ?? 0) + v))
    if (this.sources.size < MAX_SOURCES) this.sources.add(src)
    this.flowCount++
    if (this.flows.length < MAX_FLOWS) this.flows.push(flow)
    if (first < this.first) this.first = first
    if (last > this.last) this.last = last
  }

  /**
   * The window of `bins` consecutive bins with the most attempts: its first bin, attempts, answers, and how
   * many of its bins saw attempts (a burst shorter than the window is rated over its own length).
   */
  busiestWindow(bins: number): { startBin: number; attempts: number; answers: number; activeBins: number } {
    const keys = [...this.attempts.keys()].sort((a, b) => a - b)
    let best = { startBin: keys[0] ?? 0, attempts: 0, answers: 0, activeBins: 1 }
    let lo = 0
    let sum = 0
    for (let hi = 0; hi < keys.length; hi++) {
      sum += this.attempts.get(keys[hi]) ?? 0
      while (keys[hi] - keys[lo] >= bins) {
        sum -= this.attempts.get(keys[lo]) ?? 0
        lo++
      }
      if (sum > best.attempts) best = { startBin: keys[lo], attempts: sum, answers: 0, activeBins: hi - lo + 1 }
    }
    for (let b = best.startBin; b < best.startBin + bins; b++) best.answers += this.answers.get(b) ?? 0
    return best
  }
}

/** TargetBins by target id, created on first use. */
export class TargetTable {
  readonly byTarget = new Map<number, TargetBins>()

  of(target: number): TargetBins {
    let t = this.byTarget.get(target)
    if (t === undefined) {
      t = new TargetBins(target)
      this.byTarget.set(target, t)
    }
    return t
  }
}
