/**
 * Distinct values per host and window, at every window size at once: e.g. distinct destination hosts (or
 * ports) each source contacted in each 1 s, 10 s and 60 s window.
 *
 * One open-addressing table holds the (host, value) pairs seen in the open 60 s window. Each entry keeps, per
 * level, the serial number of the window in which it was last seen, so one probe answers "new in this 1 s
 * window? in this 10 s window?" (windows nest, so a pair seen in the open 1 s window was seen in the open 10 s
 * and 60 s windows too). The coarsest stamp doubles as the entry's liveness: when the 60 s window changes, every
 * entry is stale at once, with no clearing. A two-entry memo skips the probe for the back-and-forth packets of
 * one conversation.
 *
 * Exact up to `maxEntries` pairs per 60 s window; past that, pairs not in the table go to a HyperLogLog per
 * (level, host) (a pair absent from the table cannot repeat one in it, so count = exact + sketch estimate),
 * from a pool capped per level. Values beyond the pool are counted in `untracked`.
 */
import { hashPair } from '../lib/hash.ts'
import { HyperLogLog } from '../lib/hyperloglog.ts'

export class WindowPairs {
  readonly levels: number
  readonly maxEntries: number
  readonly sketchPrecision: number
  readonly maxSketchesPerLevel: number
  /** Serial of each level's open window; -1 for a level no longer computed. Set through openWindow/dropLevel. */
  readonly serials: Int32Array
  /** Values that found neither room in the table nor a sketch (counts are low by this much at most). */
  untracked = 0
  private readonly stride: number
  private slots: Int32Array
  private mask: number
  private live = 0
  private liveEpoch = 0
  private first = 0
  private readonly cnt: Uint32Array[] = []
  private readonly cntStamp: Int32Array[] = []
  private readonly sketchOf: Int32Array[] = []
  private readonly sketchStamp: Int32Array[] = []
  private readonly pools: HyperLogLog[][] = []
  private readonly poolUsed: number[] = []
  private memoKey0 = -1
  private memoVal0 = -1
  private memoKey1 = -1
  private memoVal1 = -1
  private memoNext = 0

  constructor(levels = 3, maxEntries = 1 << 19, sketchPrecision = 10, maxSketchesPerLevel = 4096) {
    this.levels = Math.max(1, Math.floor(levels))
    this.maxEntries = Math.max(16, Math.floor(maxEntries))
    this.sketchPrecision = sketchPrecision
    this.maxSketchesPerLevel = Math.max(0, Math.floor(maxSketchesPerLevel))
    // Entry: key, value, then one stamp per level; the last stamp is the liveness epoch.
    this.stride = 2 + this.levels
    this.slots = new Int32Array(1024 * this.stride)
    this.mask = 1023
    this.serials = new Int32Array(this.levels)
    for (let k = 0; k < this.levels; k++) {
      this.cnt.push(new Uint32Array(1024))
      this.cntStamp.push(new Int32Array(1024))
      this.sketchOf.push(new Int32Array(1024))
      this.sketchStamp.push(new Int32Array(1024))
      this.pools.push([])
      this.poolUsed.push(0)
    }
  }

  /** Relative standard error of the sketched part of a count. */
  get sketchError(): number {
    return 1.04 / Math.sqrt(2 ** this.sketchPrecision)
  }

  /** Makes the per-host arrays cover ids below n. */
  ensureHosts(n: number): void {
    if (n <= this.cnt[0].length) return
    let cap = this.cnt[0].length
    while (cap < n) cap *= 2
    for (let k = 0; k < this.levels; k++) {
      const c = new Uint32Array(cap)
      c.set(this.cnt[k])
      this.cnt[k] = c
      for (const arr of [this.cntStamp, this.sketchOf, this.sketchStamp]) {
        const b = new Int32Array(cap)
        b.set(arr[k])
        arr[k] = b
      }
    }
  }

  /** Level k opened a window with this serial (serials start at 1 and only grow). */
  openWindow(k: number, serial: number): void {
    this.serials[k] = serial
    const pool = this.pools[k]
    for (let s = 0; s < this.poolUsed[k]; s++) pool[s].clear()
    this.poolUsed[k] = 0
    this.memoKey0 = this.memoKey1 = -1
  }

