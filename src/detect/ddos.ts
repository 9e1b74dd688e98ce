/**
 * Denial of service beyond a single flood: (1) fan-in: many sources sending toward one host at a high rate,
 * mostly without getting a conversation going (spoofed or botnet floods); (2) reflection/amplification: replies
 * from many servers of amplifying UDP services (DNS, NTP, SNMP, SSDP, memcached, CLDAP, chargen, ...) to one host
 * that asked for little or nothing (US-CERT TA14-017A lists the services and amplification factors);
 * (3) connection flood: one source completing connections to one service at a high rate.
 */
import { FlowFlag } from '../flows/flow-columns.ts'
import { FlowKind, IPPROTO_TCP } from '../flows/flow-key.ts'
import { Outcome } from '../baseline/flow-outcome.ts'
import { MITRE, severityFrom, type Alert } from './alert.ts'
import type { DetectContext } from './context.ts'
import { portFlags } from './port-flags.ts'
import type { Detector } from './detector.ts'
import { TargetTable } from './victim-bins.ts'
import { connectingSources, unansweredTargets } from './ddos-candidates.ts'

export type DdosParams = {
  fanIn: number
  fanInRate: number
  failedShare: number
  reflectors: number
  amplification: number
  reflectionRate: number
  connectionRate: number
  windowSeconds: number
}

/** UDP services abused for amplification (TA14-017A and later advisories). */
const AMPLIFIERS = new Set([17, 19, 53, 69, 111, 123, 137, 161, 389, 1900, 3283, 3702, 5093, 5353, 5683, 10001, 11211, 27015, 37810])
/** AMPLIFIERS as a port table, for the per-flow test. */
const AMPLIFYING_PORT = portFlags(AMPLIFIERS)

export const ddos: Detector<DdosParams> = {
  id: 'ddos',
  name: 'DDoS, reflection and connection floods',
  method: 'Source fan-in with failed-attempt share, reflected response/request byte asymmetry from amplifying UDP services, and completed-connection rate per source',
  categories: ['ddos'],
  modes: 'both',
  optIn: false,
  params: {
    fanIn: { default: 50, min: 2, max: 1e7, integer: true, label: 'Sources', help: 'Distinct sources toward one host that make an attack distributed.' },
    fanInRate: { default: 50, min: 1, max: 1e8, unit: '/s', label: 'Fan-in rate', help: 'Packets per second toward the host from those sources.' },
    failedShare: { default: 0.5, min: 0, max: 1, step: 0.05, label: 'Failed share', help: 'Share of the flows that got no conversation going (a busy server answers most).' },
    reflectors: { default: 5, min: 1, max: 1e6, integer: true, label: 'Reflectors', help: 'Distinct amplifying servers replying to one host.' },
    amplification: { default: 10, min: 1, max: 1e4, label: 'Amplification', help: 'Reply bytes per request byte from those servers.' },
    reflectionRate: { default: 100, min: 1, max: 1e8, unit: '/s', label: 'Reflected rate', help: 'Reply packets per second reaching the host.' },
    connectionRate: { default: 50, min: 1, max: 1e7, unit: '/s', label: 'Connection rate', help: 'Completed connections per second from one source to one service.' },
    windowSeconds: { default: 10, min: 1, max: 3600, unit: 's', label: 'Window', help: 'Window whose rate is compared with the thresholds.' },
  },
  run(ctx, p) {
    return [...fanIn(ctx, p), ...reflection(ctx, p), ...connectionFlood(ctx, p)]
  },
}

