/**
 * Flows as plain objects, for CSV/JSON export and the UI: a page of rows at a time, never the whole table.
 * Strings that came from packets (DNS names, SNI, HTTP Host, DHCP host names) were display-escaped by their
 * decoders and must still reach a page only as text.
 */
import type { DecodeContext } from '../decode/context.ts'
import { guessApp } from './app-guess.ts'
import type { ConnStateName } from './conn-state.ts'
import { CONN_STATE_NAMES } from './conn-state.ts'
import { END_REASON_NAMES, FlowFlag } from './flow-columns.ts'
import { entropyBits } from './flow-features.ts'
import { FLOW_KIND_NAMES, FlowKind } from './flow-key.ts'
import type { FlowTable } from './flow-table.ts'

export interface FlowRecordOptions {
  /** First flow id to return (default 0). */
  readonly offset?: number
  /** Rows to return (default 1000, capped at 100000). */
  readonly limit?: number
  /** Skip flows with fewer packets (CICFlowMeter writes only flows of 2+ packets). */
  readonly minPackets?: number
}

export interface FlowRecord {
  readonly id: number
  readonly kind: (typeof FLOW_KIND_NAMES)[number]
  /** 'tcp', 'udp', 'icmp', 'icmpv6', 'sctp', another IP protocol number, 'arp' or 'l2'. */
  readonly proto: string
  readonly ipProto: number
  readonly origAddr: string
  readonly origPort: number
  readonly respAddr: string
  readonly respPort: number
  /** MAC addresses of the first packet's outermost link header, per role; null without one. */
  readonly origMac: string | null
  readonly respMac: string | null
  readonly vlan: number | null
  /** Seconds since the epoch. */
  readonly first: number
  readonly last: number
  readonly duration: number
  readonly origPkts: number
  readonly respPkts: number
  readonly origBytes: number
  readonly respBytes: number
  readonly origPayloadBytes: number
  readonly respPayloadBytes: number
  readonly state: ConnStateName
  readonly history: string
  readonly handshake: boolean
  readonly flipped: boolean
  /** The outer UDP conversation of a tunnel; its packets are also counted in their inner flows. */
  readonly tunnel: boolean
  readonly open: boolean
  readonly endReason: (typeof END_REASON_NAMES)[number]
  readonly handshakeRtt: number | null
  readonly synAckRtt: number | null
  readonly origRetransmissions: number
  readonly respRetransmissions: number
  readonly outOfOrder: number
  readonly zeroWindows: number
  readonly iatMean: number | null
  readonly iatStd: number | null
  readonly jitter: number | null
  readonly payloadMin: number | null
  readonly payloadMax: number | null
  readonly payloadMean: number | null
  /** Bits per byte (payload-entropy.ts), null when unknown. */
  readonly payloadEntropy: number | null
  readonly app: string | null
  readonly appSource: 'content' | 'port' | null
  readonly dnsQuery: string | null
  readonly dnsQtype: number | null
  readonly dnsRcode: number | null
  readonly dnsAnswers: readonly string[]
  readonly tlsSni: string | null
  readonly tlsAlpn: readonly string[]
  readonly ja3: string | null
  readonly ja4: string | null
  readonly httpHost: string | null
  readonly httpMethod: string | null
  readonly httpUri: string | null
  readonly httpUserAgent: string | null
  readonly dhcpHostName: string | null
}

const PROTO_NAMES: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6', 132: 'sctp' }
const MAX_PAGE = 100000

function num(x: number): number | null {
  return Number.isFinite(x) ? x : null
}

