/**
 * IO graph series (Wireshark Statistics > I/O Graphs, `tshark -z io,stat,<interval>`): packets, bytes and
 * flows started per time bucket, at any bucket size asked for after the read.
 *
 * A fine base series is kept and re-bucketed on request. Its bucket starts at 1 ms and coarsens along BASE_LADDER
 * whenever the capture would need more than `maxBuckets` buckets; every rung is an integer multiple of the one
 * before, so coarsening merges whole buckets and loses nothing. Memory is therefore at most maxBuckets x 3
 * doubles (2.4 MB for 100,000), and the resolution is about capture length / maxBuckets or finer.
 * Buckets are aligned to whole seconds: the origin is the first packet's time rounded down to a second.
 * A packet earlier than the origin (time going backwards) is counted in bucket 0 and in `beforeOrigin`.
 */
import type { PacketBatch } from '../model/packet-batch.ts'

/** Base bucket sizes in seconds; each is an integer multiple of its predecessor. */
export const BASE_LADDER: readonly number[] = [
  0.001, 0.002, 0.01, 0.02, 0.1, 0.2, 1, 2, 10, 20, 60, 120, 600, 1200, 3600, 7200, 86400, 172800, 864000,
  8640000, 86400000, 864000000, 8640000000, 86400000000,
]

export interface IoSeries {
  /** Seconds since the epoch of the first bucket's start. */
  readonly start: number
  /** The bucket size actually used (the requested one rounded to a multiple of the base bucket). */
  readonly bucketSeconds: number
  readonly packets: Float64Array
  readonly bytes: Float64Array
  readonly flowsStarted: Float64Array
}

export class IoGraph {
  readonly maxBuckets: number
  origin = NaN
  private rung = 0
  /** BASE_LADDER[rung], the base bucket in seconds. */
  private base = BASE_LADDER[0]
  /** Buckets in use: index of the last touched bucket + 1. */
  used = 0
  beforeOrigin = 0
  private packets = new Float64Array(1024)
  private bytes = new Float64Array(1024)
  private flows = new Float64Array(1024)

  constructor(maxBuckets = 100_000) {
    this.maxBuckets = Math.max(16, Math.floor(maxBuckets))
  }

  get baseSeconds(): number {
    return BASE_LADDER[this.rung]
  }

  /** Adds every packet of the batch. */
  consume(batch: PacketBatch): void {
    const { time, origLen } = batch
    for (let i = 0; i < batch.count; i++) {
      const t = time[i]
      // The common case inline (a bucket already in use); the first packet, NaN, growth and coarsening go
      // through addPacket. A NaN origin or time makes j NaN, which fails both tests.
      const j = Math.floor((t - this.origin) / this.base)
      if (j >= 0 && j < this.packets.length) {
        // A bucket within the arrays (which never exceed maxBuckets): no coarsening or growth needed.
        if (j >= this.used) this.used = j + 1
        this.packets[j]++
        this.bytes[j] += origLen[i]
      } else this.addPacket(t, origLen[i])
    }
  }

  /** Adds one packet (time in seconds since the epoch, bytes on the wire). */
  addPacket(time: number, bytes: number): void {
    const i = this.indexFor(time)
    if (i < 0) return
    this.packets[i]++
    this.bytes[i] += bytes
  }

  addFlowStart(time: number): void {
    const i = this.indexFor(time)
    if (i >= 0) this.flows[i]++
  }

  private indexFor(time: number): number {
    if (!Number.isFinite(time)) return -1
    if (Number.isNaN(this.origin)) this.origin = Math.floor(time)
    let i = Math.floor((time - this.origin) / BASE_LADDER[this.rung])
    if (i < 0) {
      this.beforeOrigin++
      i = 0
    }
    // Coarsen until the bucket fits (at most the ladder's length steps); past the last rung, clamp.
    while (i >= this.maxBuckets && this.rung < BASE_LADDER.length - 1) {
      this.coarsen()
      i = Math.max(0, Math.floor((time - this.origin) / BASE_LADDER[this.rung]))
    }
    if (i >= this.maxBuckets) i = this.maxBuckets - 1
    if (i >= this.packets.length) this.growTo(i + 1)
    if (i >= this.used) this.used = i + 1
    return i
  }

  private growTo(n: number): void {
    const cap = Math.min(this.maxBuckets, Math.max(n, this.packets.length * 2))
    const grow = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(cap)
      b.set(a)
      return b
    }
    this.packets = grow(this.packets)
    this.bytes = grow(this.bytes)
    this.flows = grow(this.flows)
  }

  /** Moves to the next rung, merging each group of `factor` buckets into one, in place. */
  private coarsen(): void {
    const factor = Math.round(BASE_LADDER[this.rung + 1] / BASE_LADDER[this.rung])
    this.rung++
    this.base = BASE_LADDER[this.rung]
    const used = this.used
    const merged = Math.ceil(used / factor)
    for (const a of [this.packets, this.bytes, this.flows]) {
      for (let j = 0; j < merged; j++) {
        let s = 0
        const end = Math.min(used, (j + 1) * factor)
        for (let k = j * factor; k < end; k++) s += a[k]
        a[j] = s
      }
      a.fill(0, merged, used)
    }
    this.used = merged
  }

  /**
   * The series at `bucketSeconds` (rounded to a whole number of base buckets, at least one), capped at
   * `maxPoints` buckets by widening the bucket further when needed (chart-sized output).
   */
  series(bucketSeconds: number, maxPoints = 100_000): IoSeries {
    const base = this.baseSeconds
    let factor = Math.max(1, Math.round((Number.isFinite(bucketSeconds) && bucketSeconds > 0 ? bucketSeconds : base) / base))
    const cap = Math.max(1, Math.floor(maxPoints))
    if (Math.ceil(this.used / factor) > cap) factor = Math.ceil(this.used / cap)
    const n = this.used === 0 ? 0 : Math.ceil(this.used / factor)
    const out = { packets: new Float64Array(n), bytes: new Float64Array(n), flowsStarted: new Float64Array(n) }
    for (let i = 0; i < this.used; i++) {
      const j = Math.floor(i / factor)
      out.packets[j] += this.packets[i]
      out.bytes[j] += this.bytes[i]
      out.flowsStarted[j] += this.flows[i]
    }
    return { start: Number.isNaN(this.origin) ? 0 : this.origin, bucketSeconds: factor * base, ...out }
  }
}
