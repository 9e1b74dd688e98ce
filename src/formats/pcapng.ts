/**
 * pcapng capture files: https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html
 *
 * Every block is Block Type (4), Block Total Length (4), body, Block Total Length again. A file is one or more
 * sections, each opened by a Section Header Block whose Byte-Order Magic sets the byte order of that section;
 * interface ids count the Interface Description Blocks of the current section only.
 *
 * Decisions on odd files (shared/RELIABILITY.md rows 12-23):
 * - Anything wrong with the first SHB (bad byte-order magic, bad length, trailer mismatch, version other than
 *   1.0 / 1.2, cut short): REJECT with FormatError. Nothing has been read yet, and libpcap/Wireshark refuse too.
 * - A block length < 12, not a multiple of 4, over 16 MiB (SHB: over 1 MiB) or a trailer that differs from the
 *   header after the first SHB: ANOM and TRUNC at that block. The packets before it are kept, so a damaged file
 *   reads as a prefix of the intact one. Nothing is allocated from a length (see record-stream.ts).
 * - A later SHB with an unsupported version: its section is skipped to the next SHB (as the spec asks), ANOM.
 * - A block too short for its type: SKIP + ANOM. EPB/PB interface id without an IDB: SKIP + ANOM. Captured length
 *   beyond the block body: clamped to the body, ANOM; beyond snaplen or original length: kept, ANOM.
 * - SPB: interface 0 of the section; captured length = min(original length, body, snaplen if set). It carries no
 *   timestamp, so it takes the previous packet's time (ANOM when there is none yet and the time is 0).
 * - NRB, ISB, custom (0x00000BAD / 0x40000BAD), systemd journal and unknown blocks: skipped by length. Decryption
 *   Secrets Blocks are skipped without reading their contents: TLS keys are never stored or shown.
 */
import type { ByteSource, Format, InterfaceInfo, PacketSink, ReadOptions, ReadReport } from './format.ts'
import { FormatError } from './format.ts'
import type { Interface } from './pcapng-options.ts'
import { MAX_COMMENTS, collectComments, parseInterface } from './pcapng-options.ts'
import type { RecordFramer } from './record-stream.ts'
import { readRecords } from './record-stream.ts'
import { precisionName, ticksToSeconds } from './timestamps.ts'

export const BLOCK = {
  SHB: 0x0a0d0d0a,
  IDB: 0x00000001,
  PB: 0x00000002,
  SPB: 0x00000003,
  NRB: 0x00000004,
  ISB: 0x00000005,
  EPB: 0x00000006,
  SJE: 0x00000009,
  DSB: 0x0000000a,
  CB_COPY: 0x00000bad,
  CB_NO_COPY: 0x40000bad,
} as const

export const BYTE_ORDER_MAGIC = 0x1a2b3c4d
/** libpcap's limits: any block over 16 MiB, an SHB over 1 MiB, is taken as damage. */
export const MAX_BLOCK_LENGTH = 16 * 1024 * 1024
export const MAX_SHB_LENGTH = 1024 * 1024
/** Interfaces kept per section; an IDB beyond this is ignored (ANOM) so a file of IDBs cannot grow memory without bound. */
export const MAX_INTERFACES_PER_SECTION = 65536
/** Interfaces listed in the report. */
const MAX_REPORTED_INTERFACES = 1024

const SHB_MIN = 28
const IDB_MIN = 20
const EPB_MIN = 32
const PB_MIN = 32
const SPB_MIN = 16

class PcapngFramer implements RecordFramer {
  need = 12
  packets = 0
  capturedBytes = 0
  bytes = 0
  sections = 0
  readonly comments: string[] = []
  readonly reported: InterfaceInfo[] = []
  private readonly all: Interface[] = []
  private ifaces: Interface[] = []
  private le = true
  private skippingSection = false
  private lastTime = -Infinity
  private finestDiv = 0

  constructor(
    private readonly sink: PacketSink,
    private readonly options: ReadOptions,
  ) {}

  /** A damaged block: before the first section this rejects the file, later it stops the read (TRUNC). */
  private fail(code: string, message: string, at: number): number {
    if (this.sections === 0) throw new FormatError('bad-block', `pcapng: ${message}`, at)
    this.options.anomalies.add(code)
    return -1
  }

  private trailerMismatch(at: number): boolean {
    return this.fail('pcapng.trailer_mismatch', 'block trailer length differs from its header', at) >= 0
  }

