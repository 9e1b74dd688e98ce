/**
 * Packets per service port in the open window of one level (window-level.ts): counted per packet, added into
 * the coarser level's open window when a window closes, and cut to the TOP_PORTS busiest when it closes.
 * Counts live in an array indexed by port key and only the keys seen are visited, so opening, rolling up and
 * closing cost per port seen, not per possible port.
 */
import { TOP_PORTS } from './window-columns.ts'

/** Port keys: TCP and UDP ports side by side (see windows.ts). */
export const PORT_KEYS = 131072

export class ServiceTally {
  private readonly counts = new Uint32Array(PORT_KEYS)
  /** Keys with a non-zero count, in the order first seen. */
  private readonly seen = new Int32Array(PORT_KEYS)
  private seenCount = 0

  /** Counts one packet to service port key `key`. */
  add(key: number): void {
    if (this.counts[key]++ === 0) this.seen[this.seenCount++] = key
  }

  /** Adds this window's counts to `next` (the coarser level's open window). */
  rollInto(next: ServiceTally): void {
    for (let k = 0; k < this.seenCount; k++) {
      const key = this.seen[k]
      if (next.counts[key] === 0) next.seen[next.seenCount++] = key
      next.counts[key] += this.counts[key]
    }
  }

  /**
   * Writes the TOP_PORTS busiest (key, count) pairs, ties by lower key, to tp from `base` ((-1, 0) where fewer
   * were seen) and zeroes the counts for the next window.
   */
  takeTop(tp: Float64Array, base: number): void {
    for (let j = 0; j < TOP_PORTS; j++) {
      tp[base + 2 * j] = -1
      tp[base + 2 * j + 1] = 0
    }
    for (let k = 0; k < this.seenCount; k++) {
      const key = this.seen[k]
      const c = this.counts[key]
      this.counts[key] = 0
      // Insertion into a short list sorted by count, ties by lower key.
      let j = TOP_PORTS
      while (j > 0 && (c > tp[base + 2 * (j - 1) + 1] || (c === tp[base + 2 * (j - 1) + 1] && key < tp[base + 2 * (j - 1)]))) j--
      if (j >= TOP_PORTS) continue
      for (let m = TOP_PORTS - 1; m > j; m--) {
        tp[base + 2 * m] = tp[base + 2 * (m - 1)]
        tp[base + 2 * m + 1] = tp[base + 2 * (m - 1) + 1]
      }
      tp[base + 2 * j] = key
      tp[base + 2 * j + 1] = c
    }
    this.seenCount = 0
  }
}
