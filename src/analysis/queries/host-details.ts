/**
 * Everything the host details panel shows about one address: its role and names, totals, busiest peers,
 * services it offers and uses, and over time (bins across the capture or a range): bytes in and out (for
 * throughput and link utilisation), flows started, retransmissions, resets and handshake RTT. Quality
 * figures: handshake RTT and jitter quantiles, TCP loss as retransmitted / all TCP packets, resets, failed
 * connection attempts, and ICMP unreachables sent and received.
 */
import { CONN_STATE_NAMES } from '../../flows/conn-state.ts'
import { cached, exploreData, type ExploreInput } from './explore-source.ts'
import { appName } from './flow-names.ts'
import type { TimeRange } from './flows-page.ts'
import { buildHostTable, roleName, type HostRole } from './host-table.ts'
import { binWidth, spreadInto } from './time-spread.ts'

export interface HostDetailsParams {
  readonly address?: string
  /** Most bins in the series (default 60, 10..400). */
  readonly bins?: number
  readonly range?: TimeRange | null
}

export interface HostPeer {
  readonly address: string
  readonly name: string | null
  readonly role: HostRole
  readonly bytes: number
  readonly packets: number
  readonly flows: number
}

export interface HostService {
  /** "tcp/443", "udp/53", "icmp". */
  readonly service: string
  readonly app: string | null
  readonly flows: number
  readonly bytes: number
  /** Distinct peers using (or offering) it. */
  readonly peers: number
}

export interface Quantiles {
  readonly samples: number
  readonly median: number
  readonly p90: number
  readonly max: number
}

export interface HostDetails {
  readonly address: string
  readonly found: boolean
  readonly name: string | null
  readonly role: HostRole
  /** Reached through a router (its MAC is the gateway's). */
  readonly offLink: boolean
  readonly mac: string | null
  readonly totals: { readonly bytesOut: number; readonly bytesIn: number; readonly packetsOut: number; readonly packetsIn: number; readonly flowsOut: number; readonly flowsIn: number; readonly peers: number }
  readonly peers: readonly HostPeer[]
  readonly servicesOffered: readonly HostService[]
  readonly servicesUsed: readonly HostService[]
  readonly series: {
    /** Start of the first bin (seconds since the epoch) and bin width (seconds). */
    readonly start: number
    readonly binSeconds: number
    readonly bytesOut: readonly number[]
    readonly bytesIn: readonly number[]
    readonly flowsStarted: readonly number[]
    readonly retransmissions: readonly number[]
    readonly resets: readonly number[]
    /** Mean handshake RTT (seconds) of the TCP flows started in the bin; null without any. */
    readonly rtt: readonly (number | null)[]
  }
  /** Handshake RTT and inter-arrival jitter of the host's flows, seconds. */
  readonly rtt: Quantiles | null
  readonly jitter: Quantiles | null
  readonly tcpPackets: number
  readonly retransmissions: number
  readonly resets: number
  /** Connection attempts never answered (S0) or refused (REJ). */
  readonly failedConnections: number
  readonly icmpUnreachableSent: number
  readonly icmpUnreachableReceived: number
}

const RESET_STATES = new Set(['REJ', 'RSTO', 'RSTR', 'RSTOS0', 'RSTRH'])
const FAILED_STATES = new Set(['S0', 'REJ'])

function quantiles(values: number[]): Quantiles | null {
  if (values.length === 0) return null
  values.sort((a, b) => a - b)
  // Nearest rank: the smallest value with at least q of the samples at or below it.
  const at = (q: number): number => values[Math.max(0, Math.ceil(q * values.length) - 1)]
  return { samples: values.length, median: at(0.5), p90: at(0.9), max: values[values.length - 1] }
}

function isUnreachable(proto: number, type: number): boolean {
  return (proto === 1 && type === 3) || (proto === 58 && type === 1)
}

type Acc = { flows: number; bytes: number; peers: Set<number>; app: string | null }

function topServices(map: Map<string, Acc>, n: number): HostService[] {
  return [...map].sort((a, b) => b[1].bytes - a[1].bytes || (a[0] < b[0] ? -1 : 1)).slice(0, n)
    .map(([service, s]) => ({ service, app: s.app, flows: s.flows, bytes: s.bytes, peers: s.peers.size }))
}

