/**
 * Host sweep (horizontal scan): one source probing many hosts (ping sweeps, ARP scans, one port across a
 * range). Two tests, either fires:
 *  - Threshold Random Walk (trw.ts) over the outcomes of the source's first contacts to distinct hosts, with at
 *    least `minTrwTargets` failed hosts (Jung et al. 2004);
 *  - distinct hosts reached by scan-like contacts (failed or probe-sized) within `windowSeconds`, against
 *    Zeek's address-scan threshold (policy/misc/scan.zeek: 25 hosts in 5 minutes).
 * Self-contained: a baseline adds the host's usual fan-out as the comparison value but never hides a sweep.
 *
 * ARP requests sent from a gateway's MAC (the link-layer side of traffic with addresses outside the local
 * networks) are not sweep evidence: routers keep their neighbour tables fresh by asking for every host they
 * deliver to or lease to, again and again, whether the host is up or not (RFC 1122 section 2.3.2.1, RFC 4861
 * neighbour unreachability detection). Their TCP, UDP and ICMP probes still count.
 */
import { MITRE, severityFrom, type Alert } from './alert.ts'
import type { DetectContext } from './context.ts'
import type { Detector } from './detector.ts'
import { firstContacts, isScanLike, type Contact } from './first-contacts.ts'
import { maxInWindow, thresholdRandomWalk } from './trw.ts'
import { FlowKind, IPPROTO_ICMP, IPPROTO_ICMPV6 } from '../flows/flow-key.ts'
import { Outcome } from '../baseline/flow-outcome.ts'
import { servicePort, serviceKeyOf } from '../baseline/service-keys.ts'

export type HostSweepParams = {
  windowSeconds: number
  threshold: number
  minTrwTargets: number
  theta0: number
  theta1: number
  fastThreshold: number
  fastWindowSeconds: number
}

export const hostSweep: Detector<HostSweepParams> = {
  id: 'host-sweep',
  name: 'Host sweep',
  method: 'Threshold Random Walk on first-contact outcomes (Jung et al. 2004) plus distinct scan-like destinations per window (Zeek scan.zeek thresholds)',
  categories: ['host-sweep'],
  modes: 'both',
  optIn: false,
  params: {
    windowSeconds: { default: 300, min: 1, max: 86400, unit: 's', label: 'Window', help: 'Sliding window for counting distinct probed hosts (Zeek: 5 min).' },
    threshold: { default: 25, min: 2, max: 100000, integer: true, label: 'Hosts per window', help: 'Distinct hosts probed or failed within the window that make a sweep (Zeek addr_scan_threshold 25).' },
    minTrwTargets: { default: 5, min: 1, max: 1000, integer: true, label: 'TRW minimum failures', help: 'Failed distinct hosts needed besides the random walk decision.' },
    fastThreshold: { default: 10, min: 2, max: 100000, integer: true, label: 'Fast sweep hosts', help: 'Distinct hosts sent bare probes (ICMP echo, ARP request, TCP/UDP without payload) within the fast window.' },
    fastWindowSeconds: { default: 10, min: 0.1, max: 3600, unit: 's', label: 'Fast sweep window', help: 'A burst of bare probes to this many hosts this quickly is a sweep even when the hosts answer.' },
    theta0: { default: 0.8, min: 0.5, max: 0.99, step: 0.01, label: 'TRW benign success', help: 'Probability that a benign host\'s first contact succeeds (Jung et al.: 0.8).' },
    theta1: { default: 0.2, min: 0.01, max: 0.5, step: 0.01, label: 'TRW scanner success', help: 'Probability that a scanner\'s first contact succeeds (Jung et al.: 0.2).' },
  },
  run(ctx, p) {
    const out: Alert[] = []
    // The gateways matter only for ARP contacts: found on the first source that has one (often none has).
    let found: ReadonlySet<number> | null = null
    for (const s of firstContacts(ctx, Math.min(p.minTrwTargets, p.threshold, p.fastThreshold)).values()) {
      const gateways = hasArp(ctx, s.hostFlows) ? (found ??= gatewayMacs(ctx)) : NO_GATEWAYS
      if (!maySweep(ctx, s.hostFlows, gateways, p)) continue
      const hosts = gateways.size === 0 ? s.hosts : s.hosts.filter((k) => !(ctx.c.kind[k.flow] === FlowKind.ARP && gateways.has(ctx.c.origMac[k.flow])))
      const alert = sweepOf(ctx, s.src, hosts, p)
      if (alert !== null) out.push(alert)
    }
    return out
  },
}

