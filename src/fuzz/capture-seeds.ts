/**
 * Seed captures for the mutation fuzzer, written with the project's own writers: classic pcap in both byte
 * orders with micro- and nanosecond timestamps (and the modified variant), and pcapng in both byte orders with
 * several sections, several interfaces (link types, if_tsresol, if_tsoffset, snaplen), EPB / SPB / obsolete PB
 * packets, comments, custom and unknown blocks. The frames are real Ethernet/IPv4/IPv6 packets (TCP, UDP, DNS,
 * a TLS ClientHello, HTTP) so the decoders behind the readers get fuzzed too.
 *
 * Field spots are found by walking the (valid) seed once with the spec's layout:
 * pcap https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html,
 * pcapng https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html.
 */
import { bytes, clientHelloRecord, dnsHeader, dnsName, sniExtension, u16 } from '../decode/app-test-fixtures.ts'
import { ascii, eth, ipv4, ipv6, tcp, udp } from '../decode/frame-test-kit.ts'
import { PcapWriter } from '../formats/pcap-writer.ts'
import { PcapngWriter } from '../formats/pcapng-writer.ts'
import { BLOCK } from '../formats/pcapng.ts'
import type { FieldSpot, Seed } from './mutate.ts'

/** A handful of well-formed frames covering the decoders most exposed to hostile input. */
export function sampleFrames(): Uint8Array[] {
  const dns = bytes(dnsHeader(0x1234, 0x0100, 1, 0), dnsName('www.example.com'), u16(1), u16(1))
  const hello = clientHelloRecord({ ciphers: [0x1301, 0x1302], extensions: [sniExtension('fuzz.example')] })
  const http = ascii('GET /index.html HTTP/1.1\r\nHost: fuzz.example\r\nUser-Agent: nettwin-fuzz\r\n\r\n')
  return [
    eth(0x0800, ipv4(17, udp(40000, 53, dns))),
    eth(0x0800, ipv4(6, tcp(50000, 443, hello, { seq: 1 }))),
    eth(0x0800, ipv4(6, tcp(50001, 80, http, { seq: 7 }))),
    eth(0x86dd, ipv6(17, udp(5353, 5353, dns))),
    eth(0x0800, ipv4(6, tcp(50000, 443, new Uint8Array(0), { flags: 0x010 }))),
  ]
}

// ---- pcap ----

const PCAP_HEADER_FIELDS: readonly [number, 2 | 4, string][] = [
  [0, 4, 'pcap.magic'], [4, 2, 'pcap.version_major'], [6, 2, 'pcap.version_minor'], [8, 4, 'pcap.thiszone'],
  [12, 4, 'pcap.sigfigs'], [16, 4, 'pcap.snaplen'], [20, 4, 'pcap.network'],
]

export interface PcapSeedOptions {
  readonly littleEndian: boolean
  readonly nano: boolean
  readonly modified?: boolean
  readonly linkType?: number
}

export function pcapSeed(o: PcapSeedOptions): Seed {
  const w = new PcapWriter({ littleEndian: o.littleEndian, nano: o.nano, modified: o.modified, linkType: o.linkType ?? 1 })
  const le = o.littleEndian
  const fields: FieldSpot[] = PCAP_HEADER_FIELDS.map(([offset, size, name]) => ({ offset, size, littleEndian: le, name }))
  const blocks: number[] = []
  // Raw IP (LINKTYPE_RAW, 101) records are the same packets without their Ethernet header.
  const raw = o.linkType === 101
  const frames = sampleFrames().map((f) => (raw ? f.subarray(14) : f))
  frames.forEach((f, i) => {
    const at = w.pending
    blocks.push(at)
    fields.push(
      { offset: at, size: 4, littleEndian: le, name: 'pcap.ts_sec' },
      { offset: at + 4, size: 4, littleEndian: le, name: o.nano ? 'pcap.ts_nsec' : 'pcap.ts_usec' },
      { offset: at + 8, size: 4, littleEndian: le, name: 'pcap.incl_len' },
      { offset: at + 12, size: 4, littleEndian: le, name: 'pcap.orig_len' },
    )
    w.rawRecord(1_700_000_000 + i, i * 1000 + 17, f, f.length + (i === 2 ? 100 : 0))
  })
  blocks.push(w.pending)
  const kind = o.modified ? 'modified' : o.nano ? 'ns' : 'us'
  return { label: `pcap-${le ? 'le' : 'be'}-${kind}${raw ? '-raw' : ''}`, bytes: w.take(), fields, blocks }
}

export function pcapSeeds(): Seed[] {
  return [
    pcapSeed({ littleEndian: true, nano: false }),
    pcapSeed({ littleEndian: false, nano: false }),
    pcapSeed({ littleEndian: true, nano: true }),
    pcapSeed({ littleEndian: false, nano: true }),
    pcapSeed({ littleEndian: true, nano: false, modified: true }),
    pcapSeed({ littleEndian: false, nano: false, linkType: 101 }),
  ]
}

// ---- pcapng ----

/** Walks the TLV options at [from, end) and lists their code, length and (for timestamps) value fields. */
function optionSpots(view: DataView, from: number, end: number, le: boolean, block: string, out: FieldSpot[]): void {
  let at = from
  for (let steps = 0; at + 4 <= end && steps < 64; steps++) {
    const code = view.getUint16(at, le)
    const length = view.getUint16(at + 2, le)
    out.push({ offset: at, size: 2, littleEndian: le, name: `${block}.option_code` }, { offset: at + 2, size: 2, littleEndian: le, name: `${block}.option_length` })
    if (block === 'idb' && code === 9 && length === 1) out.push({ offset: at + 4, size: 1, littleEndian: le, name: 'idb.if_tsresol' })
    if (block === 'idb' && code === 14 && length === 8) out.push({ offset: at + 4, size: 8, littleEndian: le, name: 'idb.if_tsoffset' })
    if (code === 0) return
    at += 4 + ((length + 3) & ~3)
  }
}