function fanIn(ctx: DetectContext, p: DdosParams): Alert[] {
  const c = ctx.c
  const table = new TargetTable()
  const failed = new Map<number, number>()
  const eligible = (id: number): boolean => c.kind[id] === FlowKind.IP && (c.flags[id] & FlowFlag.Tunnel) === 0 && ctx.classes.isHost(c.respAddr[id])
  // A TCP attempt that began with a SYN and never completed its handshake got no conversation going either, even
  // when the target answered SYN-ACK (a flooded server does, until its backlog is full).
  const halfOpen = (id: number): boolean => c.proto[id] === IPPROTO_TCP && (c.flags[id] & FlowFlag.SynSeen) !== 0 && (c.flags[id] & FlowFlag.Handshake) === 0
  const unanswered = (id: number): boolean => ctx.outcomes[id] === Outcome.Failure || c.respPkts[id] === 0 || halfOpen(id)
  // A finding needs fanIn sources and a failedShare of unanswered flows: at least fanIn x failedShare of them.
  const busy = unansweredTargets(ctx, Math.max(1, p.fanIn * p.failedShare))
  for (let id = 0; id < ctx.count; id++) {
    const dst = c.respAddr[id]
    if (!busy.has(dst) || !eligible(id)) continue
    table.of(dst).add(id, c.origAddr[id], c.first[id], c.last[id], c.origPkts[id], c.respPkts[id], 1)
    if (unanswered(id)) failed.set(dst, (failed.get(dst) ?? 0) + 1)
  }
  const out: Alert[] = []
  for (const t of table.byTarget.values()) {
    if (t.sources.size < p.fanIn) continue
    const w = t.busiestWindow(Math.max(1, Math.round(p.windowSeconds)))
    const rate = w.attempts / w.activeBins
    const share = (failed.get(t.target) ?? 0) / t.flowCount
    if (rate < p.fanInRate || share < p.failedShare) continue
    const strength = Math.min(1, Math.log10(t.sources.size / p.fanIn + 1) + Math.log10(rate / p.fanInRate + 1) / 2)
    out.push(ctx.alert({
      detector: 'ddos', category: 'ddos', severity: severityFrom(0.6 + 0.4 * strength), confidence: Math.min(0.95, 0.5 + 0.4 * share + 0.05 * strength),
      start: t.first, end: t.last, src: [...t.sources].slice(0, 50), srcCount: t.sources.size, dst: [t.target],
      metric: 'distinct sources toward one host', unit: 'sources', observed: t.sources.size, baseline: p.fanIn, baselineSource: 'default',
      evidence: t.flows, evidenceCount: t.flowCount,
      explanation: `${ctx.addr(t.target)} received ${Math.round(rate)} packets per second from ${t.sources.size} distinct sources; ${(100 * share).toFixed(0)}% of their ${t.flowCount} flows got no answer or no handshake: a distributed flood.`,
      mitre: MITRE.networkFlood, key: 'fan-in',
    }))
  }
  return out
}