/** No gateway MACs: the contacts need no ARP filter. */
export const NO_GATEWAYS: ReadonlySet<number> = new Set()

function hasArp(ctx: DetectContext, flows: Int32Array): boolean {
  const kind = ctx.c.kind
  for (let k = 0; k < flows.length; k++) if (kind[flows[k]] === FlowKind.ARP) return true
  return false
}

/**
 * Whether sweepOf fires for these first-contact flows, decided from the flows alone (no contact objects): the
 * same contacts (after the gateway ARP filter), the same three tests on the same sequences. Most sources are
 * ordinary clients that pass none, and only the few that do get their contacts made and an alert.
 */
export function maySweep(ctx: DetectContext, flows: Int32Array, gateways: ReadonlySet<number>, p: HostSweepParams): boolean {
  const c = ctx.c
  const outcomes = ctx.outcomes
  const probeFlags = ctx.probes
  const first = c.first
  const filter = gateways.size > 0
  const successes: boolean[] = []
  const scanTimes = new Float64Array(flows.length)
  const probeTimes = new Float64Array(flows.length)
  let scanLike = 0
  let probes = 0
  let failed = 0
  for (let k = 0; k < flows.length; k++) {
    const id = flows[k]
    if (filter && c.kind[id] === FlowKind.ARP && gateways.has(c.origMac[id])) continue
    const outcome = outcomes[id]
    const probe = probeFlags[id] === 1
    successes.push(outcome === Outcome.Success)
    if (outcome === Outcome.Failure) failed++
    if (outcome === Outcome.Failure || probe) scanTimes[scanLike++] = first[id]
    if (probe) probeTimes[probes++] = first[id]
  }
  if (successes.length < Math.min(p.threshold, p.minTrwTargets)) return false
  if (scanLike >= p.threshold && maxInWindow(scanTimes.subarray(0, scanLike), p.windowSeconds)[0] >= p.threshold) return true
  if (probes >= p.fastThreshold && maxInWindow(probeTimes.subarray(0, probes), p.fastWindowSeconds)[0] >= p.fastThreshold) return true
  if (failed < p.minTrwTargets) return false
  return thresholdRandomWalk(successes, { theta0: p.theta0, theta1: p.theta1, detection: 0.99, falsePositive: 0.01 }).decidedAt >= 0
}

/** A MAC counts as a gateway when it is the local end of traffic with at least this many outside addresses. */
const GATEWAY_MIN_REMOTE = 2

/**
 * MACs of the gateways: the MACs standing for addresses outside the local networks (a host off the link is
 * reached through its router, so its frames carry the router's MAC).
 */
export function gatewayMacs(ctx: DetectContext): ReadonlySet<number> {
  return ctx.memo('gateway-macs', () => {
    const c = ctx.c
    const remotes = new Map<number, Set<number>>()
    // Consecutive flows mostly go through the same router: the last MAC's set is kept at hand (no lookup).
    let lastMac = -1
    let lastSet: Set<number> | null = null
    const note = (mac: number, addr: number): void => {
      if (mac === 0 || ctx.classes.isInternal(addr) || !ctx.classes.isHost(addr)) return
      let set = mac === lastMac ? lastSet : remotes.get(mac)
      if (set === undefined || set === null) {
        set = new Set()
        remotes.set(mac, set)
      }
      lastMac = mac
      lastSet = set
      if (set.size < GATEWAY_MIN_REMOTE) set.add(addr)
    }
    for (let id = 0; id < ctx.count; id++) {
      if (c.kind[id] !== FlowKind.IP) continue
      note(c.origMac[id], c.origAddr[id])
      note(c.respMac[id], c.respAddr[id])
    }
    const out = new Set<number>()
    for (const [mac, set] of remotes) if (set.size >= GATEWAY_MIN_REMOTE) out.add(mac)
    return out
  })
}

/** What the probes were ("ICMP echo requests", "TCP probes to port 23", "ARP requests and TCP probes to ports 80, 443"). */
function describeProbes(ctx: DetectContext, flows: readonly number[]): { label: string; discovery: boolean } {
  const c = ctx.c
  const kinds = new Map<string, Set<number>>()
  for (const f of flows.slice(0, 2000)) {
    let label: string
    let port: number | null = null
    if (c.kind[f] === FlowKind.ARP) label = 'ARP requests'
    else if (c.proto[f] === IPPROTO_ICMP || c.proto[f] === IPPROTO_ICMPV6) label = 'ICMP echo requests'
    else {
      port = servicePort(serviceKeyOf(c, f))
      label = c.proto[f] === 6 ? 'TCP probes' : c.proto[f] === 17 ? 'UDP probes' : `IP protocol ${c.proto[f]} packets`
    }
    let ports = kinds.get(label)
    if (ports === undefined) {
      ports = new Set()
      kinds.set(label, ports)
    }
    if (port !== null) ports.add(port)
  }
  const parts = [...kinds].map(([label, ports]) => {
    if (ports.size === 0) return label
    const list = [...ports].slice(0, 5).join(', ')
    return `${label} to ${ports.size === 1 ? 'port' : 'ports'} ${list}${ports.size > 5 ? ` and ${ports.size - 5} more` : ''}`
  })
  const discovery = kinds.has('ARP requests') || kinds.has('ICMP echo requests')
  return { label: parts.join(' and '), discovery }
}

