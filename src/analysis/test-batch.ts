/**
 * Test helper: fills PacketBatch rows from short descriptions, so statistics tests read like packet lists
 * ("t 1.5, 10.0.0.1:40000 -> 10.0.0.2:80 tcp S 60 bytes") instead of column pokes. Used by tests and
 * benchmarks only; the engine never imports it.
 */
import { DecodeContext } from '../decode/context.ts'
import type { AppFact } from '../model/app-facts.ts'
import { Layer } from '../model/layers.ts'
import { App, Net, PacketBatch, TcpFlag } from '../model/packet-batch.ts'

export interface PacketSpec {
  /** Seconds since the epoch. */
  readonly t: number
  /** Frame length on the wire (origLen); captured length is the same. Default 60. */
  readonly len?: number
  /** IPv4 dotted quad or IPv6 text; omitted for non-IP frames. */
  readonly src?: string
  readonly dst?: string
  readonly proto?: 'tcp' | 'udp' | 'icmp' | 'other'
  readonly sport?: number
  readonly dport?: number
  /** TCP flags as letters: S (SYN), A (ACK), F (FIN), R (RST), P (PSH), e.g. 'SA'. */
  readonly flags?: string
  readonly seq?: number
  /** Ethernet MACs "aa:bb:cc:dd:ee:ff"; when both are omitted the frame has no Ethernet layer. */
  readonly smac?: string
  readonly dmac?: string
  readonly app?: 'dns' | 'tls' | 'http' | 'quic' | 'dhcp'
  readonly fact?: AppFact
  /** Extra Layer bits (e.g. Layer.vlan). */
  readonly extraLayers?: number
  /** ARP frame: src/dst are the sender and target IPs. */
  readonly arp?: boolean
}

const FLAG_LETTERS: Record<string, number> = { F: TcpFlag.FIN, S: TcpFlag.SYN, R: TcpFlag.RST, P: TcpFlag.PSH, A: TcpFlag.ACK, U: TcpFlag.URG }

export function parseIPv4(text: string): number {
  const parts = text.split('.').map(Number)
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) throw new Error(`bad IPv4 ${text}`)
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0
}

export function parseIPv6(text: string): Uint8Array {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null]
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const groups = tail === null ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t]
  if (groups.length !== 8) throw new Error(`bad IPv6 ${text}`)
  const out = new Uint8Array(16)
  groups.forEach((g, i) => {
    const v = parseInt(g, 16)
    out[2 * i] = v >> 8
    out[2 * i + 1] = v & 255
  })
  return out
}

export function internIp(ctx: DecodeContext, text: string): number {
  return text.includes(':') ? ctx.addresses.ipv6(parseIPv6(text), 0) : ctx.addresses.ipv4(parseIPv4(text))
}

export function internMac(ctx: DecodeContext, text: string): number {
  const bytes = new Uint8Array(text.split(':').map((x) => parseInt(x, 16)))
  return ctx.addresses.mac(bytes, 0)
}

const APP_VALUES = { dns: App.DNS, tls: App.TLS, http: App.HTTP, quic: App.QUIC, dhcp: App.DHCP } as const

/** Writes one described packet into row `row` of the batch (the row is cleared first). */
export function fillRow(batch: PacketBatch, row: number, ctx: DecodeContext, p: PacketSpec): void {
  batch.clearRow(row)
  const len = p.len ?? 60
  batch.time[row] = p.t
  batch.origLen[row] = len
  batch.capLen[row] = len
  batch.linkType[row] = 1
  let layers = p.extraLayers ?? 0
  if (p.smac !== undefined || p.dmac !== undefined) {
    layers |= Layer.eth
    batch.srcMac[row] = internMac(ctx, p.smac ?? '00:00:00:00:00:00')
    batch.dstMac[row] = internMac(ctx, p.dmac ?? '00:00:00:00:00:00')
  }
  if (p.arp) {
    layers |= Layer.arp
    batch.net[row] = Net.ARP
    if (p.src) batch.srcAddr[row] = internIp(ctx, p.src)
    if (p.dst) batch.dstAddr[row] = internIp(ctx, p.dst)
  } else if (p.src !== undefined && p.dst !== undefined) {
    const v6 = p.src.includes(':')
    layers |= v6 ? Layer.ipv6 : Layer.ip
    batch.net[row] = v6 ? Net.IPv6 : Net.IPv4
    batch.srcAddr[row] = internIp(ctx, p.src)
    batch.dstAddr[row] = internIp(ctx, p.dst)
    batch.ttl[row] = 64
    const proto = p.proto ?? 'tcp'
    if (proto === 'tcp' || proto === 'udp') {
      layers |= proto === 'tcp' ? Layer.tcp : Layer.udp
      batch.ipProto[row] = proto === 'tcp' ? 6 : 17
      batch.srcPort[row] = p.sport ?? 0
      batch.dstPort[row] = p.dport ?? 0
    } else if (proto === 'icmp') {
      layers |= v6 ? Layer.icmpv6 : Layer.icmp
      batch.ipProto[row] = v6 ? 58 : 1
    } else {
      batch.ipProto[row] = 47
    }
    if (proto === 'tcp') {
      let flags = 0
      for (const ch of p.flags ?? 'A') flags |= FLAG_LETTERS[ch] ?? 0
      batch.tcpFlags[row] = flags
      batch.tcpSeq[row] = (p.seq ?? 1000) >>> 0
    }
  }
  if (p.app) {
    layers |= Layer[p.app]
    batch.app[row] = APP_VALUES[p.app]
  }
  if (p.fact) {
    batch.factIndex[row] = batch.facts.length
    batch.facts.push(p.fact)
  }
  batch.layers[row] = layers >>> 0
}

/** Splits the described packets into batches of at most `capacity` rows. */
export function buildBatches(ctx: DecodeContext, packets: readonly PacketSpec[], capacity = 64): PacketBatch[] {
  const out: PacketBatch[] = []
  let batch = new PacketBatch(capacity)
  for (const p of packets) {
    if (batch.full) {
      out.push(batch)
      batch = new PacketBatch(capacity)
    }
    fillRow(batch, batch.count, ctx, p)
    batch.count++
  }
  if (batch.count > 0) out.push(batch)
  return out
}

/** A fresh context plus batches of the packets, for one-liners in tests. */
export function batchesOf(packets: readonly PacketSpec[], capacity = 64): { ctx: DecodeContext; batches: PacketBatch[] } {
  const ctx = new DecodeContext()
  return { ctx, batches: buildBatches(ctx, packets, capacity) }
}

/** A minimal DNS fact for tests. */
export function dnsFact(isResponse: boolean, rcode = 0, qname = 'example.com'): AppFact {
  return { kind: 'dns', id: 1, isResponse, opcode: 0, rcode, qname, qtype: 1, qclass: 1, questions: 1, answers: [], counts: [1, 0, 0, 0] }
}

/** A minimal TLS ClientHello fact for tests. */
export function tlsHelloFact(sni = 'example.com'): AppFact {
  return {
    kind: 'tls-client-hello', legacyVersion: 0x0303, versions: [0x0304], sni, alpn: [], cipherSuites: [], extensions: [],
    ja3: '', ja3Hash: '', ja4: '', reason: null,
  }
}
