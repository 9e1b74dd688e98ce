/**
 * Per-target time bins for the flood detectors: for each (target, traffic class) the packets sent toward the
 * target per bin (flows spread over the bins they span), the answers that came back, the distinct sources and
 * the flows involved. Then the busiest window of `windowSeconds` per target, found with a sliding sum.
 */
import { grown } from '../flows/typed-grow.ts'

const MAX_SOURCES = 100_000
const MAX_FLOWS = 5000
/** A flow spanning more bins than this is cut into this many equal parts (see spreadOverBins). */
const MAX_SPREAD = 64

/**
 * Amounts per bin. Bins are consecutive integers over a target's active time, so they live in a dense array
 * (one slot per bin from the first to the last) while it stays small next to the bins actually used; a sparse
 * or far-flung target, or a bin that is not a safe integer, moves to a Map. Both give the same sums, added in
 * the same order, and the same set of used bins (a bin is used once anything was added to it).
 */
class BinSeries {
  private base = 0
  private values: Float64Array | null = null
  private used: Uint8Array | null = null
  private entries = 0
  private map: Map<number, number> | null = null

  add(bin: number, v: number): void {
    if (this.map === null && Number.isSafeInteger(bin) && this.fit(bin)) {
      const values = this.values as Float64Array
      const used = this.used as Uint8Array
      const i = bin - this.base
      values[i] += v
      if (used[i] === 0) {
        used[i] = 1
        this.entries++
      }
      return
    }
    const map = this.toMap()
    map.set(bin, (map.get(bin) ?? 0) + v)
  }

  get(bin: number): number {
    if (this.map !== null) return this.map.get(bin) ?? 0
    const i = bin - this.base
    return this.values !== null && i >= 0 && i < this.values.length ? this.values[i] : 0
  }

  /** The used bins, ascending. */
  keys(): number[] {
    if (this.map !== null) return [...this.map.keys()].sort((a, b) => a - b)
    const out: number[] = []
    const used = this.used
    if (used !== null) for (let i = 0; i < used.length; i++) if (used[i] !== 0) out.push(this.base + i)
    return out
  }

  /** Makes room for `bin` in the dense array; false when that would make it too large for the bins used. */
  private fit(bin: number): boolean {
    const values = this.values
    if (values === null) {
      this.base = bin
      this.values = new Float64Array(16)
      this.used = new Uint8Array(16)
      return true
    }
    if (bin >= this.base && bin < this.base + values.length) return true
    const lo = Math.min(this.base, bin)
    const hi = Math.max(this.base + values.length - 1, bin)
    const need = hi - lo + 1
    const length = Math.max(need, 2 * values.length)
    // Dense only while it costs at most a few slots per used bin (a Map entry costs more than that).
    if (length > Math.max(MIN_DENSE, DENSE_FACTOR * (this.entries + 1))) return false
    const base = bin < this.base ? hi - length + 1 : lo
    const shifted = new Float64Array(length)
    const used = new Uint8Array(length)
    shifted.set(values, this.base - base)
    used.set(this.used as Uint8Array, this.base - base)
    this.base = base
    this.values = shifted
    this.used = used
    return true
  }

  private toMap(): Map<number, number> {
    if (this.map !== null) return this.map
    const map = new Map<number, number>()
    const values = this.values
    const used = this.used
    if (values !== null && used !== null) for (let i = 0; i < used.length; i++) if (used[i] !== 0) map.set(this.base + i, values[i])
    this.map = map
    this.values = null
    this.used = null
    return map
  }
}

/** A dense series may span this many bins whatever it holds, and beyond that this many per used bin. */
const MIN_DENSE = 4096
const DENSE_FACTOR = 8

/** Adds `amount` over the bins [first, last] spans, in proportion to the time in each (no closure per call). */
function spread(series: BinSeries, first: number, last: number, amount: number, binSeconds: number): void {
  const b0 = Math.floor(first / binSeconds)
  const b1 = Math.floor(last / binSeconds)
  if (!(last > first) || b1 === b0) {
    series.add(b0, amount)
    return
  }
  const span = last - first
  if (b1 - b0 + 1 <= MAX_SPREAD) {
    for (let b = b0; b <= b1; b++) {
      const lo = Math.max(first, b * binSeconds)
      const hi = Math.min(last, (b + 1) * binSeconds)
      if (hi > lo) series.add(b, (amount * (hi - lo)) / span)
    }
    return
  }
  for (let k = 0; k < MAX_SPREAD; k++) series.add(Math.floor((first + ((k + 0.5) * span) / MAX_SPREAD) / binSeconds), amount / MAX_SPREAD)
}

