/**
 * Seeded randomness for scenarios: a scenario run with the same seed produces the same bytes, so a class can
 * replay it. mulberry32 (Tommy Ettinger's 32-bit generator, public domain) is small, fast and good enough for
 * traffic shapes; seeds are mixed with fmix32 so neighbouring seeds give unrelated streams.
 */
import { fmix32 } from '../../lib/hash.ts'

export class Random {
  private s: number

  constructor(seed: number) {
    this.s = fmix32((seed >>> 0) ^ 0x9e3779b9) || 1
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0
    let x = this.s
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }

  /** Integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo)
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  /** Shuffles the first `share` of swaps of a Fisher-Yates pass: 0 keeps the order, 1 shuffles fully. */
  shuffle<T>(items: T[], share = 1): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      if (this.next() >= share) continue
      const j = Math.floor(this.next() * (i + 1))
      const t = items[i]
      items[i] = items[j]
      items[j] = t
    }
    return items
  }

  /** Random bytes (payload stand-ins). */
  fill(buf: Uint8Array): Uint8Array {
    for (let i = 0; i < buf.length; i++) buf[i] = (this.next() * 256) | 0
    return buf
  }
}

/** A seed derived from a set seed and a scenario's own seed or position. */
export function deriveSeed(setSeed: number, own: number | null, index: number): number {
  return fmix32((setSeed >>> 0) ^ fmix32(own === null ? index + 0x51ed : own >>> 0))
}
