/**
 * A FrameSink that writes classic pcap (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html),
 * little-endian, LINKTYPE_ETHERNET, micro- or nanosecond timestamps, streamed in chunks (chunk-buffer.ts).
 */
import { ChunkBuffer, type ChunkOptions } from './chunk-buffer.ts'
import type { ClosableFrameSink } from './frame-sink.ts'

export const PCAP_MAGIC_MICRO = 0xa1b2c3d4
export const PCAP_MAGIC_NANO = 0xa1b23c4d
export const LINKTYPE_ETHERNET = 1

export interface PcapSinkOptions extends ChunkOptions {
  readonly nano?: boolean
  readonly snaplen?: number
}

export class PcapFrameSink implements ClosableFrameSink {
  private readonly out: ChunkBuffer
  private readonly perSecond: number
  packets = 0
  bytes = 0

  constructor(write: (chunk: Uint8Array) => void, options: PcapSinkOptions = {}) {
    this.out = new ChunkBuffer(write, options)
    this.perSecond = options.nano ? 1e9 : 1e6
    const v = this.out.view
    v.setUint32(0, options.nano ? PCAP_MAGIC_NANO : PCAP_MAGIC_MICRO, true) // magic_number
    v.setUint16(4, 2, true) // major_version
    v.setUint16(6, 4, true) // minor_version
    v.setUint32(8, 0, true) // reserved1 (thiszone)
    v.setUint32(12, 0, true) // reserved2 (sigfigs)
    v.setUint32(16, options.snaplen ?? 262144, true) // SnapLen
    v.setUint32(20, LINKTYPE_ETHERNET, true) // LinkType
    this.out.at = 24
  }

  frame(timeUs: number, data: Uint8Array, length: number): void {
    const need = 16 + length
    const out = this.out
    out.reserve(need)
    let sec = Math.floor(timeUs / 1e6)
    let frac = Math.round((timeUs - sec * 1e6) * (this.perSecond / 1e6))
    if (frac >= this.perSecond) {
      sec++
      frac -= this.perSecond
    }
    const v = out.view
    const at = out.at
    v.setUint32(at, sec, true) // ts_sec
    v.setUint32(at + 4, frac, true) // ts_usec / ts_nsec
    v.setUint32(at + 8, length, true) // incl_len
    v.setUint32(at + 12, length, true) // orig_len
    out.buf.set(length === data.length ? data : data.subarray(0, length), at + 16)
    out.at = at + need
    this.packets++
    this.bytes += length
  }

  close(): void {
    this.out.close()
  }
}