export class TargetBins {
  private readonly attempts = new BinSeries()
  private readonly answers = new BinSeries()
  readonly sources = new Set<number>()
  readonly flows: number[] = []
  flowCount = 0
  first = Infinity
  last = -Infinity

  constructor(readonly target: number) {}

  add(flow: number, src: number, first: number, last: number, attempts: number, answers: number, binSeconds: number): void {
    this.addCounts(first, last, attempts, answers, binSeconds)
    this.addMember(flow, src)
  }

  /** add() without the flow and its source: bins, flow count and time span (see addMember). */
  addCounts(first: number, last: number, attempts: number, answers: number, binSeconds: number): void {
    if (attempts > 0) spread(this.attempts, first, last, attempts, binSeconds)
    if (answers > 0) spread(this.answers, first, last, answers, binSeconds)
    this.flowCount++
    if (first < this.first) this.first = first
    if (last > this.last) this.last = last
  }

  /**
   * The rest of add(): the flow and its source. A detector that judges most targets by their bins alone adds
   * counts first and members, in the same flow order, only for the targets that pass.
   */
  addMember(flow: number, src: number): void {
    if (this.sources.size < MAX_SOURCES) this.sources.add(src)
    if (this.flows.length < MAX_FLOWS) this.flows.push(flow)
  }

  /**
   * The window of `bins` consecutive bins with the most attempts: its first bin, attempts, answers, and how
   * many of its bins saw attempts (a burst shorter than the window is rated over its own length).
   */
  busiestWindow(bins: number): { startBin: number; attempts: number; answers: number; activeBins: number } {
    const keys = this.attempts.keys()
    let best = { startBin: keys[0] ?? 0, attempts: 0, answers: 0, activeBins: 1 }
    let lo = 0
    let sum = 0
    for (let hi = 0; hi < keys.length; hi++) {
      sum += this.attempts.get(keys[hi])
      while (keys[hi] - keys[lo] >= bins) {
        sum -= this.attempts.get(keys[lo])
        lo++
      }
      if (sum > best.attempts) best = { startBin: keys[lo], attempts: sum, answers: 0, activeBins: hi - lo + 1 }
    }
    for (let b = best.startBin; b < best.startBin + bins; b++) best.answers += this.answers.get(b)
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
 * maps to a target (key < 0 skips the flow). Only keys reaching `min` need the binned second pass. The set's
 * order is not meaningful (callers only ask has()).
 */
export function candidates(count: number, key: (id: number) => number, amount: (id: number) => number, min: number): Set<number> {
  // Keys are address ids, small integers: summed in a dense array grown on demand (a Map entry per key and a
  // lookup per flow cost more); anything else goes to a Map. Sums per key are added in flow order either way.
  let totals = new Float64Array(1024)
  let seen = new Uint8Array(1024)
  let top = -1
  let others: Map<number, number> | null = null
  for (let id = 0; id < count; id++) {
    const k = key(id)
    if (!(k >= 0)) continue
    if (Number.isInteger(k) && k < MAX_DENSE_KEY) {
      if (k >= totals.length) {
        const size = Math.max(2 * totals.length, k + 1)
        totals = grown(totals, size)
        seen = grown(seen, size)
      }
      totals[k] += amount(id)
      seen[k] = 1
      if (k > top) top = k
    } else {
      others ??= new Map<number, number>()
      others.set(k, (others.get(k) ?? 0) + amount(id))
    }
  }
  const out = new Set<number>()
  for (let k = 0; k <= top; k++) if (seen[k] === 1 && totals[k] >= min) out.add(k)
  if (others !== null) for (const [k, v] of others) if (v >= min) out.add(k)
  return out
}

/** Keys from here on are counted in a Map by candidates() (address ids stay far below). */
const MAX_DENSE_KEY = 1 << 24
