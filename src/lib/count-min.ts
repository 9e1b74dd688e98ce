/**
 * Count-Min sketch (Cormode and Muthukrishnan 2005, http://dimacs.rutgers.edu/~graham/pubs/papers/cm-full.pdf)
 * over uint32 keys with non-negative weights. Width w = ceil(e / epsilon), depth d = ceil(ln(1 / delta)):
 * an estimate never undercounts, and overcounts by more than epsilon * N (N = total weight added) with
 * probability at most delta. Rows are indexed by double hashing (Kirsch and Mitzenmacher 2006), two hashes per
 * key instead of d. Sketches with the same shape and seed merge by adding counters, which gives exactly the
 * sketch of the concatenated streams.
 */
import { hashWord } from './hash.ts'

export interface CountMinBound {
  readonly epsilon: number
  readonly delta: number
  readonly width: number
  readonly depth: number
  /** Total weight added (N). */
  readonly total: number
  /** epsilon * N: the overcount bound that holds with probability 1 - delta. */
  readonly maxOvercount: number
}

export class CountMinSketch {
  readonly width: number
  readonly depth: number
  readonly seed: number
  readonly counters: Float64Array
  total = 0

  constructor(epsilon = 0.001, delta = 0.001, seed = 0x5eed) {
    const eps = Number.isFinite(epsilon) && epsilon > 0 ? Math.min(epsilon, 1) : 0.001
    const del = Number.isFinite(delta) && delta > 0 && delta < 1 ? delta : 0.001
    // Capped so a silly epsilon cannot ask for gigabytes.
    this.width = Math.min(1 << 22, Math.ceil(Math.E / eps))
    this.depth = Math.min(32, Math.max(1, Math.ceil(Math.log(1 / del))))
    this.seed = seed >>> 0
    this.counters = new Float64Array(this.width * this.depth)
  }

  get epsilon(): number {
    return Math.E / this.width
  }

  get delta(): number {
    return Math.exp(-this.depth)
  }

  add(key: number, weight = 1): void {
    if (!(weight > 0)) return
    const h1 = hashWord(key, this.seed)
    const h2 = hashWord(key, this.seed ^ 0x9e3779b9) | 1
    const w = this.width
    const c = this.counters
    for (let row = 0; row < this.depth; row++) {
      const col = ((h1 + Math.imul(row, h2)) >>> 0) % w
      c[row * w + col] += weight
    }
    this.total += weight
  }

  /** Upper estimate of the weight added for key (never below the true value). */
  estimate(key: number): number {
    const h1 = hashWord(key, this.seed)
    const h2 = hashWord(key, this.seed ^ 0x9e3779b9) | 1
    const w = this.width
    const c = this.counters
    let best = Infinity
    for (let row = 0; row < this.depth; row++) {
      const col = ((h1 + Math.imul(row, h2)) >>> 0) % w
      const v = c[row * w + col]
      if (v < best) best = v
    }
    return best === Infinity ? 0 : best
  }

  merge(other: CountMinSketch): void {
    if (other.width !== this.width || other.depth !== this.depth || other.seed !== this.seed) {
      throw new RangeError('Count-Min sketches differ in shape or seed')
    }
    const a = this.counters
    const b = other.counters
    for (let i = 0; i < a.length; i++) a[i] += b[i]
    this.total += other.total
  }

  bound(): CountMinBound {
    const epsilon = this.epsilon
    return { epsilon, delta: this.delta, width: this.width, depth: this.depth, total: this.total, maxOvercount: epsilon * this.total }
  }
}
