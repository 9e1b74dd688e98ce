/**
 * Port scan (vertical): one source probing many services of one host. Fires on any of:
 *  - distinct services of the host reached by scan-like contacts (failed or probe-sized) within `windowSeconds`,
 *    against Zeek's port-scan threshold (policy/misc/scan.zeek: 15 ports in 5 minutes);
 *  - a Threshold Random Walk (Jung et al. 2004) over the first contacts to the host's distinct services, with
 *    at least `minTrwTargets` failed services;
 *  - the target's own ICMP errors: many port- or protocol-unreachable messages from one host to the source
 *    (a UDP or IP-protocol scan seen through its answers), and many distinct IP protocols sent to one host.
 */
import { IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_UDP } from '../flows/flow-key.ts'
import { FlowFlag } from '../flows/flow-columns.ts'
import { Outcome } from '../baseline/flow-outcome.ts'
import { servicePort } from '../baseline/service-keys.ts'
import { MITRE, severityFrom, type Alert } from './alert.ts'
import type { DetectContext } from './context.ts'
import type { Detector } from './detector.ts'
import { firstContacts, isScanLike, type Contact } from './first-contacts.ts'
import { maxInWindow, thresholdRandomWalk } from './trw.ts'

export type PortScanParams = {
  windowSeconds: number
  threshold: number
  minTrwTargets: number
  icmpErrorThreshold: number
  icmpErrorRate: number
}

export const portScan: Detector<PortScanParams> = {
  id: 'port-scan',
  name: 'Port scan',
  method: 'Distinct probed services per host and window (Zeek scan.zeek), Threshold Random Walk over first contacts per service (Jung et al. 2004), and ICMP port/protocol-unreachable answers',
  categories: ['port-scan'],
  modes: 'both',
  optIn: false,
  params: {
    windowSeconds: { default: 300, min: 1, max: 86400, unit: 's', label: 'Window', help: 'Sliding window for counting distinct probed services (Zeek: 5 min).' },
    threshold: { default: 15, min: 2, max: 65536, integer: true, label: 'Services per window', help: 'Distinct ports (or IP protocols) of one host probed within the window (Zeek port_scan_threshold 15).' },
    minTrwTargets: { default: 6, min: 1, max: 1000, integer: true, label: 'TRW minimum failures', help: 'Failed distinct services needed besides the random walk decision.' },
    icmpErrorRate: { default: 1, min: 0, max: 1e6, unit: '/s', label: 'ICMP unreachable rate', help: 'Slower trickles of unreachables are late answers to ordinary traffic, not a scan.' },
    icmpErrorThreshold: { default: 15, min: 2, max: 100000, integer: true, label: 'ICMP unreachables', help: 'Port/protocol-unreachable messages from one host to one source within the window.' },
  },
  run(ctx, p) {
    const out: Alert[] = []
    for (const s of firstContacts(ctx, Math.min(p.minTrwTargets, p.threshold)).values()) {
      for (const [dst, list] of s.services) {
        const a = scanOf(ctx, s.src, dst, list, p)
        if (a !== null) out.push(a)
      }
    }
    out.push(...icmpErrorScans(ctx, p), ...protocolScans(ctx, p))
    return out
  },
}

/** UDP ports traceroute probes by default (33434 + hops): a path trace, not a port scan. */
function isTraceroute(key: number): boolean {
  return Math.floor(key / 65536) === IPPROTO_UDP && key % 65536 >= 33434 && key % 65536 <= 33534
}

function scanOf(ctx: DetectContext, src: number, dst: number, all: readonly Contact[], p: PortScanParams): Alert | null {
  const list = all.filter((k) => !isTraceroute(k.target))
  if (list.length < Math.min(p.threshold, p.minTrwTargets)) return null
  const scanLike = list.filter(isScanLike)
  const [inWindow, startIdx] = maxInWindow(scanLike.map((k) => k.time), p.windowSeconds)
  const failed = list.filter((k) => k.outcome === Outcome.Failure)
  const trw = thresholdRandomWalk(list.map((k) => k.outcome === Outcome.Success))
  const byTrw = trw.decidedAt >= 0 && failed.length >= p.minTrwTargets
  const byCount = inWindow >= p.threshold
  if (!byTrw && !byCount) return null
  const evidence = byCount ? scanLike.slice(startIdx, startIdx + inWindow) : failed
  const ports = list.map((k) => servicePort(k.target)).filter((x): x is number => x !== null)
  const open = list.filter((k) => k.outcome === Outcome.Success).map((k) => servicePort(k.target)).filter((x): x is number => x !== null)
  const strength = Math.min(1, Math.log10(Math.max(1, list.length)) / 3)
  const start = evidence[0]?.time ?? list[0].time
  const lastFlow = list[list.length - 1].flow
  const openText = open.length > 0 ? `; ${open.length} answered (${open.slice(0, 10).join(', ')}${open.length > 10 ? ', ...' : ''})` : ''
  return ctx.alert({
    detector: 'port-scan',
    category: 'port-scan',
    severity: severityFrom(0.35 + 0.6 * strength),
    confidence: Math.min(0.99, (byTrw ? 0.55 : 0.3) + (byCount ? 0.35 : 0) + 0.09 * strength),
    start,
    end: Math.max(start, ctx.c.last[lastFlow]),
    src: [src],
    dst: [dst],
    ports,
    metric: 'distinct services probed per window',
    unit: 'services',
    observed: Math.max(inWindow, failed.length),
    baseline: p.threshold,
    baselineSource: 'default',
    evidence: evidence.map((k) => k.flow),
    evidenceCount: list.length,
    explanation: `${ctx.addr(src)} contacted ${list.length} distinct services on ${ctx.addr(dst)}, ${failed.length} of them refused or unanswered${openText}: ${byCount ? `${inWindow} within ${p.windowSeconds} s` : `a Threshold Random Walk decided "scanner" after ${trw.decidedAt + 1} services`}.`,
    mitre: MITRE.networkServiceDiscovery,
  })
}

