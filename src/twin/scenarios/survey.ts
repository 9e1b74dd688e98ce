/**
 * What the scenarios need to know about the traffic they are injected into, read from its analysis: the time
 * span and rates (so a spike or a latency shift is sized against what is normal there), the IPv4 hosts with
 * their MAC addresses, whether they are internal, the services they answered on, the router's MAC (the MAC
 * that external addresses appear behind) and the DNS servers. Plain data (JSON-able) so it can cross a worker
 * boundary or be printed.
 */
import { classifyIPv4, INTERNAL, NOT_A_HOST } from '../../baseline/address-class.ts'
import type { CaptureAnalysis } from '../../analysis/capture-analysis.ts'
import { flowSourceOf } from '../../baseline/flow-source.ts'
import { FlowKind, IPPROTO_TCP, IPPROTO_UDP } from '../../flows/flow-key.ts'
import { AddrKind } from '../../model/address-table.ts'

export interface SurveyHost {
  readonly ip: string
  /** The MAC the host's own frames carry (null when only seen behind a router or not on Ethernet). */
  readonly mac: string | null
  readonly internal: boolean
  /** Flows the host took part in. */
  readonly flows: number
  /** TCP/UDP ports it answered on (most used first, at most 16). */
  readonly services: readonly number[]
  /** Flows it started. */
  readonly originated: number
}

export interface Survey {
  readonly start: number
  readonly end: number
  readonly packets: number
  readonly bytes: number
  /** TCP flows per second (the latency scenario must outnumber them to move a window's median). */
  readonly tcpFlowsPerSecond: number
  /** Median handshake RTT of the TCP flows, seconds (null when none completed one). */
  readonly medianRtt: number | null
  readonly hosts: readonly SurveyHost[]
  readonly gatewayMac: string | null
  readonly dnsServers: readonly string[]
  readonly linkTypes: readonly number[]
}

interface Tally {
  mac: Map<number, number>
  flows: number
  originated: number
  services: Map<number, number>
}

const MAX_HOSTS = 4096

function bump(m: Map<number, number>, k: number, by = 1): void {
  m.set(k, (m.get(k) ?? 0) + by)
}

function topKey(m: Map<number, number>): number {
  let best = 0
  let bestN = -1
  for (const [k, n] of m) if (n > bestN || (n === bestN && k < best)) [best, bestN] = [k, n]
  return best
}

/** The most used unicast MAC of a tally, as text (null when there is none). */
function unicastTop(m: Map<number, number>, format: (id: number) => string): string | null {
  for (const k of [...m.keys()]) if ((parseInt(format(k).slice(0, 2), 16) & 1) !== 0) m.delete(k)
  return m.size > 0 ? format(topKey(m)) : null
}

/** Surveys a finished analysis (call analysis.finish first, or pass a partial one: it is read as it stands). */
export function surveyAnalysis(analysis: CaptureAnalysis, linkTypes: readonly number[]): Survey {
  const src = flowSourceOf(analysis)
  const c = src.columns
  const addrs = src.addresses
  const tallies = new Map<number, Tally>()
  const gateway = new Map<number, number>()
  const dns = new Map<number, number>()
  let tcpFlows = 0
  const rtts: number[] = []
  const tally = (id: number): Tally | null => {
    if (addrs.kind(id) !== AddrKind.IPv4) return null
    let t = tallies.get(id)
    if (t === undefined) {
      if (tallies.size >= MAX_HOSTS) return null
      t = { mac: new Map(), flows: 0, originated: 0, services: new Map() }
      tallies.set(id, t)
    }
    return t
  }
  for (let f = 0; f < src.count; f++) {
    if (c.kind[f] !== FlowKind.IP) continue
    const proto = c.proto[f]
    if (proto === IPPROTO_TCP) {
      tcpFlows++
      if (Number.isFinite(c.handshakeRtt[f]) && rtts.length < 100_000) rtts.push(c.handshakeRtt[f])
    }
    const o = c.origAddr[f]
    const r = c.respAddr[f]
    const oc = addrs.kind(o) === AddrKind.IPv4 ? classifyIPv4(addrs.ipv4Value(o)) : 0
    const rc = addrs.kind(r) === AddrKind.IPv4 ? classifyIPv4(addrs.ipv4Value(r)) : 0
    const to = (oc & NOT_A_HOST) === 0 ? tally(o) : null
    const tr = (rc & NOT_A_HOST) === 0 ? tally(r) : null
    if (to !== null) {
      to.flows++
      to.originated++
      if (c.origMac[f] !== 0) bump((oc & INTERNAL) !== 0 ? to.mac : gateway, c.origMac[f])
    }
    if (tr !== null) {
      tr.flows++
      if (c.respMac[f] !== 0) bump((rc & INTERNAL) !== 0 ? tr.mac : gateway, c.respMac[f])
      const answered = c.respPkts[f] > 0
      if (answered && (proto === IPPROTO_TCP || proto === IPPROTO_UDP)) bump(tr.services, c.respPort[f])
      if (answered && c.respPort[f] === 53) bump(dns, r)
    }
  }
  const hosts: SurveyHost[] = []
  for (const [id, t] of tallies) {
    const cls = classifyIPv4(addrs.ipv4Value(id))
    const internal = (cls & INTERNAL) !== 0
    // Only a unicast MAC can be a host's own (a group MAC, bit 0 of the first octet, is a frame's destination).
    for (const m of [...t.mac.keys()]) if ((parseInt(addrs.format(m).slice(0, 2), 16) & 1) !== 0) t.mac.delete(m)
    const macId = t.mac.size > 0 ? topKey(t.mac) : 0
    const services = [...t.services].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 16).map(([p]) => p)
    hosts.push({ ip: addrs.format(id), mac: internal && macId !== 0 ? addrs.format(macId) : null, internal, flows: t.flows, services, originated: t.originated })
  }
  hosts.sort((a, b) => b.flows - a.flows || (a.ip < b.ip ? -1 : 1))
  const span = Math.max(0, src.end - src.start)
  return {
    start: Number.isFinite(src.start) ? src.start : 0,
    end: Number.isFinite(src.end) ? src.end : 0,
    packets: analysis.stats.packets,
    bytes: analysis.stats.bytes,
    tcpFlowsPerSecond: span > 0 ? tcpFlows / span : 0,
    medianRtt: rtts.length > 0 ? rtts.sort((a, b) => a - b)[Math.floor(rtts.length / 2)] : null,
    hosts,
    gatewayMac: unicastTop(gateway, (id) => addrs.format(id)),
    dnsServers: [...dns].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([id]) => addrs.format(id)),
    linkTypes,
  }
}
