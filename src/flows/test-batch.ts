/**
 * Test helpers: PacketBatch rows from short packet descriptions, so flow tests do not depend on the readers
 * and decoders. Addresses are "a.b.c.d:port", "[v6]:port", "a.b.c.d" or "aa:bb:cc:dd:ee:ff" (MAC, for L2);
 * TCP flags are letters: S SYN, A ACK, F FIN, R RST, P PSH, U URG.
 */
import { DecodeContext } from '../decode/context.ts'
import type { AppFact } from '../model/app-facts.ts'
import { Layer } from '../model/layers.ts'
import { NO_ENTROPY, PacketBatch } from '../model/packet-batch.ts'

export interface PacketSpec {
  readonly t: number
  readonly src: string
  readonly dst: string
  readonly proto?: 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'arp' | 'l2' | number
  readonly flags?: string
  readonly seq?: number
  readonly ack?: number
  /** L4 payload bytes. */
  readonly len?: number
  readonly win?: number
  /** ICMP type/code/identifier. */
  readonly type?: number
  readonly code?: number
  readonly icmpId?: number
  readonly vlan?: number
  /** Frame length on the wire (default 54 + len). */
  readonly wire?: number
  readonly app?: number
  readonly fact?: AppFact
  readonly entropy?: number
  /** Decode the transport header (default true); false mimics a truncated header. */
  readonly l4?: boolean
  /** Outer UDP endpoints when the packet was tunnelled ("a.b.c.d:port"). */
  readonly tunnelSrc?: string
  readonly tunnelDst?: string
}

const FLAG_BITS: Readonly<Record<string, number>> = { F: 1, S: 2, R: 4, P: 8, A: 16, U: 32 }

export function tcpFlags(letters: string): number {
  let f = 0
  for (const ch of letters) f |= FLAG_BITS[ch] ?? 0
  return f
}

function parseIPv6(text: string): Uint8Array {
  const out = new Uint8Array(16)
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null]
  const h = head === '' ? [] : head.split(':')
  const tl = tail === null || tail === '' ? [] : tail.split(':')
  const groups = tail === null ? h : [...h, ...new Array(8 - h.length - tl.length).fill('0'), ...tl]
  groups.forEach((g, i) => {
    const v = parseInt(g, 16)
    out[2 * i] = v >>> 8
    out[2 * i + 1] = v & 255
  })
  return out
}

/** Interns an address (and returns its port, 0 when none). */
export function endpoint(ctx: DecodeContext, text: string): { addr: number; port: number; v6: boolean; mac: boolean } {
  if (/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(text)) {
    const bytes = new Uint8Array(text.split(':').map((x) => parseInt(x, 16)))
    return { addr: ctx.addresses.mac(bytes, 0), port: 0, v6: false, mac: true }
  }
  if (text.startsWith('[')) {
    const end = text.indexOf(']')
    const port = text.length > end + 2 ? Number(text.slice(end + 2)) : 0
    return { addr: ctx.addresses.ipv6(parseIPv6(text.slice(1, end)), 0), port, v6: true, mac: false }
  }
  const [ip, port] = text.split(':')
  const parts = ip.split('.').map(Number)
  const v = ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0
  return { addr: ctx.addresses.ipv4(v), port: port === undefined ? 0 : Number(port), v6: false, mac: false }
}