export function flowRecords(table: FlowTable, ctx: DecodeContext, options: FlowRecordOptions = {}): FlowRecord[] {
  const c = table.columns
  const offset = Math.max(0, Math.floor(options.offset ?? 0))
  const limit = Math.min(MAX_PAGE, Math.max(0, Math.floor(options.limit ?? 1000)))
  const minPackets = options.minPackets ?? 0
  const out: FlowRecord[] = []
  for (let id = offset; id < table.count && out.length < limit; id++) {
    const pkts = c.origPkts[id] + c.respPkts[id]
    if (pkts < minPackets) continue
    const kind = c.kind[id]
    const ipProto = c.proto[id]
    const facts = table.facts.get(id)
    const app = guessApp(c.app[id], ipProto, c.origPort[id], c.respPort[id])
    const dns = facts === null ? null : (facts.dnsResponse ?? facts.dnsQuery)
    const query = facts === null ? null : (facts.dnsQuery ?? facts.dnsResponse)
    const hello = facts?.tlsClientHello ?? null
    const payloadPkts = c.payloadPkts[id]
    const flags = c.flags[id]
    out.push({
      id,
      kind: FLOW_KIND_NAMES[kind] ?? 'l2',
      proto: kind === FlowKind.ARP ? 'arp' : kind === FlowKind.L2 ? 'l2' : (PROTO_NAMES[ipProto] ?? String(ipProto)),
      ipProto,
      origAddr: ctx.addresses.format(c.origAddr[id]),
      origPort: c.origPort[id],
      respAddr: ctx.addresses.format(c.respAddr[id]),
      respPort: c.respPort[id],
      origMac: c.origMac[id] === 0 ? null : ctx.addresses.format(c.origMac[id]),
      respMac: c.respMac[id] === 0 ? null : ctx.addresses.format(c.respMac[id]),
      vlan: table.mode.keyByVlan && c.vlan[id] !== 0xffff ? c.vlan[id] : null,
      first: c.first[id],
      last: c.last[id],
      duration: c.last[id] - c.first[id],
      origPkts: c.origPkts[id],
      respPkts: c.respPkts[id],
      origBytes: c.origBytes[id],
      respBytes: c.respBytes[id],
      origPayloadBytes: c.origPayload[id],
      respPayloadBytes: c.respPayload[id],
      state: CONN_STATE_NAMES[table.stateOf(id)] ?? 'OTH',
      history: c.historyOf(id),
      handshake: (flags & FlowFlag.Handshake) !== 0,
      flipped: (flags & FlowFlag.Flipped) !== 0,
      tunnel: (flags & FlowFlag.Tunnel) !== 0,
      open: (flags & FlowFlag.Open) !== 0,
      endReason: END_REASON_NAMES[c.endReason[id]] ?? 'open',
      handshakeRtt: num(c.handshakeRtt[id]),
      synAckRtt: num(c.synAckRtt[id]),
      origRetransmissions: c.retransOrig[id],
      respRetransmissions: c.retransResp[id],
      outOfOrder: c.outOfOrder[id],
      zeroWindows: c.zeroWindows[id],
      iatMean: num(c.iatMean[id]),
      iatStd: num(c.iatStd[id]),
      jitter: num(c.jitter[id]),
      payloadMin: payloadPkts > 0 ? c.payloadMin[id] : null,
      payloadMax: payloadPkts > 0 ? c.payloadMax[id] : null,
      payloadMean: payloadPkts > 0 ? (c.origPayload[id] + c.respPayload[id]) / payloadPkts : null,
      payloadEntropy: entropyBits(c.entropy[id]),
      app: app?.name ?? null,
      appSource: app?.source ?? null,
      dnsQuery: query?.qname ?? null,
      dnsQtype: query === null ? null : query.qtype,
      dnsRcode: dns !== null && dns.isResponse ? dns.rcode : null,
      dnsAnswers: dns !== null && dns.isResponse ? dns.answers.map((a) => a.data) : [],
      tlsSni: hello?.sni ?? facts?.quicInitial?.sni ?? null,
      tlsAlpn: hello?.alpn ?? [],
      ja3: hello?.ja3Hash ?? null,
      ja4: hello?.ja4 ?? null,
      httpHost: facts?.httpRequest?.host ?? null,
      httpMethod: facts?.httpRequest?.method ?? null,
      httpUri: facts?.httpRequest?.uri ?? null,
      httpUserAgent: facts?.httpRequest?.userAgent ?? null,
      dhcpHostName: facts?.dhcp?.hostName ?? null,
    })
  }
  return out
}
