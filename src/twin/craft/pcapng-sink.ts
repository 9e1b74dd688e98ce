/**
 * A FrameSink that writes pcapng (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html): one Section
 * Header Block, one Interface Description Block (LINKTYPE_ETHERNET, if_tsresol 6 or 9) and an Enhanced Packet
 * Block per frame, little-endian, streamed in chunks like pcap-sink.ts.
 */
import { ChunkBuffer, type ChunkOptions } from './chunk-buffer.ts'
import type { ClosableFrameSink } from './frame-sink.ts'
import { LINKTYPE_ETHERNET } from './pcap-sink.ts'

const SHB = 0x0a0d0d0a
const IDB = 0x00000001
const EPB = 0x00000006
const BYTE_ORDER_MAGIC = 0x1a2b3c4d
const IF_TSRESOL = 9
const TWO_32 = 4294967296

export interface PcapngSinkOptions extends ChunkOptions {
  readonly nano?: boolean
}

export class PcapngFrameSink implements ClosableFrameSink {
  private readonly out: ChunkBuffer
  private readonly nano: boolean
  packets = 0
  bytes = 0

  constructor(write: (chunk: Uint8Array) => void, options: PcapngSinkOptions = {}) {
    this.out = new ChunkBuffer(write, options)
    this.nano = options.nano ?? false
    const v = this.out.view
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
    this.out.buf[48] = this.nano ? 9 : 6
    v.setUint32(52, 0, true) // opt_endofopt
    v.setUint32(56, 32, true)
    this.out.at = 60
  }

  frame(timeUs: number, data: Uint8Array, length: number): void {
    const padded = (length + 3) & ~3
    const total = 32 + padded
    const out = this.out
    out.reserve(total)
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
    const v = out.view
    const at = out.at
    v.setUint32(at, EPB, true)
    v.setUint32(at + 4, total, true) // Block Total Length
    v.setUint32(at + 8, 0, true) // Interface ID
    v.setUint32(at + 12, hi, true) // Timestamp (High)
    v.setUint32(at + 16, lo, true) // Timestamp (Low)
    v.setUint32(at + 20, length, true) // Captured Packet Length
    v.setUint32(at + 24, length, true) // Original Packet Length
    out.buf.set(length === data.length ? data : data.subarray(0, length), at + 28)
    out.buf.fill(0, at + 28 + length, at + 28 + padded)
    v.setUint32(at + 28 + padded, total, true)
    out.at = at + total
    this.packets++
    this.bytes += length
  }

  close(): void {
    this.out.close()
  }
}
