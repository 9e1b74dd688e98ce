/**
 * The frames a scenario run produced, kept compactly until they are merged into the traffic: times (microseconds
 * since the epoch, as FrameSink speaks) in a Float64Array, the bytes of all frames back to back in one growing pool, and one Uint16 label per frame
 * (0 = ordinary traffic the scenario needed as context, k = scenario k of the set, 1-based). No object per
 * frame. Frames are appended in any time order; `order()` gives them sorted by time (stable, so frames with
 * equal times keep the order they were crafted in: a SYN before its SYN-ACK).
 */
import type { FrameSink } from '../craft/frame-sink.ts'

/** Hard cap on attack frames of one set: a scenario file cannot make nettwin allocate without bound. */
export const MAX_ATTACK_FRAMES = 2_000_000
/** Hard cap on the bytes of those frames (a bulk exfiltration at high intensity is the big one): a browser tab must survive it. */
export const MAX_ATTACK_BYTES = 256 * 1024 * 1024

export class AttackFrames {
  count = 0
  /** Frames that were not stored because a cap was reached. */
  dropped = 0
  timeUs = new Float64Array(1024)
  offset = new Float64Array(1024)
  length = new Uint32Array(1024)
  label = new Uint16Array(1024)
  private pool = new Uint8Array(1 << 16)
  private used = 0

  /** Appends a copy of data[0, length) (views are fine: the crafter's buffer is reused right after). */
  add(timeUs: number, data: Uint8Array, length: number, label: number): boolean {
    if (this.count >= MAX_ATTACK_FRAMES || this.used + length > MAX_ATTACK_BYTES || !Number.isFinite(timeUs) || length > data.length) {
      this.dropped++
      return false
    }
    if (this.count === this.timeUs.length) this.growRows()
    if (this.used + length > this.pool.length) this.growPool(this.used + length)
    const i = this.count++
    this.timeUs[i] = timeUs
    this.offset[i] = this.used
    this.length[i] = length
    this.label[i] = label
    this.pool.set(length === data.length ? data : data.subarray(0, length), this.used)
    this.used += length
    return true
  }

  /** A FrameSink that appends here with a fixed label (what a scenario generator writes into). */
  sink(label: number): FrameSink {
    return { frame: (timeUs, data, length) => void this.add(timeUs, data, length, label) }
  }

  /** The bytes of frame i (a view into the pool, valid until the next add). */
  bytes(i: number): Uint8Array {
    const at = this.offset[i]
    return this.pool.subarray(at, at + this.length[i])
  }

  get totalBytes(): number {
    return this.used
  }

  /** Frame indices sorted by time; ties keep insertion order. */
  order(): Uint32Array {
    const idx = new Uint32Array(this.count)
    for (let i = 0; i < idx.length; i++) idx[i] = i
    const t = this.timeUs
    // Array.prototype.sort is stable (ES2019); typed-array sort is too, but sorting by a key needs the comparator.
    const sorted = Array.from(idx).sort((a, b) => t[a] - t[b] || a - b)
    return Uint32Array.from(sorted)
  }

  private growRows(): void {
    const n = this.timeUs.length * 2
    const grow = <T extends Float64Array | Uint32Array | Uint16Array>(a: T, make: (n: number) => T): T => {
      const b = make(n)
      b.set(a)
      return b
    }
    this.timeUs = grow(this.timeUs, (k) => new Float64Array(k))
    this.offset = grow(this.offset, (k) => new Float64Array(k))
    this.length = grow(this.length, (k) => new Uint32Array(k))
    this.label = grow(this.label, (k) => new Uint16Array(k))
  }

  private growPool(need: number): void {
    let n = this.pool.length * 2
    while (n < need) n *= 2
    const b = new Uint8Array(Math.min(n, MAX_ATTACK_BYTES))
    b.set(this.pool.subarray(0, this.used))
    this.pool = b
  }
}
