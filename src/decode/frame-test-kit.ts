/**
 * Test-only helpers for the frame decoder tests (imported by *.test.ts, never by the engine): hex fixtures
 * with a comment per field, small builders for the layers around the one under test, and decodeFrame run on a
 * frame placed inside a larger buffer (so a decoder reading outside its frame shows up).
 */
import { LAYER_NAMES } from '../model/layers.ts'
import { PacketBatch } from '../model/packet-batch.ts'
import { DecodeContext } from './context.ts'
import { decodeFrame } from './frame.ts'

/** Parses hex digits, ignoring whitespace and `//` comments to the end of each line. */
export function hex(text: string): Uint8Array {
  const digits = text.replace(/\/\/[^\n]*/g, '').replace(/\s+/g, '')
  if (!/^([0-9a-fA-F]{2})*$/.test(digits)) throw new Error(`bad hex fixture: ${digits}`)
  const out = new Uint8Array(digits.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16)
  return out
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

const be16 = (v: number): string => (v & 0xffff).toString(16).padStart(4, '0')
const be32 = (v: number): string => (v >>> 0).toString(16).padStart(8, '0')
const ipv4Hex = (a: string): string => a.split('.').map((x) => Number(x).toString(16).padStart(2, '0')).join('')

/** Ethernet II header: destination 00:11:22:33:44:55, source 66:77:88:99:aa:bb, then `type`. */
export function eth(type: number, payload: Uint8Array): Uint8Array {
  return concat(hex(`001122334455 66778899aabb ${be16(type)}`), payload)
}

export interface Ipv4Options {
  src?: string
  dst?: string
  ttl?: number
  /** Flags (3 bits) and fragment offset (13 bits) as one 16-bit field. */
  fragment?: number
  options?: Uint8Array
  totalLength?: number
}

/** IPv4 header (RFC 791) with a correct IHL and, unless given, Total Length; checksum left 0. */
export function ipv4(protocol: number, payload: Uint8Array, o: Ipv4Options = {}): Uint8Array {
  const options = o.options ?? new Uint8Array(0)
  const headerLength = 20 + options.length
  const total = o.totalLength ?? headerLength + payload.length
  const header = hex(
    `${(0x40 | (headerLength >> 2)).toString(16)}00 ${be16(total)} 0001 ${be16(o.fragment ?? 0)}` +
      `${(o.ttl ?? 64).toString(16).padStart(2, '0')}${protocol.toString(16).padStart(2, '0')} 0000` +
      `${ipv4Hex(o.src ?? '10.0.0.1')} ${ipv4Hex(o.dst ?? '10.0.0.2')}`,
  )
  return concat(header, options, payload)
}

/** IPv6 header (RFC 8200) from 2001:db8::<srcLow> to 2001:db8::<dstLow>; Payload Length computed unless given. */
export function ipv6(nextHeader: number, payload: Uint8Array, o: { srcLow?: number; dstLow?: number; hopLimit?: number; payloadLength?: number } = {}): Uint8Array {
  const address = (low: number) => `20010db8000000000000000000${(low & 0xffffff).toString(16).padStart(6, '0')}`
  const header = hex(
    `60000000 ${be16(o.payloadLength ?? payload.length)} ${nextHeader.toString(16).padStart(2, '0')}${(o.hopLimit ?? 64).toString(16).padStart(2, '0')}` +
      `${address(o.srcLow ?? 1)} ${address(o.dstLow ?? 2)}`,
  )
  return concat(header, payload)
}

/** UDP header (RFC 768); Length computed unless given. */
export function udp(srcPort: number, dstPort: number, payload: Uint8Array, length?: number): Uint8Array {
  return concat(hex(`${be16(srcPort)} ${be16(dstPort)} ${be16(length ?? 8 + payload.length)} 0000`), payload)
}

export interface TcpOptions {
  seq?: number
  ack?: number
  /** Flags including NS (0x100). */
  flags?: number
  window?: number
  options?: Uint8Array
  /** Data offset in 4-byte words; computed from the options unless given. */
  dataOffset?: number
}

/** TCP header (RFC 9293). */
export function tcp(srcPort: number, dstPort: number, payload: Uint8Array, o: TcpOptions = {}): Uint8Array {
  const options = o.options ?? new Uint8Array(0)
  const offset = o.dataOffset ?? (20 + options.length) >> 2
  const flags = o.flags ?? 0x018
  const header = hex(
    `${be16(srcPort)} ${be16(dstPort)} ${be32(o.seq ?? 1000)} ${be32(o.ack ?? 2000)}` +
      `${be16((offset << 12) | (flags & 0x1ff))} ${be16(o.window ?? 512)} 0000 0000`,
  )
  return concat(header, options, payload)
}

export const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))

/** The row decodeFrame writes in decode(); rows around it must stay untouched. */
export const ROW = 3
const GUARD = 0xa5
const GUARD_LENGTH = 7

export interface Decoded {
  readonly ctx: DecodeContext
  readonly batch: PacketBatch
  readonly row: number
  /** Layer names present, in LAYER_NAMES order. */
  readonly layers: string[]
  readonly anomalies: Record<string, number>
  /** ctx.ipPairs as sorted "a b" strings (a < b as text). */
  readonly pairs: string[]
  readonly src: string
  readonly dst: string
  readonly srcMac: string
  readonly dstMac: string
}

export interface DecodeOptions {
  /** Bytes on the wire (defaults to the fixture length). */
  origLen?: number
  /** Bytes captured (defaults to the fixture length); the rest of the fixture stays in the buffer, unreadable. */
  capLen?: number
  ctx?: DecodeContext
}

/** Runs decodeFrame on `frame` placed at offset 7 of a buffer with guard bytes after it. */
export function decode(linkType: number, frame: Uint8Array, o: DecodeOptions = {}): Decoded {
  const ctx = o.ctx ?? new DecodeContext()
  const batch = new PacketBatch(8)
  const capLen = o.capLen ?? frame.length
  const buffer = new Uint8Array(GUARD_LENGTH + frame.length + GUARD_LENGTH).fill(GUARD)
  buffer.set(frame, GUARD_LENGTH)
  batch.clearRow(ROW)
  batch.capLen[ROW] = capLen
  batch.origLen[ROW] = o.origLen ?? frame.length
  batch.linkType[ROW] = linkType
  decodeFrame(ctx, linkType, buffer, GUARD_LENGTH, capLen, batch, ROW)
  const pairs: string[] = []
  ctx.ipPairs.forEach((a, b) => {
    const x = [ctx.addresses.format(a), ctx.addresses.format(b)].sort()
    pairs.push(`${x[0]} ${x[1]}`)
  })
  pairs.sort()
  return {
    ctx,
    batch,
    row: ROW,
    layers: LAYER_NAMES.filter((_, i) => (batch.layers[ROW] & (1 << i)) !== 0),
    anomalies: ctx.anomalies.toRecord(),
    pairs,
    src: ctx.addresses.format(batch.srcAddr[ROW]),
    dst: ctx.addresses.format(batch.dstAddr[ROW]),
    srcMac: ctx.addresses.format(batch.srcMac[ROW]),
    dstMac: ctx.addresses.format(batch.dstMac[ROW]),
  }
}

/** The transport columns of a decoded row, for compact assertions. */
export function transport(d: Decoded): { ipProto: number; srcPort: number; dstPort: number; payloadLen: number } {
  const b = d.batch
  return { ipProto: b.ipProto[d.row], srcPort: b.srcPort[d.row], dstPort: b.dstPort[d.row], payloadLen: b.payloadLen[d.row] }
}