function reflection(ctx: DetectContext, p: DdosParams): Alert[] {
  const c = ctx.c
  const byVictim = new Map<number, { reflectors: Set<number>; amplifying: Set<number>; ports: Set<number>; reqBytes: number; repBytes: number; repPkts: number; flows: number[]; first: number; last: number; ampFirst: number; ampLast: number }>()
  // Replies per second are measured in the busiest window, not over the victim's whole span: its ordinary DNS
  // lookups over an hour must not dilute a 30-second burst of reflected answers.
  const replies = new TargetTable()
  const maybe = reflectionSuspects(ctx, p)
  if (maybe.size === 0) return []
  // UDP flows only (ctx.lists), in flow order.
  const udp = ctx.lists.udp
  for (let k = 0; k < udp.length; k++) {
    const id = udp[k]
    if (AMPLIFYING_PORT[c.respPort[id]] !== 1) continue
    const victim = c.origAddr[id]
    if (!maybe.has(victim) || !ctx.classes.isHost(victim) || c.respPkts[id] === 0) continue
    let v = byVictim.get(victim)
    if (v === undefined) {
      v = { reflectors: new Set(), amplifying: new Set(), ports: new Set(), reqBytes: 0, repBytes: 0, repPkts: 0, flows: [], first: c.first[id], last: c.last[id], ampFirst: Infinity, ampLast: -Infinity }
      byVictim.set(victim, v)
    }
    v.reflectors.add(c.respAddr[id])
    v.ports.add(c.respPort[id])
    v.reqBytes += c.origPayload[id]
    v.repBytes += c.respPayload[id]
    v.repPkts += c.respPkts[id]
    // The alert names the flows that amplified, their servers and their time: the victim's own lookups to its
    // resolver are not part of the attack (the totals above still count them, as the thresholds expect).
    if (c.respPayload[id] >= p.amplification * Math.max(1, c.origPayload[id])) {
      if (v.flows.length < 5000) v.flows.push(id)
      v.amplifying.add(c.respAddr[id])
      v.ampFirst = Math.min(v.ampFirst, c.first[id])
      v.ampLast = Math.max(v.ampLast, c.last[id])
    }
    v.first = Math.min(v.first, c.first[id])
    v.last = Math.max(v.last, c.last[id])
  }
  // Every ordinary DNS or NTP client is a "victim" above; only those whose totals could pass are binned. The
  // busiest window's reply rate is at most the total reply packets (a window holds at least one bin), hence
  // the total as a bound (with room for rounding in the spread over bins).
  const possible = new Set<number>()
  for (const [victim, v] of byVictim) {
    const factor = v.repBytes / Math.max(1, v.reqBytes)
    if (v.reflectors.size >= p.reflectors && factor >= p.amplification && v.repPkts * (1 + 1e-9) >= p.reflectionRate) possible.add(victim)
  }
  if (possible.size > 0) {
    for (let k = 0; k < udp.length; k++) {
      const id = udp[k]
      if (!possible.has(c.origAddr[id]) || AMPLIFYING_PORT[c.respPort[id]] !== 1 || c.respPkts[id] === 0) continue
      replies.of(c.origAddr[id]).add(id, c.respAddr[id], c.first[id], c.last[id], c.respPkts[id], c.origPkts[id], 1)
    }
  }
  const out: Alert[] = []
  for (const [victim, v] of byVictim) {
    if (!possible.has(victim)) continue
    const factor = v.repBytes / Math.max(1, v.reqBytes)
    const w = replies.of(victim).busiestWindow(Math.max(1, Math.round(p.windowSeconds)))
    const rate = w.attempts / w.activeBins
    if (v.reflectors.size < p.reflectors || factor < p.amplification || rate < p.reflectionRate) continue
    out.push(ctx.alert({
      detector: 'ddos', category: 'ddos', severity: severityFrom(0.7 + 0.3 * Math.min(1, Math.log10(factor) / 3)), confidence: 0.8,
      start: v.amplifying.size > 0 ? v.ampFirst : v.first, end: v.amplifying.size > 0 ? v.ampLast : v.last,
      src: [...(v.amplifying.size > 0 ? v.amplifying : v.reflectors)].slice(0, 50), srcCount: v.reflectors.size, dst: [victim], ports: [...v.ports],
      metric: 'reply bytes per request byte', unit: 'ratio', observed: factor, baseline: p.amplification, baselineSource: 'default',
      evidence: v.flows,
      explanation: `${v.reflectors.size} servers of amplifying UDP services (ports ${[...v.ports].join(', ')}) sent ${ctx.addr(victim)} ${Math.round(rate)} reply packets per second, ${factor.toFixed(1)} bytes for every byte it sent them: reflection/amplification.`,
      mitre: MITRE.reflectionAmplification, key: 'reflection',
    }))
  }
  return out
}

interface ConnectionRun {
  readonly src: number
  readonly dst: number
  readonly port: number
  readonly times: number[]
  readonly flows: number[]
}

/**
 * The hosts that could pass reflection()'s thresholds on totals: every ordinary DNS or NTP client gets replies
 * from an amplifying service, and only the few with enough flows (distinct reflectors cannot outnumber them),
 * reply bytes per request byte and reply packets need the sets and lists reflection() keeps per victim. The
 * totals are the same sums in the same flow order as reflection()'s.
 */
