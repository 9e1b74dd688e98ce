/**
 * Beaconing: a host calling the same destination at regular intervals with regular sizes, as implants poll
 * their command-and-control server. Scored like RITA's beacon analysis (Active Countermeasures): per
 * (source, destination, service) the connection start times give intervals, scored by Bowley skewness
 * (symmetry) and MAD over median (dispersion); the connection sizes are scored the same way; a coverage score
 * rewards connections spread over the whole span. Each sub-score is 0..1, and jitter is tolerated because the
 * scores use quartiles and medians, not exact periods. Long single flows that tick regularly (a UDP beacon on
 * one socket) are scored from their inter-arrival mean and deviation. Infrastructure chatter (DNS, NTP, DHCP,
 * NetBIOS, mDNS, SSDP, LLMNR, syslog, SNMP) and multicast/broadcast are left out.
 */
import { FlowKind, IPPROTO_TCP, IPPROTO_UDP } from '../flows/flow-key.ts'
import { quantileSorted } from '../baseline/robust-stats.ts'
import { fmix32 } from '../lib/hash.ts'
import { MITRE, severityFrom, type Alert } from './alert.ts'
import type { DetectContext } from './context.ts'
import { portFlags } from './port-flags.ts'
import type { Detector } from './detector.ts'

export type BeaconParams = {
  minConnections: number
  minSpanSeconds: number
  minInterval: number
  threshold: number
  minPacketsInFlow: number
}

const INFRASTRUCTURE = new Set([53, 67, 68, 123, 137, 138, 139, 161, 162, 514, 546, 547, 1900, 5353, 5355, 3702])
const INFRASTRUCTURE_PORT = portFlags(INFRASTRUCTURE)

export const beaconing: Detector<BeaconParams> = {
  id: 'beaconing',
  name: 'Beaconing',
  method: 'RITA-style regularity scores of connection intervals and sizes (Bowley skewness, MAD/median, coverage), plus regular packet timing inside long flows',
  categories: ['beaconing'],
  modes: 'both',
  optIn: false,
  params: {
    minConnections: { default: 10, min: 3, max: 1e6, integer: true, label: 'Connections', help: 'Connections between the pair needed to judge regularity.' },
    minSpanSeconds: { default: 60, min: 1, max: 1e7, unit: 's', label: 'Span', help: 'The calls must spread over at least this long.' },
    minInterval: { default: 1, min: 0, max: 86400, unit: 's', label: 'Interval', help: 'Median interval below this is streaming or polling a UI, not a beacon.' },
    threshold: { default: 0.8, min: 0.5, max: 1, step: 0.01, label: 'Score', help: 'Beacon score (0..1) that raises an alert (RITA reports from about 0.7).' },
    minPacketsInFlow: { default: 20, min: 5, max: 1e9, integer: true, label: 'Packets in one flow', help: 'A single long flow needs this many packets to be scored.' },
  },
  run(ctx, p) {
    const c = ctx.c
    // source -> destination -> protocol/port -> flows (small-integer keys at every level)
    const groups = new Map<number, Map<number, Map<number, number[]>>>()
    const out: Alert[] = []
    // Most (source, destination, service) groups hold a flow or two. Flows are counted per hashed group
    // first; a collision only adds to a count, so every group with minConnections flows still gets them
    // all, and the maps below are built for the few groups that can be scored.
    const mask = (1 << Math.min(22, Math.max(10, Math.ceil(Math.log2(ctx.count + 1)) + 1))) - 1
    const counts = new Uint32Array(mask + 1)
    // The eligible flows and their groups' hash buckets, in flow order, in one pass.
    const eligible = new Int32Array(ctx.count)
    const buckets = new Int32Array(ctx.count)
    let n = 0
    for (let id = 0; id < ctx.count; id++) {
      if (c.kind[id] !== FlowKind.IP) continue
      const proto = c.proto[id]
      if (proto !== IPPROTO_TCP && proto !== IPPROTO_UDP) continue
      if (INFRASTRUCTURE_PORT[c.respPort[id]] === 1 || INFRASTRUCTURE_PORT[c.origPort[id]] === 1) continue
      if (!ctx.classes.isHost(c.respAddr[id]) || !ctx.classes.isHost(c.origAddr[id])) continue
      const bucket = groupHash(c.origAddr[id], c.respAddr[id], serviceOf(proto, c.respPort[id])) & mask
      eligible[n] = id
      buckets[n++] = bucket
      counts[bucket]++
    }
    for (let k = 0; k < n; k++) {
      const id = eligible[k]
      const single = singleFlowBeacon(ctx, id, p)
      if (single !== null) out.push(single)
      if (counts[buckets[k]] < p.minConnections) continue
      const proto = c.proto[id]
      let bySrc = groups.get(c.origAddr[id])
      if (bySrc === undefined) {
        bySrc = new Map()
        groups.set(c.origAddr[id], bySrc)
      }
      let byDst = bySrc.get(c.respAddr[id])
      if (byDst === undefined) {
        byDst = new Map()
        bySrc.set(c.respAddr[id], byDst)
      }
      const key = serviceOf(proto, c.respPort[id])
      const list = byDst.get(key)
      if (list === undefined) byDst.set(key, [id])
      else list.push(id)
    }
    for (const bySrc of groups.values()) {
      for (const byDst of bySrc.values()) {
        for (const flows of byDst.values()) {
          if (flows.length < p.minConnections) continue
          const a = pairBeacon(ctx, flows, p)
          if (a !== null) out.push(a)
        }
      }
    }
    return out
  },
}

