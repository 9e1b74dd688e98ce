/**
 * Distinct values per key within one epoch (one time window): e.g. distinct destination hosts per source host.
 * Exact while a key has fewer than `threshold` values: (key, value) pairs live in an open-addressing set, and
 * each key's values are chained so they can be replayed. When a key reaches the threshold it is promoted to
 * a HyperLogLog (its chained values are replayed into it) and its further values go only to the sketch, so a
 * scanner that touches a million ports costs one sketch, not a million set entries.
 *
 * Keys are dense ids (address ids): per-key state is in arrays indexed by key and stamped with the epoch, and
 * set slots are stamped too, so starting a new epoch is O(1) (plus zeroing the sketches that were used).
 */
import { hashPair } from '../lib/hash.ts'
import { HyperLogLog } from '../lib/hyperloglog.ts'

export class DistinctPerKey {
  readonly threshold: number
  readonly hllPrecision: number
  readonly maxPromoted: number
  private epoch = 1
  private keyEpoch = new Int32Array(1024)
  private keyCount = new Uint32Array(1024)
  private keyHead = new Int32Array(1024)
  private keySketch = new Int32Array(1024)
  private entryValue = new Uint32Array(1024)
  private entryNext = new Int32Array(1024)
  private entryKey = new Uint32Array(1024)
  private entries = 0
  /** Slot -> entry index; a slot is in use only when its stamp equals the epoch. */
  private slotEntry = new Int32Array(2048)
  private slotEpoch = new Int32Array(2048)
  private mask = 2047
  private readonly sketches: HyperLogLog[] = []
  private promoted = 0

  constructor(threshold = 128, hllPrecision = 10, maxPromoted = 4096) {
    this.threshold = Math.max(1, Math.floor(threshold))
    this.hllPrecision = hllPrecision
    this.maxPromoted = Math.max(0, Math.floor(maxPromoted))
  }

  /** Relative standard error of the counts of promoted keys. */
  get sketchError(): number {
    return 1.04 / Math.sqrt(2 ** this.hllPrecision)
  }

  /** Keys promoted to a sketch in this epoch. */
  get promotedKeys(): number {
    return this.promoted
  }

  /**
   * Adds value for key. Returns true when the value is new for the key in this epoch, or when the key is
   * sketched and newness is unknown (callers that use the answer as a filter must treat "maybe" as new).
   */
  add(key: number, value: number): boolean {
    if (key >= this.keyEpoch.length) this.growKeys(key + 1)
    if (this.keyEpoch[key] !== this.epoch) {
      this.keyEpoch[key] = this.epoch
      this.keyCount[key] = 0
      this.keyHead[key] = -1
      this.keySketch[key] = -1
    }
    const sk = this.keySketch[key]
    if (sk >= 0) {
      this.sketches[sk].add(value)
      return true
    }
    const mask = this.mask
    let i = hashPair(key, value) & mask
    for (;;) {
      if (this.slotEpoch[i] !== this.epoch) break
      const e = this.slotEntry[i]
      if (this.entryKey[e] === key && this.entryValue[e] === value >>> 0) return false
      i = (i + 1) & mask
    }
    const e = this.entries++
    if (e >= this.entryValue.length) this.growEntries()
    this.entryKey[e] = key
    this.entryValue[e] = value
    this.entryNext[e] = this.keyHead[key]
    this.keyHead[key] = e
    this.slotEpoch[i] = this.epoch
    this.slotEntry[i] = e
    if (this.entries * 2 > mask) this.rehash()
    const c = ++this.keyCount[key]
    if (c >= this.threshold && this.promoted < this.maxPromoted) this.promote(key)
    return true
  }

  /** Distinct values of key in this epoch (exact below the threshold, else a HyperLogLog estimate). */
  count(key: number): number {
    if (key >= this.keyEpoch.length || this.keyEpoch[key] !== this.epoch) return 0
    const sk = this.keySketch[key]
    if (sk < 0) return this.keyCount[key]
    return Math.max(this.keyCount[key], Math.round(this.sketches[sk].estimate()))
  }

  isSketched(key: number): boolean {
    return key < this.keyEpoch.length && this.keyEpoch[key] === this.epoch && this.keySketch[key] >= 0
  }

  /** Starts a new epoch: every key has zero values again. */
  reset(): void {
    for (let s = 0; s < this.promoted; s++) this.sketches[s].clear()
    this.promoted = 0
    this.entries = 0
    this.epoch++
    if (this.epoch === 0x7fffffff) {
      this.epoch = 1
      this.keyEpoch.fill(0)
      this.slotEpoch.fill(0)
    }
  }

  private promote(key: number): void {
    const s = this.promoted++
    if (s >= this.sketches.length) this.sketches.push(new HyperLogLog(this.hllPrecision))
    const sketch = this.sketches[s]
    // The chain is as long as the threshold; the cap guards against a corrupted link ever looping.
    let steps = 0
    for (let e = this.keyHead[key]; e >= 0 && steps <= this.threshold; e = this.entryNext[e], steps++) sketch.add(this.entryValue[e])
    this.keySketch[key] = s
  }

  private growKeys(n: number): void {
    let cap = this.keyEpoch.length
    while (cap < n) cap *= 2
    const grow = <T extends Int32Array | Uint32Array>(a: T, b: T): T => {
      b.set(a)
      return b
    }
    this.keyEpoch = grow(this.keyEpoch, new Int32Array(cap))
    this.keyCount = grow(this.keyCount, new Uint32Array(cap))
    this.keyHead = grow(this.keyHead, new Int32Array(cap))
    this.keySketch = grow(this.keySketch, new Int32Array(cap))
  }

  private growEntries(): void {
    const cap = this.entryValue.length * 2
    const v = new Uint32Array(cap)
    v.set(this.entryValue)
    const nx = new Int32Array(cap)
    nx.set(this.entryNext)
    const k = new Uint32Array(cap)
    k.set(this.entryKey)
    this.entryValue = v
    this.entryNext = nx
    this.entryKey = k
  }

  private rehash(): void {
    const cap = this.slotEntry.length * 2
    const slotEntry = new Int32Array(cap)
    const slotEpoch = new Int32Array(cap)
    const mask = cap - 1
    for (let e = 0; e < this.entries; e++) {
      let i = hashPair(this.entryKey[e], this.entryValue[e]) & mask
      while (slotEpoch[i] === this.epoch) i = (i + 1) & mask
      slotEpoch[i] = this.epoch
      slotEntry[i] = e
    }
    this.slotEntry = slotEntry
    this.slotEpoch = slotEpoch
    this.mask = mask
  }
}
