/**
 * Writes classic pcap files: https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html
 *
 * Either byte order, microsecond or nanosecond timestamps, and the "modified" 24-byte record header variant for
 * reader tests. Incremental: append records, take() the bytes so far; a file of any size never sits in memory.
 */
import { ByteBuilder } from './byte-builder.ts'
import { PCAP_MAGIC } from './pcap.ts'

export interface PcapWriterOptions {
  readonly littleEndian?: boolean
  /** Nanosecond timestamps (magic a1b23c4d) instead of microseconds. */
  readonly nano?: boolean
  /** The modified-pcap variant (magic a1b2cd34, 24-byte record headers). Microseconds only. */
  readonly modified?: boolean
  /** LINKTYPE_* value (default 1, Ethernet); may carry FCS bits above bit 16. */
  readonly linkType?: number
  readonly snaplen?: number
  readonly versionMinor?: number
}

export interface PcapRecordInput {
  /** Seconds since the epoch, rounded to the file's resolution. */
  readonly time: number
  readonly data: Uint8Array
  /** Length on the wire; defaults to data.length. */
  readonly origLen?: number
}

export class PcapWriter {
  private readonly out = new ByteBuilder()
  private readonly le: boolean
  private readonly div: number
  private readonly modified: boolean
  packets = 0

  constructor(options: PcapWriterOptions = {}) {
    this.le = options.littleEndian ?? true
    this.modified = options.modified ?? false
    if (this.modified && options.nano) throw new RangeError('the modified pcap format has microsecond timestamps only')
    this.div = options.nano ? 1e9 : 1e6
    const magic = this.modified ? PCAP_MAGIC.modified : options.nano ? PCAP_MAGIC.nano : PCAP_MAGIC.micro
    const o = this.out
    o.u32(magic, this.le) // written in the file's byte order, so a reader sees the swapped form when little-endian
    o.u16(2, this.le) // version_major
    o.u16(options.versionMinor ?? 4, this.le) // version_minor
    o.u32(0, this.le) // thiszone
    o.u32(0, this.le) // sigfigs
    o.u32(options.snaplen ?? 262144, this.le)
    o.u32(options.linkType ?? 1, this.le)
  }

  /** Appends a record with explicit ts_sec / fraction (micro- or nanoseconds) and lengths. */
  rawRecord(tsSec: number, tsFrac: number, data: Uint8Array, origLen = data.length): void {
    const o = this.out
    o.u32(tsSec, this.le)
    o.u32(tsFrac, this.le)
    o.u32(data.length, this.le) // incl_len
    o.u32(origLen, this.le)
    if (this.modified) {
      o.u32(0, this.le) // ifindex
      o.u16(0, this.le) // protocol
      o.u8(0) // pkt_type
      o.u8(0) // pad
    }
    o.bytes(data)
    this.packets++
  }

  /** Appends a record; the time is split into seconds and a fraction rounded to the file's resolution. */
  record(r: PcapRecordInput): void {
    if (!(r.time >= 0 && r.time < 4294967296)) throw new RangeError(`pcap time must be in [0, 2^32) s, got ${r.time}`)
    let sec = Math.floor(r.time)
    let frac = Math.round((r.time - sec) * this.div)
    if (frac >= this.div) {
      sec++
      frac -= this.div
    }
    this.rawRecord(sec, frac, r.data, r.origLen ?? r.data.length)
  }

  /** Bytes written and not yet taken. */
  get pending(): number {
    return this.out.length
  }

  /** The bytes written since the last take (the file header comes with the first one). */
  take(): Uint8Array {
    return this.out.take()
  }
}

/** A whole small pcap file in one array. */
export function writePcap(records: Iterable<PcapRecordInput>, options: PcapWriterOptions = {}): Uint8Array {
  const w = new PcapWriter(options)
  for (const r of records) w.record(r)
  return w.take()
}