function serviceOf(proto: number, port: number): number {
  return (proto === IPPROTO_TCP ? 0 : 65536) + port
}

function groupHash(src: number, dst: number, service: number): number {
  return fmix32(Math.imul(fmix32(src) ^ dst, 0x9e3779b1) ^ service)
}

/** RITA's two regularity scores of a sample: 1 - |Bowley skewness| and 1 - MAD/median (clamped 0..1). */
export function regularity(values: readonly number[]): { skew: number; madm: number; median: number } {
  const sorted = Float64Array.from(values).sort()
  const q1 = quantileSorted(sorted, 0.25)
  const q2 = quantileSorted(sorted, 0.5)
  const q3 = quantileSorted(sorted, 0.75)
  const bowley = q3 - q1 > 1e-9 ? (q3 + q1 - 2 * q2) / (q3 - q1) : 0
  const dev = Float64Array.from(values, (v) => Math.abs(v - q2)).sort()
  const madm = quantileSorted(dev, 0.5)
  return { skew: 1 - Math.min(1, Math.abs(bowley)), madm: q2 > 0 ? Math.max(0, 1 - madm / q2) : 0, median: q2 }
}

function pairBeacon(ctx: DetectContext, flows: readonly number[], p: BeaconParams): Alert | null {
  const c = ctx.c
  const times = flows.map((id) => c.first[id]).sort((a, b) => a - b)
  const span = times[times.length - 1] - times[0]
  if (span < p.minSpanSeconds) return null
  const intervals: number[] = []
  for (let i = 1; i < times.length; i++) intervals.push(times[i] - times[i - 1])
  const ts = regularity(intervals)
  if (ts.median < p.minInterval) return null
  const ds = regularity(flows.map((id) => c.origPayload[id] + c.respPayload[id]))
  // Coverage: connections present over the span as a steady period would place them.
  const coverage = Math.min(1, intervals.length / Math.max(1, span / ts.median))
  const score = 0.25 * ts.skew + 0.3 * ts.madm + 0.15 * coverage + 0.15 * ds.skew + 0.15 * ds.madm
  if (score < p.threshold) return null
  const src = c.origAddr[flows[0]]
  const dst = c.respAddr[flows[0]]
  const port = c.respPort[flows[0]]
  return ctx.alert({
    detector: 'beaconing', category: 'beaconing', severity: severityFrom(0.2 + 0.6 * (score - p.threshold) / (1 - p.threshold + 1e-9)), confidence: Math.min(0.95, score),
    start: times[0], end: c.last[flows[flows.length - 1]], src: [src], dst: [dst], ports: [port],
    metric: 'beacon score', unit: 'score', observed: score, baseline: p.threshold, baselineSource: 'default',
    evidence: flows.slice(0, 200), evidenceCount: flows.length,
    explanation: `${ctx.addr(src)} connected to ${ctx.addr(dst)}:${port} ${flows.length} times over ${Math.round(span)} s, every ${ts.median.toFixed(1)} s (median) with interval regularity ${(ts.madm * 100).toFixed(0)}% and size regularity ${(ds.madm * 100).toFixed(0)}% (score ${score.toFixed(2)}): a beacon pattern (command-and-control polling, or a scheduled job).`,
    mitre: MITRE.applicationLayerProtocol,
  })
}

function singleFlowBeacon(ctx: DetectContext, id: number, p: BeaconParams): Alert | null {
  const c = ctx.c
  const pkts = c.origPkts[id] + c.respPkts[id]
  const duration = c.last[id] - c.first[id]
  const mean = c.iatMean[id]
  const sd = c.iatStd[id]
  if (pkts < p.minPacketsInFlow || duration < p.minSpanSeconds || !(mean >= p.minInterval) || !Number.isFinite(sd)) return null
  // Both directions tick in one flow: a request and its answer are one beat apart, so judge the originator's beat.
  const beat = c.respPkts[id] > 0 ? duration / Math.max(1, c.origPkts[id] - 1) : mean
  const cv = sd / mean
  const sizeSpread = c.payloadPkts[id] > 0 ? (c.payloadMax[id] - c.payloadMin[id]) / Math.max(1, c.payloadMax[id]) : 0
  const score = 0.6 * Math.max(0, 1 - cv) + 0.4 * Math.max(0, 1 - sizeSpread)
  if (score < p.threshold || c.respPkts[id] > c.origPkts[id] * 1.5) return null
  return ctx.alert({
    detector: 'beaconing', category: 'beaconing', severity: 'low', confidence: Math.min(0.8, score * 0.85),
    start: c.first[id], end: c.last[id], src: [c.origAddr[id]], dst: [c.respAddr[id]], ports: [c.respPort[id]],
    metric: 'beacon score', unit: 'score', observed: score, baseline: p.threshold, baselineSource: 'default', evidence: [id],
    explanation: `One flow from ${ctx.addr(c.origAddr[id])} to ${ctx.addr(c.respAddr[id])}:${c.respPort[id]} carried ${pkts} packets over ${Math.round(duration)} s at a steady beat of about ${beat.toFixed(1)} s (timing variation ${(cv * 100).toFixed(0)}%, sizes within ${(sizeSpread * 100).toFixed(0)}%): a beacon on one socket.`,
    mitre: MITRE.applicationLayerProtocol, key: `flow-${id}`,
  })
}
