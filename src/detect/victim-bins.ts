/**
 * Per-target time bins for the flood detectors: for each (target, traffic class) the packets sent toward the
 * target per bin (flows spread over the bins they span), the answers that came back, the distinct sources and
 * the flows involved. Then the busiest window of `windowSeconds` per target, found with a sliding sum.
 */

const MAX_SOURCES = 100_000
const MAX_FLOWS = 5000
/** A flow spanning more bins than this is cut into this many equal parts (see spreadOverBins). */
const MAX_SPREAD = 64

function addTo(map: Map<number, number>, bin: number, v: number): void {
  map.set(bin, (map.get(bin) ?? 0) + v)
}

/** Adds `amount` over the bins [first, last] spans, in proportion to the time in each (no closure per call). */
function spread(map: Map<number, number>, first: number, last: number, amount: number, binSeconds: number): void {
  const b0 = Math.floor(first / binSeconds)
  const b1 = Math.floor(last / binSeconds)
  if (!(last > first) || b1 === b0) {
    addTo(map, b0, amount)
    return
  }
  const span = last - first
  if (b1 - b0 + 1 <= MAX_SPREAD) {
    for (let b = b0; b <= b1; b++) {
      const lo = Math.max(first, b * binSeconds)
      const hi = Math.min(last, (b + 1) * binSeconds)
      if (hi > lo) addTo(map, b, (amount * (hi - lo)) / span)
    }
    return
  }
  for (let k = 0; k < MAX_SPREAD; k++) addTo(map, Math.floor((first + ((k + 0.5) * span) / MAX_SPREAD) / binSeconds), amount / MAX_SPREAD)
}

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
    if (attempts > 0) spread(this.attempts, first, last, attempts, binSeconds)
    if (answers > 0) spread(this.answers, first, last, answers, binSeconds)
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

/**
 * A cheap first pass for the flood detectors: the total of `amount(id)` per key over the flows that `key(id)`
 * maps to a target (key < 0 skips the flow). Only keys reaching `min` need the binned second pass.
 */
export function candidates(count: number, key: (id: number) => number, amount: (id: number) => number, min: number): Set<number> {
  const totals = new Map<number, number>()
  for (let id = 0; id < count; id++) {
    const k = key(id)
    if (k >= 0) totals.set(k, (totals.get(k) ?? 0) + amount(id))
  }
  const out = new Set<number>()
  for (const [k, v] of totals) if (v >= min) out.add(k)
  return out
}