  measure(_buf: Uint8Array, view: DataView, pos: number, at: number): number {
    const type = view.getUint32(pos, this.le)
    if (type === BLOCK.SHB) {
      const bom = view.getUint32(pos + 8, false)
      if (bom !== BYTE_ORDER_MAGIC && bom !== 0x4d3c2b1a) {
        return this.fail('pcapng.bad_byte_order_magic', 'Section Header Block has no valid byte-order magic', at)
      }
      const total = view.getUint32(pos + 4, bom === 0x4d3c2b1a)
      if (total < SHB_MIN) return this.fail('pcapng.block_len_too_small', `Section Header Block length ${total} is below 28`, at)
      if (total % 4 !== 0) return this.fail('pcapng.block_len_unaligned', `block length ${total} is not a multiple of 4`, at)
      if (total > MAX_SHB_LENGTH) return this.fail('pcapng.block_too_large', `Section Header Block length ${total} is over 1 MiB`, at)
      return total
    }
    if (this.sections === 0) throw new FormatError('not-recognised', 'pcapng: the file does not start with a Section Header Block', at)
    const total = view.getUint32(pos + 4, this.le)
    if (total < 12) return this.fail('pcapng.block_len_too_small', `block length ${total} is below 12`, at)
    if (total % 4 !== 0) return this.fail('pcapng.block_len_unaligned', `block length ${total} is not a multiple of 4`, at)
    if (total > MAX_BLOCK_LENGTH) return this.fail('pcapng.block_too_large', `block length ${total} is over 16 MiB`, at)
    return total
  }

  handle(buf: Uint8Array, view: DataView, pos: number, total: number, at: number): boolean {
    const le = this.le
    const type = view.getUint32(pos, le)
    if (type === BLOCK.EPB && !this.skippingSection) {
      if (view.getUint32(pos + total - 4, le) !== total) return this.trailerMismatch(at)
      this.enhancedPacket(buf, view, pos, total, le)
      return true
    }
    if (type === BLOCK.SHB) return this.sectionHeader(buf, view, pos, total, at)
    if (view.getUint32(pos + total - 4, le) !== total) return this.trailerMismatch(at)
    if (this.skippingSection) return true
    const anomalies = this.options.anomalies
    switch (type) {
      case BLOCK.IDB:
        if (total < IDB_MIN) anomalies.add('pcapng.block_too_small')
        else this.interfaceDescription(buf, view, pos, total, le)
        break
      case BLOCK.SPB:
        if (total < SPB_MIN) anomalies.add('pcapng.block_too_small')
        else this.simplePacket(buf, view, pos, total, le)
        break
      case BLOCK.PB:
        if (total < PB_MIN) anomalies.add('pcapng.block_too_small')
        else this.obsoletePacket(buf, view, pos, total, le)
        break
      case BLOCK.NRB:
      case BLOCK.ISB:
      case BLOCK.SJE:
        break
      case BLOCK.DSB:
        // Decryption secrets (TLS key logs): deliberately not read at all.
        anomalies.add('pcapng.dsb_skipped')
        break
      case BLOCK.CB_COPY:
      case BLOCK.CB_NO_COPY:
        anomalies.add('pcapng.custom_block_skipped')
        break
      default:
        anomalies.add('pcapng.unknown_block')
    }
    return true
  }

  private sectionHeader(buf: Uint8Array, view: DataView, pos: number, total: number, at: number): boolean {
    const le = view.getUint32(pos + 8, false) === 0x4d3c2b1a
    if (view.getUint32(pos + total - 4, le) !== total) {
      return this.trailerMismatch(at)
    }
    const major = view.getUint16(pos + 12, le)
    const minor = view.getUint16(pos + 14, le)
    // 1.2 was written by some tools and the spec says to read it as 1.0.
    const supported = major === 1 && (minor === 0 || minor === 2)
    if (!supported && this.sections === 0) {
      throw new FormatError('unsupported-version', `pcapng version ${major}.${minor} is not supported (only 1.0)`, at)
    }
    this.sections++
    this.le = le
    this.ifaces = []
    this.skippingSection = !supported
    if (!supported) {
      this.options.anomalies.add('pcapng.section_version_unsupported')
      return true
    }
    collectComments(buf, view, pos + 24, pos + total - 4, le, this.comments, this.options.anomalies, '')
    return true
  }

  private interfaceDescription(buf: Uint8Array, view: DataView, pos: number, total: number, le: boolean): void {
    const anomalies = this.options.anomalies
    if (this.ifaces.length >= MAX_INTERFACES_PER_SECTION) {
      anomalies.add('pcapng.too_many_interfaces')
      return
    }
    const label = `interface ${this.all.length}: `
    const iface = parseInterface(buf, view, pos, total, le, anomalies, this.comments, label)
    this.ifaces.push(iface)
    this.all.push(iface)
    if (iface.resolution.div > this.finestDiv) this.finestDiv = iface.resolution.div
    if (this.reported.length < MAX_REPORTED_INTERFACES) {
      this.reported.push({
        linkType: iface.linkType,
        snaplen: iface.snaplen,
        name: iface.name,
        description: iface.description,
        tsUnit: 1 / iface.resolution.div,
        tsOffset: iface.tsOffset,
      })
    }
  }

