/**
 * A FrameSink that writes classic pcap (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html),
 * little-endian, LINKTYPE_ETHERNET, micro- or nanosecond timestamps. Records are appended to a chunk buffer
 * without a per-record object; each full chunk is handed to `write` (which owns it from then on) and a new
 * one started, so a file of any size streams in chunks.
 */
import type { ClosableFrameSink } from './frame-sink.ts'

export const PCAP_MAGIC_MICRO = 0xa1b2c3d4
export const PCAP_MAGIC_NANO = 0xa1b23c4d
export const LINKTYPE_ETHERNET = 1
const DEFAULT_CHUNK = 1 << 20

export interface PcapSinkOptions {
  readonly nano?: boolean
  readonly snaplen?: number
  /** Bytes per chunk handed to `write` (default 1 MiB; a frame larger than this gets a chunk of its own size). */
  readonly chunkBytes?: number
  /**
   * True when `write` is done with a chunk when it returns (a synchronous file write): the chunk buffer is then
   * reused instead of a new one being allocated for every chunk.
   */
  readonly reuseChunks?: boolean
}

export class PcapFrameSink implements ClosableFrameSink {
  private buf: Uint8Array
  private view: DataView
  private at = 0
  private readonly chunkBytes: number
  private readonly reuse: boolean
  private readonly perSecond: number
  packets = 0
  bytes = 0

  constructor(private readonly write: (chunk: Uint8Array) => void, options: PcapSinkOptions = {}) {
    this.chunkBytes = Math.max(4096, options.chunkBytes ?? DEFAULT_CHUNK)
    this.reuse = options.reuseChunks ?? false
    this.buf = new Uint8Array(this.chunkBytes)
    this.view = new DataView(this.buf.buffer)
    this.perSecond = options.nano ? 1e9 : 1e6
    const v = this.view
    v.setUint32(0, options.nano ? PCAP_MAGIC_NANO : PCAP_MAGIC_MICRO, true) // magic_number
    v.setUint16(4, 2, true) // major_version
    v.setUint16(6, 4, true) // minor_version
    v.setUint32(8, 0, true) // reserved1 (thiszone)
    v.setUint32(12, 0, true) // reserved2 (sigfigs)
    v.setUint32(16, options.snaplen ?? 262144, true) // SnapLen
    v.setUint32(20, LINKTYPE_ETHERNET, true) // LinkType
    this.at = 24
  }

  private flush(need: number): void {
    if (this.at > 0) this.write(this.buf.subarray(0, this.at))
    this.at = 0
    if (this.reuse && need <= this.buf.length) return
    this.buf = new Uint8Array(Math.max(this.chunkBytes, need))
    this.view = new DataView(this.buf.buffer)
  }

  frame(timeUs: number, data: Uint8Array, length: number): void {
    const need = 16 + length
    if (this.at + need > this.buf.length) this.flush(need)
    let sec = Math.floor(timeUs / 1e6)
    let frac = Math.round((timeUs - sec * 1e6) * (this.perSecond / 1e6))
    if (frac >= this.perSecond) {
      sec++
      frac -= this.perSecond
    }
    const v = this.view
    const at = this.at
    v.setUint32(at, sec, true) // ts_sec
    v.setUint32(at + 4, frac, true) // ts_usec / ts_nsec
    v.setUint32(at + 8, length, true) // incl_len
    v.setUint32(at + 12, length, true) // orig_len
    this.buf.set(length === data.length ? data : data.subarray(0, length), at + 16)
    this.at = at + need
    this.packets++
    this.bytes += length
  }

  close(): void {
    if (this.at > 0) this.write(this.buf.subarray(0, this.at))
    this.at = 0
  }
}
