/**
 * A small seeded random number generator (mulberry32: 32-bit state, full period over the state, fast in JS)
 * so that learning and generation are repeatable: the same seed gives the same model and the same bytes.
 */
export class Rng {
  private s: number

  constructor(seed: number) {
    this.s = (seed >>> 0) ^ 0x6d2b79f5
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** A 32-bit unsigned integer. */
  u32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0
  }
}

/** Index drawn from cumulative weights (ascending, last = total) for u uniform in [0, 1). */
export function pickCumulative(cumulative: Float64Array | readonly number[], u: number): number {
  const n = cumulative.length
  if (n === 0) return -1
  const target = u * cumulative[n - 1]
  let lo = 0
  let hi = n - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cumulative[mid] > target) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** Cumulative sums of weights. */
export function cumulativeOf(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length)
  let s = 0
  for (let i = 0; i < weights.length; i++) out[i] = s += Math.max(0, weights[i])
  return out
}