export function hostDetails(input: ExploreInput, params: HostDetailsParams = {}): HostDetails {
  const data = exploreData(input)
  const hosts = cached(input, data, 'hosts', () => buildHostTable(data))
  const address = typeof params.address === 'string' ? params.address.slice(0, 64) : ''
  const row = findHost(data.addresses, hosts, address)
  const range = params.range ?? null
  const from = range?.start ?? data.captureStart
  const to = range?.end ?? data.captureEnd
  const maxBins = typeof params.bins === 'number' && Number.isFinite(params.bins) ? Math.min(400, Math.max(10, Math.floor(params.bins))) : 60
  const width = binWidth(from, to, maxBins)
  const origin = Math.floor(from / width) * width
  const nBins = Math.max(1, Math.min(maxBins + 1, Math.ceil((to - origin) / width + 1e-9)))
  const bytesOut = new Float64Array(nBins)
  const bytesIn = new Float64Array(nBins)
  const started = new Float64Array(nBins)
  const retrans = new Float64Array(nBins)
  const resets = new Float64Array(nBins)
  const rttSum = new Float64Array(nBins)
  const rttCount = new Float64Array(nBins)
  const peers = new Map<number, { bytes: number; packets: number; flows: number }>()
  const offered = new Map<string, Acc>()
  const used = new Map<string, Acc>()
  const rtts: number[] = []
  const jitters: number[] = []
  let tcpPackets = 0, retransmissions = 0, resetCount = 0, failed = 0, unreachSent = 0, unreachReceived = 0
  const f = data.flows
  const id0 = row < 0 ? 0 : hosts.addr[row]
  for (let id = 0; row >= 0 && id < f.count; id++) {
    if (f.kind[id] !== 0) continue
    const isOrig = f.origAddr[id] === id0
    if (!isOrig && f.respAddr[id] !== id0) continue
    if (range !== null && (f.last[id] < range.start || f.first[id] > range.end)) continue
    const peer = isOrig ? f.respAddr[id] : f.origAddr[id]
    const out = isOrig ? f.origBytes[id] : f.respBytes[id]
    const inn = isOrig ? f.respBytes[id] : f.origBytes[id]
    const packets = f.origPkts[id] + f.respPkts[id]
    const p = peers.get(peer) ?? { bytes: 0, packets: 0, flows: 0 }
    p.bytes += out + inn
    p.packets += packets
    p.flows++
    peers.set(peer, p)
    spreadInto(bytesOut, origin, width, f.first[id], f.last[id], out)
    spreadInto(bytesIn, origin, width, f.first[id], f.last[id], inn)
    const bin = Math.floor((f.first[id] - origin) / width)
    const inBin = bin >= 0 && bin < nBins
    if (inBin) started[bin]++
    const proto = f.proto[id]
    const ported = proto === 6 || proto === 17 || proto === 132
    const service = ported ? `${proto === 6 ? 'tcp' : proto === 17 ? 'udp' : 'sctp'}/${f.respPort[id]}` : proto === 1 ? 'icmp' : proto === 58 ? 'icmpv6' : `ip/${proto}`
    // A host offers a service when it answers on it (ICMP: echo); an ICMP error it receives is not one.
    const answers = f.respPkts[id] > 0 && (ported || f.origPort[id] === 8 || f.origPort[id] === 128)
    const book = isOrig ? used : answers ? offered : null
    if (book !== null) {
      const acc = book.get(service) ?? { flows: 0, bytes: 0, peers: new Set<number>(), app: appName(f.app[id], proto, f.origPort[id], f.respPort[id]) }
      acc.flows++
      acc.bytes += out + inn
      if (acc.peers.size < 10000) acc.peers.add(peer)
      book.set(service, acc)
    }
    if (proto === 6) {
      tcpPackets += packets
      const r = f.retransOrig[id] + f.retransResp[id]
      retransmissions += r
      if (inBin) retrans[bin] += r
      const state = CONN_STATE_NAMES[f.state[id]] ?? 'OTH'
      if (RESET_STATES.has(state)) {
        resetCount++
        if (inBin) resets[bin]++
      }
      if (isOrig && FAILED_STATES.has(state)) failed++
      const rtt = f.handshakeRtt[id]
      if (Number.isFinite(rtt)) {
        rtts.push(rtt)
        if (inBin) {
          rttSum[bin] += rtt
          rttCount[bin]++
        }
      }
    }
    if (Number.isFinite(f.jitter[id])) jitters.push(f.jitter[id])
    if (isUnreachable(proto, f.origPort[id])) {
      if (isOrig) unreachSent += f.origPkts[id]
      else unreachReceived += f.origPkts[id]
    }
  }
  const peerRows = [...peers].sort((a, b) => b[1].bytes - a[1].bytes || a[0] - b[0]).slice(0, 25).map(([peer, s]): HostPeer => {
    const r = hosts.rowOf[peer] ?? -1
    return { address: data.addresses.text(peer), name: hosts.names.get(peer) ?? null, role: r >= 0 ? roleName(hosts.role[r]) : 'other', ...s }
  })
  let totals = { bytesOut: 0, bytesIn: 0, packetsOut: 0, packetsIn: 0, flowsOut: 0, flowsIn: 0, peers: peers.size }
  if (row >= 0 && range === null) {
    totals = { bytesOut: hosts.bytesOut[row], bytesIn: hosts.bytesIn[row], packetsOut: hosts.packetsOut[row], packetsIn: hosts.packetsIn[row], flowsOut: hosts.flowsOut[row], flowsIn: hosts.flowsIn[row], peers: peers.size }
  } else if (row >= 0) {
    totals = { ...totals, bytesOut: bytesOut.reduce((s, x) => s + x, 0), bytesIn: bytesIn.reduce((s, x) => s + x, 0) }
  }
  return {
    address,
    found: row >= 0,
    name: row >= 0 ? (hosts.names.get(id0) ?? null) : null,
    role: row >= 0 ? roleName(hosts.role[row]) : 'other',
    offLink: row >= 0 && hosts.offLink[row] === 1,
    mac: row >= 0 && hosts.mac[row] !== 0 ? data.addresses.text(hosts.mac[row]) : null,
    totals,
    peers: peerRows,
    servicesOffered: topServices(offered, 20),
    servicesUsed: topServices(used, 20),
    series: {
      start: origin, binSeconds: width, bytesOut: [...bytesOut], bytesIn: [...bytesIn], flowsStarted: [...started], retransmissions: [...retrans],
      resets: [...resets], rtt: [...rttSum].map((s, i) => (rttCount[i] > 0 ? s / rttCount[i] : null)),
    },
    rtt: quantiles(rtts),
    jitter: quantiles(jitters),
    tcpPackets, retransmissions, resets: resetCount, failedConnections: failed, icmpUnreachableSent: unreachSent, icmpUnreachableReceived: unreachReceived,
  }
}

/** The host row of an address given as text (exact match of the formatted address), or -1. */
function findHost(book: { size: number; text(id: number): string }, hosts: { count: number; addr: Uint32Array }, address: string): number {
  if (address === '') return -1
  for (let r = 0; r < hosts.count; r++) if (book.text(hosts.addr[r]) === address) return r
  return -1
}
