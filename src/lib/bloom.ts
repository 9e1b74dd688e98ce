/**
 * Bloom filters for "seen before?" questions over uint32 pairs (Bloom 1970). Sized from the expected number of
 * items n and the target false-positive rate p: m = -n ln p / (ln 2)^2 bits and k = (m / n) ln 2 hashes, derived
 * from two hashes by double hashing (Kirsch and Mitzenmacher 2006). No false negatives. Two filters with the same
 * shape and seed merge by OR-ing their bits, which gives exactly the filter of the union.
 *
 * Cache-blocked (Putze, Sanders, Singler 2007, "Cache-, Hash- and Space-Efficient Bloom Filters"): one hash picks
 * a 512-bit block (one 64-byte cache line) and all k bits fall inside it, so a lookup costs one cache miss instead
 * of k. Blocks fill unevenly, which raises the false-positive rate over the textbook formula, so the bit count is
 * grown until the blocked filter's own expected rate (a Poisson mixture over block loads, as in that paper)
 * meets the target, and estimatedFpr() averages the rate over the actual blocks.
 *
 * ScalableBloomFilter (Almeida et al. 2007, "Scalable Bloom Filters") chains filters of doubling capacity and
 * halving target rate (p/2, p/4, ...), so the compound false-positive rate stays below p however many items
 * arrive.
 */
import { fmix32, hashPair } from './hash.ts'

const LN2 = Math.LN2
const MAX_BITS = 1 << 28 // 32 MiB: a cap so an absurd capacity cannot reserve unbounded memory
const BLOCK_BITS = 512
const BLOCK_WORDS = BLOCK_BITS / 32

/** Expected false-positive rate of a blocked filter with n items, m bits and k hashes. */
export function blockedFpr(n: number, m: number, k: number): number {
  const lambda = (n * BLOCK_BITS) / m
  const maxJ = Math.ceil(lambda + 10 * Math.sqrt(lambda) + 20)
  let sum = 0
  let poisson = Math.exp(-lambda) // P(j = 0)
  for (let j = 0; j <= maxJ; j++) {
    if (j > 0) poisson *= lambda / j
    sum += poisson * (1 - (1 - 1 / BLOCK_BITS) ** (k * j)) ** k
  }
  return sum
}
const SEED = 0xb10f

export class BloomFilter {
  readonly bitCount: number
  readonly hashCount: number
  readonly capacity: number
  readonly targetFpr: number
  readonly seed: number
  readonly bits: Uint32Array
  /** Items added (duplicates included). */
  count = 0

  constructor(capacity: number, targetFpr = 0.01, seed = SEED) {
    const n = Math.max(1, Math.floor(Number.isFinite(capacity) ? capacity : 1))
    const p = Number.isFinite(targetFpr) && targetFpr > 0 && targetFpr < 1 ? targetFpr : 0.01
    const ideal = Math.ceil((-n * Math.log(p)) / (LN2 * LN2))
    const k = Math.max(1, Math.min(30, Math.round((ideal / n) * LN2)))
    // Grow by 5 % steps (at most 40) until the blocked rate meets the target.
    let m = Math.max(BLOCK_BITS, ideal)
    for (let step = 0; step < 40 && m < MAX_BITS && blockedFpr(n, m, k) > p; step++) m = Math.ceil(m * 1.05)
    this.bitCount = Math.ceil(Math.min(MAX_BITS, m) / BLOCK_BITS) * BLOCK_BITS
    this.hashCount = k
    this.capacity = n
    this.targetFpr = p
    this.seed = seed >>> 0
    this.bits = new Uint32Array(this.bitCount / 32)
  }

  /** Adds the pair; returns true when it was (probably) not there before. */
  add(a: number, b = 0): boolean {
    return this.addHashed(hashPair(a, b, SEED), hashPair(a, b, SEED ^ 0x7f4a7c15))
  }

  has(a: number, b = 0): boolean {
    return this.hasHashed(hashPair(a, b, SEED), hashPair(a, b, SEED ^ 0x7f4a7c15))
  }