/** Writes one packet description into row `row` of `b`. */
export function writeRow(ctx: DecodeContext, b: PacketBatch, row: number, p: PacketSpec): void {
  b.clearRow(row)
  const src = endpoint(ctx, p.src)
  const dst = endpoint(ctx, p.dst)
  const proto = p.proto ?? 'tcp'
  const len = p.len ?? 0
  const l4 = p.l4 ?? true
  b.time[row] = p.t
  b.origLen[row] = p.wire ?? 54 + len
  b.capLen[row] = b.origLen[row]
  b.linkType[row] = 1
  b.vlan[row] = p.vlan ?? 0xffff
  b.app[row] = p.app ?? 0
  b.payloadEntropy[row] = p.entropy ?? NO_ENTROPY
  if (p.tunnelSrc !== undefined && p.tunnelDst !== undefined) {
    const ts = endpoint(ctx, p.tunnelSrc)
    const td = endpoint(ctx, p.tunnelDst)
    b.tunnelProto[row] = 17
    b.tunnelSrcAddr[row] = ts.addr
    b.tunnelDstAddr[row] = td.addr
    b.tunnelSrcPort[row] = ts.port
    b.tunnelDstPort[row] = td.port
  }
  if (p.fact !== undefined) {
    b.factIndex[row] = b.facts.length
    b.facts.push(p.fact)
  }
  if (proto === 'l2') {
    b.layers[row] = Layer.eth
    b.srcMac[row] = src.addr
    b.dstMac[row] = dst.addr
    return
  }
  if (proto === 'arp') {
    b.layers[row] = Layer.eth | Layer.arp
    b.net[row] = 8
    b.srcAddr[row] = src.addr
    b.dstAddr[row] = dst.addr
    return
  }
  b.net[row] = src.v6 ? 6 : 4
  b.layers[row] = Layer.eth | (src.v6 ? Layer.ipv6 : Layer.ip)
  b.srcAddr[row] = src.addr
  b.dstAddr[row] = dst.addr
  b.payloadLen[row] = len
  b.ttl[row] = 64
  if (proto === 'tcp') {
    b.ipProto[row] = 6
    if (l4) b.layers[row] |= Layer.tcp
    b.srcPort[row] = src.port
    b.dstPort[row] = dst.port
    b.tcpFlags[row] = tcpFlags(p.flags ?? 'A')
    b.tcpSeq[row] = (p.seq ?? 0) >>> 0
    b.tcpAck[row] = (p.ack ?? 0) >>> 0
    b.tcpWindow[row] = p.win ?? 65535
  } else if (proto === 'udp') {
    b.ipProto[row] = 17
    if (l4) b.layers[row] |= Layer.udp
    b.srcPort[row] = src.port
    b.dstPort[row] = dst.port
  } else if (proto === 'icmp' || proto === 'icmpv6') {
    b.ipProto[row] = proto === 'icmp' ? 1 : 58
    if (l4) b.layers[row] |= proto === 'icmp' ? Layer.icmp : Layer.icmpv6
    b.srcPort[row] = p.type ?? 8
    b.dstPort[row] = p.code ?? 0
    b.icmpId[row] = p.icmpId ?? 0
  } else {
    b.ipProto[row] = proto
  }
}

/** Packet descriptions as batches of at most `size` rows each (the last batch may be shorter). */
export function toBatches(ctx: DecodeContext, packets: readonly PacketSpec[], size = 8192): PacketBatch[] {
  const out: PacketBatch[] = []
  for (let i = 0; i < packets.length; i += size) {
    const chunk = packets.slice(i, i + size)
    const b = new PacketBatch(Math.max(1, chunk.length))
    chunk.forEach((p, row) => writeRow(ctx, b, row, p))
    b.count = chunk.length
    out.push(b)
  }
  return out
}

/** A fresh decode context and the packets as one batch. */
export function batchOf(packets: readonly PacketSpec[]): { ctx: DecodeContext; batch: PacketBatch } {
  const ctx = new DecodeContext()
  const [batch] = toBatches(ctx, packets, Math.max(1, packets.length))
  return { ctx, batch: batch ?? new PacketBatch(1) }
}

/** TCP segment description helper: from -> to with flags, seq, ack and payload length. */
export function seg(t: number, src: string, dst: string, flags: string, seq: number, ack: number, len = 0, extra: Partial<PacketSpec> = {}): PacketSpec {
  return { t, src, dst, proto: 'tcp', flags, seq, ack, len, ...extra }
}
