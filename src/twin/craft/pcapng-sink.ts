/**
 * A FrameSink that writes pcapng (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html): one Section
 * Header Block, one Interface Description Block (LINKTYPE_ETHERNET, if_tsresol 6 or 9) and an Enhanced Packet
 * Block per frame, little-endian, streamed in chunks like pcap-sink.ts.
 */
import type { ClosableFrameSink } from './frame-sink.ts'
import { LINKTYPE_ETHERNET } from './pcap-sink.ts'

const SHB = 0x0a0d0d0a
const IDB = 0x00000001
const EPB = 0x00000006
const BYTE_ORDER_MAGIC = 0x1a2b3c4d
const IF_TSRESOL = 9
const DEFAULT_CHUNK = 1 << 20
const TWO_32 = 4294967296

export interface PcapngSinkOptions {
  readonly nano?: boolean
  readonly chunkBytes?: number
  /**
   * True when `write` is done with a chunk when it returns (a synchronous file write): the chunk buffer is then
   * reused instead of a new one being allocated for every chunk.
   */
  readonly reuseChunks?: boolean
}

export class PcapngFrameSink implements ClosableFrameSink {
  private buf: Uint8Array
  private view: DataView
  private at = 0
  private readonly chunkBytes: number
  private readonly reuse: boolean
  private readonly nano: boolean
  packets = 0
  bytes = 0

  constructor(private readonly write: (chunk: Uint8Array) => void, options: PcapngSinkOptions = {}) {
    this.chunkBytes = Math.max(4096, options.chunkBytes ?? DEFAULT_CHUNK)
    this.reuse = options.reuseChunks ?? false
    this.buf = new Uint8Array(this.chunkBytes)
    this.view = new DataView(this.buf.buffer)
    this.nano = options.nano ?? false
    const v = this.view
    // Section Header Block: type, total length 28, BOM, version 1.0, section length -1 (unknown), total length.
    v.setUint32(0, SHB, true)
    v.setUint32(4, 28, true)
    v.setUint32(8, BYTE_ORDER_MAGIC, true)
    v.setUint16(12, 1, true)
    v.setUint16(14, 0, true)
    v.setInt32(16, -1, true)
    v.setInt32(20, -1, true)
    v.setUint32(24, 28, true)
    // Interface Description Block: LinkType, Reserved, SnapLen 0, option if_tsresol (1 byte + 3 pad), opt_endofopt.
    v.setUint32(28, IDB, true)
    v.setUint32(32, 32, true)
    v.setUint16(36, LINKTYPE_ETHERNET, true)
    v.setUint16(38, 0, true)
    v.setUint32(40, 0, true)
    v.setUint16(44, IF_TSRESOL, true)
    v.setUint16(46, 1, true)
    this.buf[48] = this.nano ? 9 : 6
    v.setUint32(52, 0, true) // opt_endofopt
    v.setUint32(56, 32, true)
    this.at = 60
  }

  private flush(need: number): void {
    if (this.at > 0) this.write(this.buf.subarray(0, this.at))
    this.at = 0
    if (this.reuse && need <= this.buf.length) return
    this.buf = new Uint8Array(Math.max(this.chunkBytes, need))
    this.view = new DataView(this.buf.buffer)
  }

  frame(timeUs: number, data: Uint8Array, length: number): void {
    const padded = (length + 3) & ~3
    const total = 32 + padded
    if (this.at + total > this.buf.length) this.flush(total)
    let hi: number
    let lo: number
    if (this.nano) {
      // Nanoseconds since the epoch exceed 2^53: split in BigInt (the nanosecond path is not the fast path).
      const sec = Math.floor(timeUs / 1e6)
      const ns = BigInt(sec) * 1000000000n + BigInt(Math.min(999999999, Math.round((timeUs - sec * 1e6) * 1000)))
      hi = Number(ns >> 32n)
      lo = Number(ns & 0xffffffffn)
    } else {
      const us = Math.round(timeUs)
      hi = Math.floor(us / TWO_32)
      lo = us - hi * TWO_32
    }
    const v = this.view
    const at = this.at
    v.setUint32(at, EPB, true)
    v.setUint32(at + 4, total, true) // Block Total Length
    v.setUint32(at + 8, 0, true) // Interface ID
    v.setUint32(at + 12, hi, true) // Timestamp (High)
    v.setUint32(at + 16, lo, true) // Timestamp (Low)
    v.setUint32(at + 20, length, true) // Captured Packet Length
    v.setUint32(at + 24, length, true) // Original Packet Length
    this.buf.set(length === data.length ? data : data.subarray(0, length), at + 28)
    this.buf.fill(0, at + 28 + length, at + 28 + padded)
    v.setUint32(at + 28 + padded, total, true)
    this.at = at + total
    this.packets++
    this.bytes += length
  }

  close(): void {
    if (this.at > 0) this.write(this.buf.subarray(0, this.at))
    this.at = 0
  }
}