  /**
   * add() with the item's two base hashes already computed. The filter's seed is mixed in here, so filters
   * with different seeds (the stages of a ScalableBloomFilter) place the same item independently.
   */
  addHashed(h1: number, h2: number): boolean {
    const bits = this.bits
    const base = (fmix32(h1 ^ this.seed) % (this.bitCount / BLOCK_BITS)) * BLOCK_WORDS
    // Bit positions are 9-bit slices of a hash stream: three per word, a fresh word every three (double
    // hashing inside 512 bits repeats patterns too often and measurably raises the false-positive rate).
    let g = fmix32(h2 + this.seed)
    let fresh = false
    for (let i = 0; i < this.hashCount; i++) {
      const slice = i % 3
      if (slice === 0 && i > 0) g = fmix32(g + 0x9e3779b9)
      const bit = (g >>> (9 * slice)) & (BLOCK_BITS - 1)
      const word = base + (bit >>> 5)
      const mask = 1 << (bit & 31)
      if ((bits[word] & mask) === 0) {
        bits[word] |= mask
        fresh = true
      }
    }
    if (fresh) this.count++
    return fresh
  }

  hasHashed(h1: number, h2: number): boolean {
    const bits = this.bits
    const base = (fmix32(h1 ^ this.seed) % (this.bitCount / BLOCK_BITS)) * BLOCK_WORDS
    let g = fmix32(h2 + this.seed)
    for (let i = 0; i < this.hashCount; i++) {
      const slice = i % 3
      if (slice === 0 && i > 0) g = fmix32(g + 0x9e3779b9)
      const bit = (g >>> (9 * slice)) & (BLOCK_BITS - 1)
      if ((bits[base + (bit >>> 5)] & (1 << (bit & 31))) === 0) return false
    }
    return true
  }

  /** False-positive rate implied by the bits actually set: the mean over blocks of (set in block / 512)^k. */
  estimatedFpr(): number {
    const blocks = this.bitCount / BLOCK_BITS
    let sum = 0
    for (let b = 0; b < blocks; b++) {
      let set = 0
      for (let w = 0; w < BLOCK_WORDS; w++) set += popcount(this.bits[b * BLOCK_WORDS + w])
      sum += (set / BLOCK_BITS) ** this.hashCount
    }
    return sum / blocks
  }

  merge(other: BloomFilter): void {
    if (other.bitCount !== this.bitCount || other.hashCount !== this.hashCount || other.seed !== this.seed) {
      throw new RangeError('Bloom filters differ in shape or seed')
    }
    for (let i = 0; i < this.bits.length; i++) this.bits[i] |= other.bits[i]
    this.count += other.count
  }
}

export class ScalableBloomFilter {
  private readonly filters: BloomFilter[] = []
  readonly targetFpr: number
  /** Stages at most: past the last one's capacity it keeps filling and its false-positive rate rises. */
  readonly maxStages: number

  constructor(initialCapacity = 1 << 16, targetFpr = 0.01, maxStages = 32) {
    this.targetFpr = Number.isFinite(targetFpr) && targetFpr > 0 && targetFpr < 1 ? targetFpr : 0.01
    this.maxStages = Math.max(1, Math.floor(Number.isFinite(maxStages) ? maxStages : 1))
    this.filters.push(new BloomFilter(initialCapacity, this.targetFpr / 2, SEED))
  }

  /** Adds the pair; returns true when it was (probably) not seen before. */
  add(a: number, b = 0): boolean {
    // The two base hashes are computed once; each stage mixes in its own seed.
    const h1 = hashPair(a, b, SEED)
    const h2 = hashPair(a, b, SEED ^ 0x7f4a7c15)
    const filters = this.filters
    for (let i = 0; i < filters.length; i++) if (filters[i].hasHashed(h1, h2)) return false
    let last = filters[filters.length - 1]
    if (last.count >= last.capacity && last.bitCount < MAX_BITS && filters.length < this.maxStages) {
      // Stage i has target p/2^(i+1): the sum over stages stays below p.
      last = new BloomFilter(last.capacity * 2, last.targetFpr / 2, SEED + filters.length * 0x9e3779b9)
      filters.push(last)
    }
    last.addHashed(h1, h2)
    return true
  }

  has(a: number, b = 0): boolean {
    const h1 = hashPair(a, b, SEED)
    const h2 = hashPair(a, b, SEED ^ 0x7f4a7c15)
    for (const f of this.filters) if (f.hasHashed(h1, h2)) return true
    return false
  }

  get count(): number {
    let n = 0
    for (const f of this.filters) n += f.count
    return n
  }

  get stages(): number {
    return this.filters.length
  }

  /** Upper bound of the compound false-positive rate from each stage's fill: 1 - prod(1 - fpr_i). */
  estimatedFpr(): number {
    let pass = 1
    for (const f of this.filters) pass *= 1 - f.estimatedFpr()
    return 1 - pass
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff
}