/** The host-sweep alert for one source's first contacts to distinct hosts, or null. */
export function sweepOf(ctx: DetectContext, src: number, hosts: readonly Contact[], p: HostSweepParams): Alert | null {
  if (hosts.length < Math.min(p.threshold, p.minTrwTargets)) return null
  const scanLike = hosts.filter(isScanLike)
  const times = scanLike.map((k) => k.time)
  const [inWindow, startIdx] = maxInWindow(times, p.windowSeconds)
  const trw = thresholdRandomWalk(hosts.map((k) => k.outcome === Outcome.Success), { theta0: p.theta0, theta1: p.theta1, detection: 0.99, falsePositive: 0.01 })
  const failed = hosts.filter((k) => k.outcome === Outcome.Failure)
  const byTrw = trw.decidedAt >= 0 && failed.length >= p.minTrwTargets
  const probes = hosts.filter((k) => k.probe)
  const [fastCount, fastStart] = maxInWindow(probes.map((k) => k.time), p.fastWindowSeconds)
  const byFast = fastCount >= p.fastThreshold
  const byCount = inWindow >= p.threshold
  if (!byTrw && !byCount && !byFast) return null
  const evidence = byCount ? scanLike.slice(startIdx, startIdx + inWindow) : byFast ? probes.slice(fastStart, fastStart + fastCount) : failed
  const all = scanLike.length >= failed.length ? scanLike : failed
  const start = Math.min(evidence[0]?.time ?? Infinity, byTrw ? hosts[0].time : Infinity)
  const last = all[all.length - 1]
  const end = Math.max(ctx.c.last[last.flow], start)
  const probe = describeProbes(ctx, all.map((k) => k.flow))
  // Ports probed: the most common service among the evidence.
  const ports = new Set<number>()
  for (const k of all.slice(0, 500)) {
    const port = servicePort(serviceKeyOf(ctx.c, k.flow))
    if (port !== null) ports.add(port)
  }
  const addr = ctx.addr(src)
  const known = ctx.baseline?.hosts.get(addr) ?? null
  const answered = hosts.length - failed.length
  const strength = Math.min(1, Math.log10(Math.max(1, all.length)) / 2.7)
  const confidence = Math.min(0.99, (byTrw ? 0.6 : 0.3) + (byCount || byFast ? 0.3 : 0) + 0.1 * strength)
  const how = [
    byTrw ? `a Threshold Random Walk over its first contacts decided "scanner" after ${trw.decidedAt + 1} contacts` : '',
    byCount ? `${inWindow} distinct hosts within ${p.windowSeconds} s (threshold ${p.threshold})` : '',
    byFast && !byCount ? `bare probes to ${fastCount} distinct hosts within ${p.fastWindowSeconds} s (threshold ${p.fastThreshold})` : '',
  ]
    .filter((x) => x !== '')
    .join('; ')
  return ctx.alert({
    detector: 'host-sweep',
    category: 'host-sweep',
    severity: severityFrom(0.35 + 0.6 * strength),
    confidence,
    start,
    end,
    src: [src],
    dst: all.map((k) => k.target),
    dstCount: all.length,
    ports: [...ports],
    metric: 'distinct hosts probed per window',
    unit: 'hosts',
    observed: Math.max(inWindow, failed.length, fastCount),
    baseline: known !== null ? known.fanOut.hosts : p.threshold,
    baselineSource: known !== null ? 'baseline' : 'default',
    evidence: (byCount || byFast ? evidence : all).map((k) => k.flow),
    evidenceCount: all.length,
    explanation: `${addr} sent ${probe.label} to ${all.length} distinct hosts (${failed.length} unanswered or refused, ${answered} answered): ${how}.`,
    mitre: probe.discovery ? MITRE.remoteSystemDiscovery : MITRE.networkServiceDiscovery,
  })
}
