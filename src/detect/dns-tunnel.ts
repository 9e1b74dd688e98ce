/**
 * DNS tunnelling and DGA. Tunnel: per (client, registered domain) the queries carry data in their subdomains:
 * many distinct subdomains, long labels, high character entropy, TXT/NULL/CNAME-heavy query types (the signals
 * of e.g. Farnham's "Detecting DNS Tunneling", SANS 2013, and of iodine/dns2tcp traffic). DGA: one client
 * getting NXDOMAIN for many distinct machine-looking names (nameOddness). Both come from the packet taps'
 * per-DNS-message view; without taps, from each flow's first query plus an oversized-DNS-flow check (a tunnel
 * on one socket packs thousands of queries into one flow).
 */
import { App } from '../model/packet-batch.ts'
import { isLocalOrReverse, nameOddness, splitName, subdomainEntropy } from '../baseline/dns-names.ts'
import { MITRE, severityFrom, type Alert } from './alert.ts'
import type { DetectContext } from './context.ts'
import type { Detector } from './detector.ts'
import { DnsWatch, type DomainStats } from './taps/dns-watch.ts'

export type DnsTunnelParams = {
  minSubdomains: number
  minMeanLength: number
  minEntropy: number
  threshold: number
  minNxNames: number
  minOddness: number
  flowPackets: number
}

export const dnsTunnel: Detector<DnsTunnelParams> = {
  id: 'dns-tunnel',
  name: 'DNS tunnelling and DGA',
  method: 'Per client and registered domain: distinct subdomains, label length, character entropy and record types (tunnels); per client: distinct machine-like NXDOMAIN names (DGA)',
  categories: ['dns-tunnel'],
  modes: 'both',
  optIn: false,
  params: {
    minSubdomains: { default: 30, min: 2, max: 1e6, integer: true, label: 'Distinct subdomains', help: 'Distinct subdomains under one domain from one client.' },
    minMeanLength: { default: 20, min: 1, max: 255, label: 'Mean subdomain length', help: 'Tunnels fill labels with encoded data; ordinary names are short.' },
    minEntropy: { default: 3.5, min: 0, max: 8, step: 0.1, label: 'Entropy', help: 'Mean character entropy of the subdomains (bits).' },
    threshold: { default: 0.7, min: 0, max: 1, step: 0.05, label: 'Tunnel score', help: 'Combined 0..1 score that raises an alert.' },
    minNxNames: { default: 20, min: 2, max: 1e6, integer: true, label: 'NXDOMAIN names', help: 'Distinct names answered NXDOMAIN to one client (DGA).' },
    minOddness: { default: 0.35, min: 0, max: 1, step: 0.05, label: 'Name oddness', help: 'Mean machine-likeness of those names (0..1).' },
    flowPackets: { default: 200, min: 10, max: 1e9, integer: true, label: 'Packets in one DNS flow', help: 'Without packet taps: a DNS flow this long is a tunnel candidate.' },
  },
  run(ctx, p) {
    const watch = ctx.taps?.dns ?? watchFromFacts(ctx)
    const out: Alert[] = []
    // Most pairs are one lookup: the watch skips pairs with too few subdomains (tunnelOf would reject them).
    for (const s of watch.domains(p.minSubdomains)) {
      if (s.last < ctx.compareFrom) continue
      const a = tunnelOf(ctx, s, p)
      if (a !== null) out.push(a)
    }
    for (const [client, nx] of watch.nxByClient) {
      const mean = nx.oddnessSum / Math.max(1, nx.names.size)
      if (nx.names.size < p.minNxNames || mean < p.minOddness || nx.last < ctx.compareFrom) continue
      out.push(ctx.alert({
        detector: 'dns-tunnel', category: 'dns-tunnel', severity: severityFrom(0.4 + 0.4 * mean), confidence: Math.min(0.9, 0.4 + 0.5 * mean),
        start: nx.first, end: nx.last, src: [client], dst: [], ports: [53],
        metric: 'distinct NXDOMAIN names', unit: 'names', observed: nx.names.size, baseline: p.minNxNames, baselineSource: 'default',
        evidence: dnsFlowsOf(ctx, client), explanation: `${ctx.addr(client)} got NXDOMAIN for ${nx.names.size} distinct names of mean machine-likeness ${mean.toFixed(2)} (e.g. ${[...nx.names].slice(0, 3).join(', ')}): domain generation algorithm lookups.`,
        mitre: MITRE.dga, key: 'dga',
      }))
    }
    if (ctx.taps === null) out.push(...bigDnsFlows(ctx, p))
    return out
  },
}

