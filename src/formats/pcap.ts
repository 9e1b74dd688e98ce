/**
 * Classic libpcap capture files: https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html
 *
 * File header (24 bytes): magic, version_major, version_minor, thiszone, sigfigs, snaplen, LinkType (with FCS
 * bits). Records: ts_sec, ts_usec (or ts_nsec), incl_len, orig_len, then incl_len bytes of packet data. The
 * "modified" pcap variant (magic a1b2cd34, Alexey Kuznetsov's patches) adds ifindex, protocol, pkt_type and a pad
 * byte, making record headers 24 bytes.
 *
 * Decisions on odd files (shared/RELIABILITY.md rows 1-12):
 * - version_major other than 2: REJECT ('unsupported-version'), as libpcap and Wireshark do; there is no other
 *   major version of this format. A minor version above 4 is read as 2.4 with an anomaly (Wireshark reads it).
 *   Minor versions below 3 store incl_len and orig_len swapped and 2.3 files may have them either way; both
 *   libpcap and Wireshark swap them back, so this reader does the same.
 * - LinkType: the link type is the low 16 bits. The FCS-length bits (28-31) and the F bit (26) only say that
 *   frames end in a frame check sequence; frames are passed on unchanged. Reserved bits 16-25 set: REJECT
 *   ('bad-block') like libpcap and Wireshark ("network type reserved field not zero"), since a writer that set
 *   them may mean something we cannot know and the link type is then not trustworthy.
 * - snaplen 0 or above the link type's maximum: clamped to that maximum (ANOM). Nothing is ever allocated from
 *   snaplen; it only serves to flag records with incl_len > snaplen (accepted whole, ANOM: tshark shows them).
 * - incl_len above the link type's maximum (262144 for most, as in libpcap and Wireshark): the file is damaged
 *   from that record on: TRUNC at the record header, ANOM 'pcap.caplen_absurd'.
 * - incl_len > orig_len, fraction >= 1 s, time going backwards: ANOM; the time is still sec + fraction / unit.
 * - thiszone and sigfigs are ignored (always 0 in practice; libpcap and Wireshark ignore them too).
 */
import type { ByteSource, Format, InterfaceInfo, PacketSink, ReadOptions, ReadReport } from './format.ts'
import { FormatError } from './format.ts'
import type { RecordFramer } from './record-stream.ts'
import { readRecords } from './record-stream.ts'
import { partsToSeconds, precisionName } from './timestamps.ts'

export const PCAP_HEADER_LENGTH = 24
export const PCAP_RECORD_HEADER_LENGTH = 16
export const MODIFIED_RECORD_HEADER_LENGTH = 24

/** Magic numbers as read big-endian from the first four bytes. */
export const PCAP_MAGIC = {
  micro: 0xa1b2c3d4,
  microSwapped: 0xd4c3b2a1,
  nano: 0xa1b23c4d,
  nanoSwapped: 0x4d3cb2a1,
  modified: 0xa1b2cd34,
  modifiedSwapped: 0x34cdb2a1,
} as const

/** Default largest packet, as in libpcap's MAXIMUM_SNAPLEN and Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD. */
export const DEFAULT_MAX_CAPLEN = 262144

/** Link types whose records may legitimately be larger than the default maximum (libpcap max_snaplen_for_dlt). */
export function maxCapLenFor(linkType: number): number {
  switch (linkType) {
    case 231: // LINKTYPE_DBUS: whole D-Bus messages, up to 128 MiB
      return 128 * 1024 * 1024
    case 279: // LINKTYPE_EBHSCR
      return 8 * 1024 * 1024
    case 249: // LINKTYPE_USBPCAP
      return 1024 * 1024
    default:
      return DEFAULT_MAX_CAPLEN
  }
}

/** Reserved bits 16-25 of the LinkType field (the draft's "reserved" and libpcap's LT_RESERVED1). */
const LINKTYPE_RESERVED_MASK = 0x03ff0000

interface PcapHeader {
  readonly littleEndian: boolean
  readonly nano: boolean
  readonly modified: boolean
  readonly versionMajor: number
  readonly versionMinor: number
  readonly snaplen: number
  readonly linkType: number
}

function readMagic(head: Uint8Array): number {
  return ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0
}

function isPcapMagic(m: number): boolean {
  for (const v of Object.values(PCAP_MAGIC)) if (v === m) return true
  return false
}

/** Parses and validates the 24-byte file header; throws FormatError for a file this reader must refuse. */
export function parsePcapHeader(buf: Uint8Array, view: DataView, pos: number): PcapHeader {
  const magic = readMagic(buf.subarray(pos, pos + 4))
  if (!isPcapMagic(magic)) throw new FormatError('not-recognised', 'not a pcap file (unknown magic number)')
  const littleEndian =
    magic === PCAP_MAGIC.microSwapped || magic === PCAP_MAGIC.nanoSwapped || magic === PCAP_MAGIC.modifiedSwapped
  const nano = magic === PCAP_MAGIC.nano || magic === PCAP_MAGIC.nanoSwapped
  const modified = magic === PCAP_MAGIC.modified || magic === PCAP_MAGIC.modifiedSwapped
  const versionMajor = view.getUint16(pos + 4, littleEndian)
  const versionMinor = view.getUint16(pos + 6, littleEndian)
  if (versionMajor !== 2) {
    throw new FormatError(
      'unsupported-version',
      `pcap version ${versionMajor}.${versionMinor} is not supported (only 2.x exists; libpcap and Wireshark refuse it too)`,
    )
  }
  const snaplen = view.getUint32(pos + 16, littleEndian)
  const network = view.getUint32(pos + 20, littleEndian)
  if ((network & LINKTYPE_RESERVED_MASK) !== 0) {
    const bits = (network & LINKTYPE_RESERVED_MASK) >>> 0
    throw new FormatError(
      'bad-block',
      `pcap header: reserved bits of the link-type field are set (0x${bits.toString(16).padStart(8, '0')}); the file is damaged`,
      20,
    )
  }
  return { littleEndian, nano, modified, versionMajor, versionMinor, snaplen, linkType: network & 0xffff }
}

