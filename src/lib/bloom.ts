/**
 * Bloom filters for "seen before?" questions over uint32 pairs (Bloom 1970). Sized from the expected number of
 * items n and the target false-positive rate p: m = -n ln p / (ln 2)^2 bits and k = (m / n) ln 2 hashes, derived
 * from two hashes by double hashing (Kirsch and Mitzenmacher 2006). No false negatives. Two filters with the same
 * shape and seed merge by OR-ing their bits, which gives exactly the filter of the union.
 *
 * ScalableBloomFilter (Almeida et al. 2007, "Scalable Bloom Filters") chains filters of doubling capacity and
 * halving target rate (p/2, p/4, ...), so the compound false-positive rate stays below p however many items
 * arrive.
 */
import { hashPair } from './hash.ts'

const LN2 = Math.LN2
const MAX_BITS = 1 << 28 // 32 MiB: a cap so an absurd capacity cannot reserve unbounded memory
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
    const m = Math.min(MAX_BITS, Math.max(64, Math.ceil((-n * Math.log(p)) / (LN2 * LN2))))
    this.bitCount = Math.ceil(m / 32) * 32
    this.hashCount = Math.max(1, Math.min(30, Math.round((this.bitCount / n) * LN2)))
    this.capacity = n
    this.targetFpr = p
    this.seed = seed >>> 0
    this.bits = new Uint32Array(this.bitCount / 32)
  }

  /** Adds the pair; returns true when it was (probably) not there before. */
  add(a: number, b = 0): boolean {
    return this.addHashed(hashPair(a, b, this.seed), hashPair(a, b, this.seed ^ 0x7f4a7c15) | 1)
  }

  has(a: number, b = 0): boolean {
    return this.hasHashed(hashPair(a, b, this.seed), hashPair(a, b, this.seed ^ 0x7f4a7c15) | 1)
  }

  /** add() with the item's two hashes already computed (h2 odd). */
  addHashed(h1: number, h2: number): boolean {
    const m = this.bitCount
    const bits = this.bits
    let fresh = false
    for (let i = 0; i < this.hashCount; i++) {
      const bit = ((h1 + Math.imul(i, h2)) >>> 0) % m
      const word = bit >>> 5
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
    const m = this.bitCount
    for (let i = 0; i < this.hashCount; i++) {
      const bit = ((h1 + Math.imul(i, h2)) >>> 0) % m
      if ((this.bits[bit >>> 5] & (1 << (bit & 31))) === 0) return false
    }
    return true
  }

  /** False-positive rate implied by the bits actually set: (set / m)^k. */
  estimatedFpr(): number {
    let set = 0
    for (let i = 0; i < this.bits.length; i++) set += popcount(this.bits[i])
    return (set / this.bitCount) ** this.hashCount
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

  constructor(initialCapacity = 1 << 16, targetFpr = 0.01) {
    this.targetFpr = Number.isFinite(targetFpr) && targetFpr > 0 && targetFpr < 1 ? targetFpr : 0.01
    this.filters.push(new BloomFilter(initialCapacity, this.targetFpr / 2, SEED))
  }

  /** Adds the pair; returns true when it was (probably) not seen before. */
  add(a: number, b = 0): boolean {
    // Every stage shares the seed, so the two hashes are computed once for all of them.
    const h1 = hashPair(a, b, SEED)
    const h2 = hashPair(a, b, SEED ^ 0x7f4a7c15) | 1
    const filters = this.filters
    for (let i = 0; i < filters.length; i++) if (filters[i].hasHashed(h1, h2)) return false
    let last = filters[filters.length - 1]
    if (last.count >= last.capacity && last.bitCount < MAX_BITS) {
      // Stage i has target p/2^(i+1): the sum over stages stays below p.
      last = new BloomFilter(last.capacity * 2, last.targetFpr / 2, SEED)
      filters.push(last)
    }
    last.addHashed(h1, h2)
    return true
  }

  has(a: number, b = 0): boolean {
    const h1 = hashPair(a, b, SEED)
    const h2 = hashPair(a, b, SEED ^ 0x7f4a7c15) | 1
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