/** The tunnel score of one (client, domain): 0..1 from volume, length, entropy and record types. */
export function tunnelScore(s: DomainStats): { score: number; subs: number; meanLength: number; entropy: number; oddTypes: number } {
  const subs = DnsWatch.distinctSubs(s)
  const named = Math.max(1, s.queries)
  const meanLength = s.subLengthSum / named
  const entropy = s.entropySum / named
  const oddTypes = (s.txt + s.nullType + s.cname + s.mx) / named
  const volume = Math.min(1, Math.log10(Math.max(1, subs)) / 2.5)
  const length = Math.min(1, Math.max(0, (meanLength - 8) / 32))
  const ent = Math.min(1, Math.max(0, (entropy - 2.5) / 2))
  const score = 0.3 * volume + 0.3 * length + 0.25 * ent + 0.15 * Math.min(1, oddTypes * 2) + (s.maxLabel >= 50 ? 0.1 : 0)
  return { score: Math.min(1, score), subs, meanLength, entropy, oddTypes }
}

function tunnelOf(ctx: DetectContext, s: DomainStats, p: DnsTunnelParams): Alert | null {
  const t = tunnelScore(s)
  if (t.subs < p.minSubdomains || t.meanLength < p.minMeanLength || (t.entropy < p.minEntropy && t.oddTypes < 0.3) || t.score < p.threshold) return null
  return ctx.alert({
    detector: 'dns-tunnel', category: 'dns-tunnel', severity: severityFrom(0.3 + 0.6 * t.score), confidence: Math.min(0.95, t.score),
    start: s.first, end: s.last, src: [s.client], dst: [...s.servers], ports: [53],
    metric: 'distinct subdomains under one domain', unit: 'subdomains', observed: t.subs, baseline: p.minSubdomains, baselineSource: 'default',
    evidence: dnsFlowsOf(ctx, s.client), evidenceCount: s.queries,
    explanation: `${ctx.addr(s.client)} sent ${s.queries} queries under ${s.domain} with ${t.subs} distinct subdomains, ${t.meanLength.toFixed(0)} characters long on average, entropy ${t.entropy.toFixed(2)} bits${t.oddTypes > 0 ? `, ${(t.oddTypes * 100).toFixed(0)}% TXT/NULL/CNAME/MX` : ''} (e.g. ${s.example}): data carried in DNS names (score ${t.score.toFixed(2)}).`,
    mitre: MITRE.protocolTunneling, key: s.domain,
  })
}

/** A DnsWatch filled from each flow's first query and response (no taps). */
function watchFromFacts(ctx: DetectContext): DnsWatch {
  const w = new DnsWatch()
  const facts = ctx.source.facts
  if (facts === null) return w
  const c = ctx.c
  for (let id = 0; id < ctx.count; id++) {
    if (c.app[id] !== App.DNS) continue
    const f = facts.get(id)
    if (f === null) continue
    w.addFact(f.dnsQuery, c.origAddr[id], c.respAddr[id], c.first[id])
    w.addFact(f.dnsResponse, c.origAddr[id], c.respAddr[id], c.last[id])
  }
  return w
}

function bigDnsFlows(ctx: DetectContext, p: DnsTunnelParams): Alert[] {
  const c = ctx.c
  const out: Alert[] = []
  // UDP flows only (ctx.lists), in flow order.
  const udp = ctx.lists.udp
  for (let k = 0; k < udp.length; k++) {
    const id = udp[k]
    if (c.respPort[id] !== 53) continue
    const pkts = c.origPkts[id] + c.respPkts[id]
    if (pkts < p.flowPackets) continue
    const q = ctx.source.facts?.get(id)?.dnsQuery?.qname ?? null
    const split = q === null ? null : splitName(q)
    if (split !== null && isLocalOrReverse(split.domain)) continue
    const odd = q === null ? 0.5 : Math.max(nameOddness(q), Math.min(1, subdomainEntropy(split?.sub ?? '') / 4.5))
    out.push(ctx.alert({
      detector: 'dns-tunnel', category: 'dns-tunnel', severity: 'medium', confidence: Math.min(0.8, 0.4 + 0.4 * odd),
      start: c.first[id], end: c.last[id], src: [c.origAddr[id]], dst: [c.respAddr[id]], ports: [53],
      metric: 'packets in one DNS flow', unit: 'packets', observed: pkts, baseline: p.flowPackets, baselineSource: 'default', evidence: [id],
      explanation: `One DNS flow from ${ctx.addr(c.origAddr[id])} to ${ctx.addr(c.respAddr[id])} carried ${pkts} packets and ${Math.round(c.origBytes[id] + c.respBytes[id])} bytes${q !== null ? ` (first query ${q})` : ''}: far more than lookups need, the shape of a DNS tunnel on one socket.`,
      mitre: MITRE.protocolTunneling, key: `flow-${id}`,
    }))
  }
  return out
}

function dnsFlowsOf(ctx: DetectContext, client: number): number[] {
  const c = ctx.c
  const out: number[] = []
  for (let id = 0; id < ctx.count && out.length < 200; id++) {
    if (c.app[id] === App.DNS && c.origAddr[id] === client) out.push(id)
  }
  return out
}