/** How incl_len and orig_len are stored: as specified, swapped (before 2.3), or either way (2.3). */
const LengthOrder = { Normal: 0, Swapped: 1, MaybeSwapped: 2 } as const
type LengthOrder = (typeof LengthOrder)[keyof typeof LengthOrder]

class PcapFramer implements RecordFramer {
  need = PCAP_HEADER_LENGTH
  packets = 0
  capturedBytes = 0
  bytes = 0
  header: PcapHeader | null = null
  private littleEndian = false
  private div = 1e6
  private linkType = 0
  private snaplen = DEFAULT_MAX_CAPLEN
  private maxCapLen = DEFAULT_MAX_CAPLEN
  private order: LengthOrder = LengthOrder.Normal
  private lastTime = -Infinity

  constructor(
    private readonly sink: PacketSink,
    private readonly options: ReadOptions,
  ) {}

  measure(_buf: Uint8Array, view: DataView, pos: number): number {
    if (this.header === null) return PCAP_HEADER_LENGTH
    const le = this.littleEndian
    let inclLen = view.getUint32(pos + 8, le)
    if (this.order !== LengthOrder.Normal) {
      const other = view.getUint32(pos + 12, le)
      if (this.order === LengthOrder.Swapped || inclLen > other) inclLen = other
    }
    if (inclLen > this.maxCapLen) {
      this.options.anomalies.add('pcap.caplen_absurd')
      return -1
    }
    return this.need + inclLen
  }

  handle(buf: Uint8Array, view: DataView, pos: number, total: number): boolean {
    if (this.header === null) {
      this.acceptHeader(parsePcapHeader(buf, view, pos))
      return true
    }
    const le = this.littleEndian
    const tsSec = view.getUint32(pos, le)
    const tsFrac = view.getUint32(pos + 4, le)
    let origLen = view.getUint32(pos + 12, le)
    if (this.order !== LengthOrder.Normal) {
      const stored = view.getUint32(pos + 8, le)
      if (this.order === LengthOrder.Swapped || stored > origLen) origLen = stored
    }
    const inclLen = total - this.need
    const anomalies = this.options.anomalies
    if (inclLen > origLen) anomalies.add('pcap.caplen_gt_len')
    if (inclLen > this.snaplen) anomalies.add('pcap.caplen_gt_snaplen')
    if (tsFrac >= this.div) anomalies.add(this.div === 1e6 ? 'pcap.ts_usec_overflow' : 'pcap.ts_nsec_overflow')
    const time = partsToSeconds(tsSec, tsFrac, this.div)
    if (time < this.lastTime) anomalies.add('pcap.ts_backwards')
    this.lastTime = time
    this.packets++
    this.capturedBytes += inclLen
    this.bytes += origLen
    this.sink.packet(this.linkType, time, origLen, buf, pos + this.need, inclLen)
    return true
  }

  private acceptHeader(h: PcapHeader): void {
    const anomalies = this.options.anomalies
    this.header = h
    this.littleEndian = h.littleEndian
    this.div = h.nano ? 1e9 : 1e6
    this.linkType = h.linkType
    this.maxCapLen = maxCapLenFor(h.linkType)
    if (h.versionMinor > 4) anomalies.add('pcap.version_minor_unknown')
    this.order = h.versionMinor < 3 ? LengthOrder.Swapped : h.versionMinor === 3 ? LengthOrder.MaybeSwapped : LengthOrder.Normal
    if (h.snaplen === 0 || h.snaplen > this.maxCapLen) {
      anomalies.add(h.snaplen === 0 ? 'pcap.snaplen_zero' : 'pcap.snaplen_clamped')
      this.snaplen = this.maxCapLen
    } else {
      this.snaplen = h.snaplen
    }
    this.need = h.modified ? MODIFIED_RECORD_HEADER_LENGTH : PCAP_RECORD_HEADER_LENGTH
  }

  interfaceInfo(): InterfaceInfo {
    return { linkType: this.linkType, snaplen: this.snaplen, name: null, description: null, tsUnit: 1 / this.div, tsOffset: 0 }
  }

  get timePrecision(): string {
    return precisionName(this.div)
  }
}

/** Reads a classic pcap stream, handing every record to the sink. */
export async function readPcap(source: ByteSource, sink: PacketSink, options: ReadOptions): Promise<ReadReport> {
  const framer = new PcapFramer(sink, options)
  const result = await readRecords(source, framer, options)
  if (framer.header === null) {
    throw new FormatError('truncated-header', `pcap file header is cut short (${result.bytesRead} of 24 bytes)`)
  }
  if (result.endedInsideRecord) options.anomalies.add('pcap.record_truncated')
  return {
    format: 'pcap',
    packets: framer.packets,
    capturedBytes: framer.capturedBytes,
    bytes: framer.bytes,
    linkTypes: framer.packets > 0 ? [framer.header.linkType] : [],
    interfaces: [framer.interfaceInfo()],
    truncated: result.truncated,
    comments: [],
    timePrecision: framer.timePrecision,
    sections: 1,
  }
}

/** True when the first four bytes are one of the pcap magic numbers. */
export function isPcap(head: Uint8Array): boolean {
  return head.length >= 4 && isPcapMagic(readMagic(head))
}

export const pcap: Format = {
  id: 'pcap',
  label: 'pcap (libpcap / tcpdump)',
  sniff: isPcap,
  read: readPcap,
}