  /** EPB: Interface ID, Timestamp (High), Timestamp (Low), Captured Packet Length, Original Packet Length, data, options. */
  private enhancedPacket(buf: Uint8Array, view: DataView, pos: number, total: number, le: boolean): void {
    const anomalies = this.options.anomalies
    if (total < EPB_MIN) {
      anomalies.add('pcapng.block_too_small')
      return
    }
    const interfaceId = view.getUint32(pos + 8, le)
    if (interfaceId >= this.ifaces.length) {
      anomalies.add('pcapng.unknown_interface')
      return
    }
    const iface = this.ifaces[interfaceId]
    const time = ticksToSeconds(view.getUint32(pos + 12, le), view.getUint32(pos + 16, le), iface.resolution.div, iface.resolution.divBig)
    const capLen = this.deliver(iface, buf, pos + 28, view.getUint32(pos + 20, le), view.getUint32(pos + 24, le), total - EPB_MIN, time + iface.tsOffset)
    const optionsAt = pos + 28 + ((capLen + 3) & ~3)
    if (optionsAt < pos + total - 4 && this.comments.length < MAX_COMMENTS) {
      collectComments(buf, view, optionsAt, pos + total - 4, le, this.comments, anomalies, `packet ${this.packets}: `)
    }
  }

  /** Obsolete PB: Interface ID (2), Drops Count (2), then as the EPB. */
  private obsoletePacket(buf: Uint8Array, view: DataView, pos: number, total: number, le: boolean): void {
    const interfaceId = view.getUint16(pos + 8, le)
    if (interfaceId >= this.ifaces.length) {
      this.options.anomalies.add('pcapng.unknown_interface')
      return
    }
    const iface = this.ifaces[interfaceId]
    const time = ticksToSeconds(view.getUint32(pos + 12, le), view.getUint32(pos + 16, le), iface.resolution.div, iface.resolution.divBig)
    this.deliver(iface, buf, pos + 28, view.getUint32(pos + 20, le), view.getUint32(pos + 24, le), total - PB_MIN, time + iface.tsOffset)
  }

  /** SPB: Original Packet Length, then data; always interface 0 of the section. */
  private simplePacket(buf: Uint8Array, view: DataView, pos: number, total: number, le: boolean): void {
    if (this.ifaces.length === 0) {
      this.options.anomalies.add('pcapng.spb_without_idb')
      return
    }
    const iface = this.ifaces[0]
    const origLen = view.getUint32(pos + 8, le)
    let capLen = Math.min(origLen, total - SPB_MIN)
    if (iface.snaplen !== 0 && capLen > iface.snaplen) capLen = iface.snaplen
    let time = this.lastTime
    if (time === -Infinity) {
      this.options.anomalies.add('pcapng.spb_time_unknown')
      time = 0
    }
    this.deliver(iface, buf, pos + 12, capLen, origLen, capLen, time)
  }

  /** Checks the lengths of one packet, counts it and hands it to the sink. Returns the captured length used. */
  private deliver(iface: Interface, buf: Uint8Array, dataAt: number, capLen: number, origLen: number, room: number, time: number): number {
    const anomalies = this.options.anomalies
    if (capLen > room) {
      anomalies.add('pcapng.caplen_past_block')
      capLen = room
    }
    if (iface.snaplen !== 0 && capLen > iface.snaplen) anomalies.add('pcapng.caplen_gt_snaplen')
    if (capLen > origLen) anomalies.add('pcapng.caplen_gt_len')
    if (time < this.lastTime) anomalies.add('pcapng.ts_backwards')
    this.lastTime = time
    iface.used = true
    this.packets++
    this.capturedBytes += capLen
    this.bytes += origLen
    this.sink.packet(iface.linkType, time, origLen, buf, dataAt, capLen)
    return capLen
  }

  linkTypes(): number[] {
    const set = new Set<number>()
    for (const i of this.all) if (i.used) set.add(i.linkType)
    return [...set].sort((a, b) => a - b)
  }

  timePrecision(): string {
    return precisionName(this.finestDiv === 0 ? 1e6 : this.finestDiv)
  }
}

/** Reads a pcapng stream, handing every packet (EPB, SPB, PB) to the sink. */
export async function readPcapng(source: ByteSource, sink: PacketSink, options: ReadOptions): Promise<ReadReport> {
  const framer = new PcapngFramer(sink, options)
  const result = await readRecords(source, framer, options)
  if (framer.sections === 0) {
    throw new FormatError('truncated-header', `pcapng Section Header Block is cut short (${result.bytesRead} bytes in the file)`)
  }
  if (result.endedInsideRecord) options.anomalies.add('pcapng.block_truncated')
  return {
    format: 'pcapng',
    packets: framer.packets,
    capturedBytes: framer.capturedBytes,
    bytes: framer.bytes,
    linkTypes: framer.linkTypes(),
    interfaces: framer.reported,
    truncated: result.truncated,
    comments: framer.comments,
    timePrecision: framer.timePrecision(),
    sections: framer.sections,
  }
}

/** True when the input starts with a Section Header Block type (the same bytes in either byte order). */
export function isPcapng(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x0a && head[1] === 0x0d && head[2] === 0x0d && head[3] === 0x0a
}

export const pcapng: Format = {
  id: 'pcapng',
  label: 'pcapng (Wireshark / dumpcap)',
  sniff: isPcapng,
  read: readPcapng,
}