/** ICMP port/protocol unreachable floods from one host back to one source: the source scanned it. */
function icmpErrorScans(ctx: DetectContext, p: PortScanParams): Alert[] {
  const c = ctx.c
  const out: Alert[] = []
  // ICMP flows only (ctx.lists), in flow order.
  const icmp = ctx.lists.icmp
  for (let k = 0; k < icmp.length; k++) {
    const id = icmp[k]
    const proto = c.proto[id]
    const type = c.origPort[id]
    const code = c.respPort[id]
    const v4 = proto === IPPROTO_ICMP && type === 3 && (code === 2 || code === 3)
    const v6 = proto === IPPROTO_ICMPV6 && type === 1 && code === 4
    if (!v4 && !v6) continue
    const n = c.origPkts[id]
    const duration = c.last[id] - c.first[id]
    if (n < p.icmpErrorThreshold || n / Math.max(1, duration) < p.icmpErrorRate) continue
    const target = c.origAddr[id]
    const scanner = c.respAddr[id]
    const what = v4 && code === 2 ? 'protocol' : 'port'
    out.push(ctx.alert({
      detector: 'port-scan',
      category: 'port-scan',
      severity: severityFrom(0.35 + 0.6 * Math.min(1, Math.log10(n) / 3)),
      confidence: 0.75,
      start: c.first[id],
      end: c.last[id],
      src: [scanner],
      dst: [target],
      metric: `ICMP ${what}-unreachable messages`,
      unit: 'messages',
      observed: n,
      baseline: p.icmpErrorThreshold,
      baselineSource: 'default',
      evidence: [id],
      explanation: `${ctx.addr(target)} answered ${ctx.addr(scanner)} with ${n} ICMP ${what}-unreachable messages in ${duration.toFixed(2)} s: ${ctx.addr(scanner)} was probing ${what === 'protocol' ? 'IP protocols' : 'closed ports'} on it (${what === 'port' ? 'a port' : 'an IP protocol'} scan seen through the target's answers).`,
      mitre: MITRE.networkServiceDiscovery,
      key: what,
    }))
  }
  return out
}

/** Many distinct IP protocols (other than TCP, UDP, ICMP) sent from one host to another: an IP protocol scan. */
function protocolScans(ctx: DetectContext, p: PortScanParams): Alert[] {
  const c = ctx.c
  const pairs = new Map<string, { src: number; dst: number; protos: Set<number>; flows: number[]; first: number; last: number }>()
  // IP flows of other protocols than TCP, UDP and ICMP only (ctx.lists), in flow order.
  const others = ctx.lists.otherIp
  for (let k = 0; k < others.length; k++) {
    const id = others[k]
    const proto = c.proto[id]
    if ((c.flags[id] & FlowFlag.Tunnel) !== 0) continue
    const key = `${c.origAddr[id]} ${c.respAddr[id]}`
    let e = pairs.get(key)
    if (e === undefined) {
      e = { src: c.origAddr[id], dst: c.respAddr[id], protos: new Set(), flows: [], first: c.first[id], last: c.last[id] }
      pairs.set(key, e)
    }
    e.protos.add(proto)
    e.flows.push(id)
    e.last = Math.max(e.last, c.last[id])
  }
  const out: Alert[] = []
  for (const e of pairs.values()) {
    if (e.protos.size < p.threshold) continue
    out.push(ctx.alert({
      detector: 'port-scan',
      category: 'port-scan',
      severity: 'medium',
      confidence: 0.8,
      start: e.first,
      end: e.last,
      src: [e.src],
      dst: [e.dst],
      metric: 'distinct IP protocols',
      unit: 'protocols',
      observed: e.protos.size,
      baseline: p.threshold,
      baselineSource: 'default',
      evidence: e.flows,
      explanation: `${ctx.addr(e.src)} sent ${e.protos.size} different IP protocols to ${ctx.addr(e.dst)}: an IP protocol scan.`,
      mitre: MITRE.networkServiceDiscovery,
      key: 'ip-proto',
    }))
  }
  return out
}