  /** Level k is no longer computed (only ever the finest one). */
  dropLevel(k: number): void {
    this.serials[k] = -1
    if (k === this.first) this.first = k + 1
  }

  /**
   * Adds the pair (key, value) to the open windows. Returns true when it is new in the open window of the
   * coarsest level (or may be: a pair past the table's capacity), which is the only case in which it can be
   * new in the whole capture.
   */
  add(key: number, value: number): boolean {
    if ((key === this.memoKey0 && value === this.memoVal0) || (key === this.memoKey1 && value === this.memoVal1)) return false
    const L = this.levels
    const S = this.stride
    const serials = this.serials
    const epoch = serials[L - 1]
    if (epoch <= 0) return false // no window open yet
    if (epoch !== this.liveEpoch) {
      this.liveEpoch = epoch
      this.live = 0
    }
    const slots = this.slots
    const mask = this.mask
    let i = hashPair(key, value) & mask
    for (;;) {
      const b = i * S
      if (slots[b + S - 1] !== epoch) break
      if (slots[b] === key && slots[b + 1] === value) {
        this.remember(key, value)
        for (let k = this.first; k < L - 1; k++) {
          if (slots[b + 2 + k] === serials[k]) return false
          slots[b + 2 + k] = serials[k]
          this.countNew(k, key)
        }
        return false
      }
      i = (i + 1) & mask
    }
    if (this.live >= this.maxEntries) {
      this.overflow(key, value)
      return true
    }
    const b = i * S
    slots[b] = key
    slots[b + 1] = value
    for (let k = 0; k < L; k++) slots[b + 2 + k] = serials[k]
    for (let k = this.first; k < L; k++) this.countNew(k, key)
    this.remember(key, value)
    if (++this.live * 2 > mask) this.rehash()
    return true
  }

  /** Distinct values of key in level k's open window. */
  count(k: number, key: number): number {
    if (key >= this.cnt[k].length) return 0
    const serial = this.serials[k]
    let n = this.cntStamp[k][key] === serial ? this.cnt[k][key] : 0
    if (this.sketchStamp[k][key] === serial) n += Math.round(this.pools[k][this.sketchOf[k][key]].estimate())
    return n
  }

  private remember(key: number, value: number): void {
    if (this.memoNext === 0) {
      this.memoKey0 = key
      this.memoVal0 = value
    } else {
      this.memoKey1 = key
      this.memoVal1 = value
    }
    this.memoNext ^= 1
  }

  private countNew(k: number, key: number): void {
    const serial = this.serials[k]
    if (this.cntStamp[k][key] !== serial) {
      this.cntStamp[k][key] = serial
      this.cnt[k][key] = 1
    } else this.cnt[k][key]++
  }

  private overflow(key: number, value: number): void {
    for (let k = this.first; k < this.levels; k++) {
      const serial = this.serials[k]
      let s: number
      if (this.sketchStamp[k][key] === serial) s = this.sketchOf[k][key]
      else {
        if (this.poolUsed[k] >= this.maxSketchesPerLevel) {
          this.untracked++
          continue
        }
        s = this.poolUsed[k]++
        if (s >= this.pools[k].length) this.pools[k].push(new HyperLogLog(this.sketchPrecision))
        this.sketchStamp[k][key] = serial
        this.sketchOf[k][key] = s
      }
      this.pools[k][s].add(value)
    }
  }

  private rehash(): void {
    const S = this.stride
    const old = this.slots
    const oldCap = this.mask + 1
    const cap = oldCap * 2
    const slots = new Int32Array(cap * S)
    const mask = cap - 1
    const epoch = this.liveEpoch
    for (let j = 0; j < oldCap; j++) {
      const ob = j * S
      if (old[ob + S - 1] !== epoch) continue
      let i = hashPair(old[ob], old[ob + 1]) & mask
      while (slots[i * S + S - 1] === epoch) i = (i + 1) & mask
      const nb = i * S
      for (let k = 0; k < S; k++) slots[nb + k] = old[ob + k]
    }
    this.slots = slots
    this.mask = mask
  }
}
