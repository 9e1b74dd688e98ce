/**
 * Payload indicators (opt-in: it reads request content): cleartext HTTP requests whose URI or User-Agent
 * matches an injection or attack-tool rule (taps/payload-rules.ts), grouped per (client, server) so a tool's
 * hundred requests make one alert. Without packet taps it falls back to each flow's first request.
 */
import { matchRequest } from './taps/payload-rules.ts'
import { MITRE, severityFrom, type Alert } from './alert.ts'
import type { DetectContext } from './context.ts'
import type { Detector } from './detector.ts'
import type { PayloadHit } from './taps/http-watch.ts'

export type PayloadParams = {
  minMatches: number
  minWeight: number
}

export const payloadIndicator: Detector<PayloadParams> = {
  id: 'payload-indicator',
  name: 'Payload indicators',
  method: 'Injection tokens (SQL, XSS, traversal, command, JNDI) and attack-tool user agents in cleartext HTTP request lines, after percent-decoding',
  categories: ['payload-indicator'],
  modes: 'both',
  optIn: true,
  params: {
    minMatches: { default: 1, min: 1, max: 1000, integer: true, label: 'Matching requests', help: 'Requests from one client to one server that must match before an alert.' },
    minWeight: { default: 0.7, min: 0, max: 1, step: 0.05, label: 'Rule strength', help: 'Weakest rule weight that counts (0..1).' },
  },
  run(ctx, p) {
    const hits = ctx.taps !== null ? ctx.taps.http.hits : hitsFromFacts(ctx)
    const groups = new Map<string, PayloadHit[]>()
    for (const h of hits) {
      if (h.weight < p.minWeight) continue
      const key = `${h.src} ${h.dst} ${h.dstPort}`
      const list = groups.get(key)
      if (list === undefined) groups.set(key, [h])
      else list.push(h)
    }
    const out: Alert[] = []
    for (const list of groups.values()) {
      if (list.length < p.minMatches) continue
      const h0 = list[0]
      const rules = [...new Set(list.flatMap((h) => h.rules))]
      // Reductions, not Math.max(...list): a tool's thousands of requests would overflow the argument list.
      const weight = list.reduce((m, h) => Math.max(m, h.weight), 0)
      const first = list.reduce((m, h) => Math.min(m, h.time), Infinity)
      const last = list.reduce((m, h) => Math.max(m, h.time), -Infinity)
      out.push(ctx.alert({
        detector: 'payload-indicator',
        category: 'payload-indicator',
        severity: severityFrom(0.3 + 0.5 * weight + 0.15 * Math.min(1, list.length / 20)),
        confidence: Math.min(0.95, 0.4 + 0.5 * weight),
        start: first,
        end: last,
        src: [h0.src],
        dst: [h0.dst],
        ports: [h0.dstPort],
        metric: 'requests matching attack indicators',
        unit: 'requests',
        observed: list.length,
        baseline: 0,
        baselineSource: 'default',
        evidence: flowsOf(ctx, list),
        explanation: `${ctx.addr(h0.src)} sent ${list.length} HTTP request${list.length === 1 ? '' : 's'} to ${ctx.addr(h0.dst)}:${h0.dstPort} matching ${rules.join(', ')}; for example ${h0.method} ${h0.uri.slice(0, 160)}`,
        mitre: MITRE.exploitPublicFacing,
        key: rules.join(','),
      }))
    }
    return out
  },
}

/** Without taps: the first request of each flow. */
function hitsFromFacts(ctx: DetectContext): PayloadHit[] {
  const facts = ctx.source.facts
  if (facts === null) return []
  const c = ctx.c
  const out: PayloadHit[] = []
  for (let id = 0; id < ctx.count && out.length < 2000; id++) {
    if (c.app[id] !== 3) continue
    const req = facts.get(id)?.httpRequest ?? null
    if (req === null) continue
    const rules = matchRequest(req.uri, req.userAgent)
    if (rules.length === 0) continue
    out.push({
      time: c.first[id], src: c.origAddr[id], dst: c.respAddr[id], srcPort: c.origPort[id], dstPort: c.respPort[id],
      method: req.method, uri: req.uri.slice(0, 512), host: req.host, rules: rules.map((r) => r.id), weight: Math.max(...rules.map((r) => r.weight)),
    })
  }
  return out
}

/** Flows carrying the hits: same endpoints and ports, the hit's time inside the flow. */
function flowsOf(ctx: DetectContext, hits: readonly PayloadHit[]): number[] {
  const c = ctx.c
  const out = new Set<number>()
  const want = new Set(hits.map((h) => `${h.src} ${h.srcPort} ${h.dst} ${h.dstPort}`))
  for (let id = 0; id < ctx.count && out.size < 200; id++) {
    if (want.has(`${c.origAddr[id]} ${c.origPort[id]} ${c.respAddr[id]} ${c.respPort[id]}`)) out.add(id)
  }
  return [...out]
}
