/**
 * A small mergeable quantile sketch: a histogram with logarithmic buckets of ratio gamma = 2^(1/8) between
 * `min` and `max` (defaults 1 microsecond .. 1000 seconds: 240 buckets, 1 KiB). A quantile is reported as the
 * geometric middle of its bucket, so its relative error is at most sqrt(gamma) - 1 (about 4.4 %) for values
 * inside the range; values below min count as 0 and values above max as max. The same idea as DDSketch
 * (Masson, Rim, Lee 2019) with a fixed range instead of a growing one, so two histograms merge by adding
 * counts and the merge equals the histogram of the union exactly.
 */

const GAMMA_LOG2 = 1 / 8

export class LogHistogram {
  readonly min: number
  readonly max: number
  /** counts[0]: values below min (incl. 0); counts[1..n]: log buckets; counts[n + 1]: values above max. */
  readonly counts: Uint32Array
  private readonly scale: number
  count = 0
  /** Exact extremes of the values added (NaN while empty). */
  low = NaN
  high = NaN

  constructor(min = 1e-6, max = 1e3) {
    this.min = min > 0 && Number.isFinite(min) ? min : 1e-6
    this.max = max > this.min && Number.isFinite(max) ? max : this.min * 2 ** 30
    const buckets = Math.ceil(Math.log2(this.max / this.min) / GAMMA_LOG2)
    this.counts = new Uint32Array(buckets + 2)
    this.scale = 1 / GAMMA_LOG2
  }

  /** Largest relative error of a reported quantile for values inside [min, max]. */
  get relativeError(): number {
    return 2 ** (GAMMA_LOG2 / 2) - 1
  }

  /** Adds one value; NaN, infinities and negatives are ignored (they are "unknown", not zero). */
  add(value: number): void {
    if (!(value >= 0) || value === Infinity) return
    const c = this.counts
    let i: number
    if (value < this.min) i = 0
    else if (value >= this.max) i = c.length - 1
    else i = Math.min(c.length - 2, 1 + Math.floor(Math.log2(value / this.min) * this.scale))
    c[i]++
    this.count++
    if (!(value >= this.low)) this.low = value
    if (!(value <= this.high)) this.high = value
  }

  /** The q-quantile (0 <= q <= 1) as the middle of its bucket, clamped to the exact extremes; NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN
    const qq = Math.min(1, Math.max(0, Number.isFinite(q) ? q : 0))
    const rank = Math.max(1, Math.ceil(qq * this.count))
    const c = this.counts
    let seen = 0
    let i = 0
    for (; i < c.length; i++) {
      seen += c[i]
      if (seen >= rank) break
    }
    let v: number
    if (i === 0) v = 0
    else if (i >= c.length - 1) v = this.high
    else v = this.min * 2 ** ((i - 0.5) * GAMMA_LOG2)
    return Math.min(this.high, Math.max(this.low, v))
  }

  merge(other: LogHistogram): void {
    if (other.counts.length !== this.counts.length || other.min !== this.min) {
      throw new RangeError('LogHistogram ranges differ')
    }
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += other.counts[i]
    this.count += other.count
    if (other.count > 0) {
      if (!(other.low >= this.low)) this.low = other.low
      if (!(other.high <= this.high)) this.high = other.high
    }
  }
}