/** Field spots and block starts of a valid pcapng file. */
export function pcapngLayout(file: Uint8Array): { fields: FieldSpot[]; blocks: number[] } {
  const view = new DataView(file.buffer, file.byteOffset, file.length)
  const fields: FieldSpot[] = []
  const blocks: number[] = []
  let le = true
  let at = 0
  for (let steps = 0; at + 12 <= file.length && steps < 10_000; steps++) {
    blocks.push(at)
    if (view.getUint32(at, true) === BLOCK.SHB) le = view.getUint32(at + 8, true) === 0x1a2b3c4d
    const type = view.getUint32(at, le)
    const length = view.getUint32(at + 4, le)
    if (length < 12 || at + length > file.length) break
    const spot = (offset: number, size: FieldSpot['size'], name: string) => fields.push({ offset: at + offset, size, littleEndian: le, name })
    spot(0, 4, 'block.type')
    spot(4, 4, 'block.total_length')
    spot(length - 4, 4, 'block.trailer_length')
    if (type === BLOCK.SHB) {
      spot(8, 4, 'shb.byte_order_magic')
      spot(12, 2, 'shb.major_version')
      spot(14, 2, 'shb.minor_version')
      spot(16, 8, 'shb.section_length')
      optionSpots(view, at + 24, at + length - 4, le, 'shb', fields)
    } else if (type === BLOCK.IDB) {
      spot(8, 2, 'idb.linktype')
      spot(12, 4, 'idb.snaplen')
      optionSpots(view, at + 16, at + length - 4, le, 'idb', fields)
    } else if (type === BLOCK.EPB || type === BLOCK.PB) {
      if (type === BLOCK.EPB) spot(8, 4, 'epb.interface_id')
      else spot(8, 2, 'pb.interface_id')
      spot(12, 4, 'epb.timestamp_high')
      spot(16, 4, 'epb.timestamp_low')
      spot(20, 4, 'epb.captured_len')
      spot(24, 4, 'epb.original_len')
      const captured = view.getUint32(at + 20, le)
      optionSpots(view, at + 28 + ((captured + 3) & ~3), at + length - 4, le, 'epb', fields)
    } else if (type === BLOCK.SPB) {
      spot(8, 4, 'spb.original_len')
    }
    at += length
  }
  blocks.push(file.length)
  return { fields, blocks }
}

/** The sample frames spread over the interfaces whose link types are given (raw IP ones without Ethernet). */
function packets(w: PcapngWriter, linkTypes: readonly number[], t0: number): void {
  sampleFrames().forEach((frame, i) => {
    const id = i % linkTypes.length
    const data = linkTypes[id] === 101 ? frame.subarray(14) : frame
    w.packet({ interfaceId: id, time: t0 + i * 0.25, data, comment: i === 1 ? 'first hello' : undefined })
  })
}

export function pcapngSeeds(): Seed[] {
  const seeds: { label: string; bytes: Uint8Array }[] = []

  const le = new PcapngWriter({ littleEndian: true, comment: 'fuzz seed' })
  le.addInterface({ linkType: 1, name: 'eth0', tsresol: 6 })
  le.addInterface({ linkType: 1, snaplen: 96, tsresol: 9, description: 'nano' })
  packets(le, [1, 1], 1_700_000_000)
  le.simplePacket(sampleFrames()[0])
  le.customBlock(32473, ascii('custom data'))
  le.block(0x7f000001, new Uint8Array(8))
  seeds.push({ label: 'pcapng-le', bytes: le.take() })

  // Big-endian first section, then a little-endian one: byte order and interfaces reset per section (row 18).
  const mixed = new PcapngWriter({ littleEndian: false })
  mixed.addInterface({ linkType: 1, tsresol: 0x80 | 20, tsOffset: 1_000 })
  packets(mixed, [1], 1_700_000_000)
  mixed.section({ littleEndian: true, comment: 'second section' })
  mixed.addInterface({ linkType: 1, tsresol: 3 })
  mixed.obsoletePacket({ interfaceId: 0, time: 1_700_000_100, data: sampleFrames()[2] })
  packets(mixed, [1], 1_700_000_200)
  seeds.push({ label: 'pcapng-be-le-sections', bytes: mixed.take() })

  const three = new PcapngWriter({ littleEndian: true })
  three.addInterface({ linkType: 1 })
  packets(three, [1], 1_700_000_000)
  three.section({ littleEndian: false })
  three.addInterface({ linkType: 1, snaplen: 64 })
  three.addInterface({ linkType: 101 })
  three.block(BLOCK.ISB, new Uint8Array(12))
  three.block(BLOCK.DSB, bytes(0x54, 0x4c, 0x53, 0x4b, 0, 0, 0, 4, ascii('key!'))) // never stored or shown
  packets(three, [1, 101], 1_700_000_300)
  three.section({ littleEndian: true })
  three.addInterface({ linkType: 1, tsresol: 9 })
  packets(three, [1], 1_700_000_400)
  seeds.push({ label: 'pcapng-three-sections', bytes: three.take() })

  return seeds.map((s) => ({ ...s, ...pcapngLayout(s.bytes) }))
}
