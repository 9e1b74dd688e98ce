/**
 * A set of unordered pairs of uint32 ids (a, b) == (b, a), in typed arrays. Used to count distinct address
 * pairs (conversations) without a string or object per packet.
 *
 * Bounded like the other tables: exact up to `maxPairs` pairs (default 2^18, a table of at most 4.5 MB), then
 * pairs that are not in the table go to a HyperLogLog (lib/hyperloglog.ts, 16 KiB, 0.8 % standard error) and
 * `size` becomes the table's pairs plus that sketch's estimate, with `estimated` set. A pair is counted by the
 * sketch only when it is absent from the table, so no pair is counted twice. (Ten million flows between
 * distinct hosts cost 288 MB uncapped.)
 */
import { HyperLogLog } from './hyperloglog.ts'

/** Pairs stored exactly before the count becomes an estimate. */
export const DEFAULT_MAX_PAIRS = 1 << 18

/** Precision of the sketch behind the count past the cap: 2^14 registers, relative standard error 0.8 %. */
const OVERFLOW_PRECISION = 14

/** Entries of the direct-mapped cache of recently added pairs (a power of two; 16 KB, stays in L1/L2). */
const RECENT_BITS = 11

export class PairSet {
  private keys = new Uint32Array(2 * 4096)
  private used = new Uint8Array(4096)
  private mask = 4095
  /** Pairs in the table. */
  private stored = 0
  readonly maxPairs: number
  /** Distinct pairs that did not fit in the table; null until one did not. */
  private overflow: HyperLogLog | null = null
  /**
   * Pairs added a moment ago (as int32), consulted before the table: a capture's
   * packets keep repeating the pairs of its open conversations, while the table, once it holds tens of thousands
   * of pairs, is probed at random far outside the CPU caches. Pairs are never removed, so a hit is always
   * right. Starts filled with (1, 0), which no stored pair can be (a <= b). Entry c is recent[2c] (a) and
   * recent[2c + 1] (b), side by side so that a lookup touches one cache line, not one in each of two arrays.
   */
  private readonly recent = initialRecent()

  constructor(maxPairs = DEFAULT_MAX_PAIRS) {
    this.maxPairs = Number.isFinite(maxPairs) && maxPairs >= 1 ? Math.floor(maxPairs) : DEFAULT_MAX_PAIRS
  }

  /** Distinct pairs added: exact while `estimated` is false, else the table's pairs plus the sketch's estimate. */
  get size(): number {
    return this.overflow === null ? this.stored : this.stored + Math.round(this.overflow.estimate())
  }

  /** True once a pair arrived with the table full: `size` is then an estimate. */
  get estimated(): boolean {
    return this.overflow !== null
  }

  /**
   * Adds the pair; returns true when it was new. Past the cap, a pair not in the table goes to the sketch and
   * true means only that the sketch changed.
   */
  add(x: number, y: number): boolean {
    const a = x < y ? x >>> 0 : y >>> 0
    const b = x < y ? y >>> 0 : x >>> 0
    const h = pairHash(a, b)
    const c = (h >>> (32 - RECENT_BITS)) << 1
    const recent = this.recent
    if (recent[c] === (a | 0) && recent[c + 1] === (b | 0)) return false
    recent[c] = a
    recent[c + 1] = b
    return this.insert(a, b, h)
  }

  /** Puts the normalised pair (a <= b, hash h) in the table unless present (or in the sketch when full). */
  private insert(a: number, b: number, h: number): boolean {
    const mask = this.mask
    // The table is at most half full, so this loop ends at an empty slot within mask + 1 steps.
    for (let i = h & mask; ; i = (i + 1) & mask) {
      if (this.used[i] === 0) {
        if (this.stored >= this.maxPairs) return this.addOverflow(h)
        this.used[i] = 1
        this.keys[2 * i] = a
        this.keys[2 * i + 1] = b
        this.stored++
        // Full tables stop growing: past the cap no pair is stored, so the load stays at most one half.
        if (this.stored * 2 > mask && this.stored < this.maxPairs) this.grow()
        return true
      }
      if (this.keys[2 * i] === a && this.keys[2 * i + 1] === b) return false
    }
  }

  private addOverflow(h: number): boolean {
    this.overflow ??= new HyperLogLog(OVERFLOW_PRECISION)
    return this.overflow.add(h)
  }

  /** Whether the pair is in the table (past the cap, a pair counted only by the sketch reads as absent). */
  has(x: number, y: number): boolean {
    const a = x < y ? x >>> 0 : y >>> 0
    const b = x < y ? y >>> 0 : x >>> 0
    const h = pairHash(a, b)
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      if (this.used[i] === 0) return false
      if (this.keys[2 * i] === a && this.keys[2 * i + 1] === b) return true
    }
  }

  /** Calls fn(a, b) for every pair in the table, a <= b (past the cap, the sketched pairs are not listed). */
  forEach(fn: (a: number, b: number) => void): void {
    for (let i = 0; i <= this.mask; i++) if (this.used[i]) fn(this.keys[2 * i], this.keys[2 * i + 1])
  }

  private grow(): void {
    const oldKeys = this.keys
    const oldUsed = this.used
    const cap = oldUsed.length * 2
    this.keys = new Uint32Array(2 * cap)
    this.used = new Uint8Array(cap)
    this.mask = cap - 1
    this.stored = 0
    for (let i = 0; i < oldUsed.length; i++) if (oldUsed[i]) this.insert(oldKeys[2 * i], oldKeys[2 * i + 1], pairHash(oldKeys[2 * i], oldKeys[2 * i + 1]))
  }
}

/** The recent-pairs cache with every entry (1, 0). */
function initialRecent(): Int32Array {
  const recent = new Int32Array(2 << RECENT_BITS)
  for (let c = 0; c < recent.length; c += 2) recent[c] = 1
  return recent
}

/** Hash of a normalised pair (a <= b). */
function pairHash(a: number, b: number): number {
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ (b >>> 16), 0x85ebca6b)
  return h ^ (h >>> 13)
}