function reflectionSuspects(ctx: DetectContext, p: DdosParams): Set<number> {
  const c = ctx.c
  const size = ctx.source.addresses.size + 1
  const slot = new Int32Array(size).fill(-1)
  // Per victim slot: flows, request payload, reply payload, reply packets.
  let sums = new Float64Array(4 * 64)
  let slots = 0
  const victims: number[] = []
  const out = new Set<number>()
  // UDP flows only (ctx.lists), in flow order.
  const udp = ctx.lists.udp
  for (let u = 0; u < udp.length; u++) {
    const id = udp[u]
    if (AMPLIFYING_PORT[c.respPort[id]] !== 1) continue
    const victim = c.origAddr[id]
    if (!ctx.classes.isHost(victim) || c.respPkts[id] === 0) continue
    if (victim >= size) {
      // Not an interned id (not expected): left for reflection() to judge.
      out.add(victim)
      continue
    }
    let k = slot[victim]
    if (k < 0) {
      k = slot[victim] = slots++
      victims.push(victim)
      if (4 * slots > sums.length) {
        const grown = new Float64Array(2 * sums.length)
        grown.set(sums)
        sums = grown
      }
    }
    sums[4 * k] += 1
    sums[4 * k + 1] += c.origPayload[id]
    sums[4 * k + 2] += c.respPayload[id]
    sums[4 * k + 3] += c.respPkts[id]
  }
  for (let k = 0; k < slots; k++) {
    const factor = sums[4 * k + 2] / Math.max(1, sums[4 * k + 1])
    if (sums[4 * k] >= p.reflectors && factor >= p.amplification && sums[4 * k + 3] * (1 + 1e-9) >= p.reflectionRate) out.add(victims[k])
  }
  return out
}

function connectionFlood(ctx: DetectContext, p: DdosParams): Alert[] {
  const c = ctx.c
  // Per (source, destination, port): a Map per source keyed by destination and port (no text key per flow), and
  // the entries in the order they were first seen, which is the order they are reported in.
  const table = new Map<number, Map<number, ConnectionRun>>()
  const runs: ConnectionRun[] = []
  const need = p.connectionRate * p.windowSeconds
  const completed = (id: number): boolean => c.kind[id] === FlowKind.IP && c.proto[id] === IPPROTO_TCP && (c.flags[id] & FlowFlag.Handshake) !== 0
  // Only sources with enough completed connections overall are grouped per target and port.
  const busy = connectingSources(ctx, need)
  for (let id = 0; id < ctx.count; id++) {
    if (!busy.has(c.origAddr[id]) || !completed(id)) continue
    let bySrc = table.get(c.origAddr[id])
    if (bySrc === undefined) {
      bySrc = new Map()
      table.set(c.origAddr[id], bySrc)
    }
    // Ports are below 65,536 and address ids below 2^32: the key is an exact integer.
    const key = c.respAddr[id] * 65536 + c.respPort[id]
    let e = bySrc.get(key)
    if (e === undefined) {
      e = { src: c.origAddr[id], dst: c.respAddr[id], port: c.respPort[id], times: [], flows: [] }
      bySrc.set(key, e)
      runs.push(e)
    }
    e.times.push(c.first[id])
    if (e.flows.length < 5000) e.flows.push(id)
  }
  const out: Alert[] = []
  for (const e of runs) {
    if (e.times.length < need) continue
    let best = 0
    let lo = 0
    for (let hi = 0; hi < e.times.length; hi++) {
      while (e.times[hi] - e.times[lo] >= p.windowSeconds) lo++
      best = Math.max(best, hi - lo + 1)
    }
    if (best < need) continue
    const rate = best / p.windowSeconds
    out.push(ctx.alert({
      detector: 'ddos', category: 'ddos', severity: severityFrom(0.5 + 0.3 * Math.min(1, rate / (10 * p.connectionRate))), confidence: 0.7,
      start: e.times[0], end: e.times[e.times.length - 1], src: [e.src], dst: [e.dst], ports: [e.port],
      metric: 'completed connections per second', unit: 'connections/s', observed: rate, baseline: p.connectionRate, baselineSource: 'default',
      evidence: e.flows, evidenceCount: e.times.length,
      explanation: `${ctx.addr(e.src)} completed ${e.times.length} connections to port ${e.port} of ${ctx.addr(e.dst)}, up to ${rate.toFixed(0)} per second: a connection flood (or a load test).`,
      mitre: MITRE.serviceExhaustionFlood, key: `conn-${e.port}`,
    }))
  }
  return out
}
