/**
 * Unusual protocol or port mix: the Jensen-Shannon divergence (bits, 0..1) between each window's packets by
 * protocol and by service ("tcp/443") and the baseline's mix. Services the baseline did not list on their own
 * count as its "other" share, so a burst of many small new services still shows. Consecutive divergent windows
 * make one alert, naming the services whose share grew most. Needs a baseline.
 */
import { jensenShannon } from '../baseline/robust-stats.ts'
import { protocolBucket, serviceKeyOf, serviceName } from '../baseline/service-keys.ts'
import type { Alert } from './alert.ts'
import type { DetectContext } from './context.ts'
import type { Detector } from './detector.ts'

export type ProtocolMixParams = {
  windowSeconds: number
  threshold: number
  minPackets: number
}

interface WindowMix {
  /** Packets by numeric service key (service-keys.ts); named only when compared. */
  readonly services: Map<number, number>
  readonly protocols: Map<string, number>
  packets: number
  readonly flows: number[]
}

export const protocolMix: Detector<ProtocolMixParams> = {
  id: 'protocol-mix',
  name: 'Protocol and port mix',
  method: 'Jensen-Shannon divergence of each window\'s protocol and service mix from the baseline mix',
  categories: ['protocol-mix'],
  modes: 'baseline',
  optIn: false,
  params: {
    windowSeconds: { default: 60, min: 1, max: 86400, unit: 's', label: 'Window', help: 'Length of the windows whose mix is compared.' },
    threshold: { default: 0.3, min: 0.01, max: 1, step: 0.01, label: 'Divergence', help: 'Jensen-Shannon divergence (bits) that flags a window.' },
    minPackets: { default: 500, min: 1, max: 1e9, integer: true, label: 'Minimum packets', help: 'Windows with fewer packets are not judged.' },
  },
  run(ctx, p) {
    const base = ctx.baseline?.baseline
    if (base === undefined) return []
    const baseServices = new Map(base.global.portMix.map((m) => [m.key, m.share]))
    const baseProtocols = new Map(base.global.protocolMix.map((m) => [m.key, m.share]))
    if (baseServices.size === 0 && baseProtocols.size === 0) return []
    const c = ctx.c
    const windows = new Map<number, WindowMix>()
    // Flows come in start order, so most fall in the window of the flow before: it is kept at hand.
    let lastW = NaN
    let last: WindowMix | undefined
    for (let id = 0; id < ctx.count; id++) {
      if (c.first[id] < ctx.compareFrom) continue
      const w = Math.floor(c.first[id] / p.windowSeconds)
      let m = w === lastW ? last : windows.get(w)
      if (m === undefined) {
        m = { services: new Map(), protocols: new Map(), packets: 0, flows: [] }
        windows.set(w, m)
      }
      lastW = w
      last = m
      const pk = c.origPkts[id] + c.respPkts[id]
      m.packets += pk
      const proto = protocolBucket(c, id)
      m.protocols.set(proto, (m.protocols.get(proto) ?? 0) + pk)
      if (ctx.classes.isHost(c.respAddr[id])) {
        const key = serviceKeyOf(c, id)
        m.services.set(key, (m.services.get(key) ?? 0) + pk)
      }
      if (m.flows.length < 2000) m.flows.push(id)
    }
    const scored: { w: number; js: number; m: WindowMix }[] = []
    for (const [w, m] of [...windows].sort((a, b) => a[0] - b[0])) {
      if (m.packets < p.minPackets) continue
      const folded = new Map<string, number>()
      for (const [num, v] of m.services) {
        const k = serviceName(num)
        const key = baseServices.has(k) || !baseServices.has('other') ? k : 'other'
        folded.set(key, (folded.get(key) ?? 0) + v)
      }
      const js = Math.max(jensenShannon(folded, baseServices), jensenShannon(m.protocols, baseProtocols))
      if (js >= p.threshold) scored.push({ w, js, m })
    }
    const out: Alert[] = []
    for (let i = 0; i < scored.length; ) {
      let j = i
      while (j + 1 < scored.length && scored[j + 1].w === scored[j].w + 1) j++
      out.push(mixAlert(ctx, scored.slice(i, j + 1), baseServices, p))
      i = j + 1
    }
    return out
  },
}

function mixAlert(ctx: DetectContext, run: { w: number; js: number; m: WindowMix }[], baseServices: Map<string, number>, p: ProtocolMixParams): Alert {
  const total = new Map<string, number>()
  let packets = 0
  for (const r of run) {
    packets += r.m.packets
    for (const [num, v] of r.m.services) {
      const k = serviceName(num)
      total.set(k, (total.get(k) ?? 0) + v)
    }
  }
  const grew = [...total]
    .map(([k, v]) => ({ k, delta: v / Math.max(1, packets) - (baseServices.get(k) ?? 0) }))
    .sort((a, b) => b.delta - a.delta)
    .slice(0, 3)
    .filter((g) => g.delta > 0)
  const peak = run.reduce((m, r) => Math.max(m, r.js), 0)
  const flows = run.flatMap((r) => r.m.flows).filter((id) => grew.some((g) => g.k === serviceName(serviceKeyOf(ctx.c, id)))).slice(0, 200)
  return ctx.alert({
    detector: 'protocol-mix', category: 'protocol-mix', severity: peak >= 0.6 ? 'medium' : 'low', confidence: Math.min(0.9, 0.4 + peak / 2),
    start: run[0].w * p.windowSeconds, end: (run[run.length - 1].w + 1) * p.windowSeconds, src: [], dst: [],
    metric: 'Jensen-Shannon divergence from the baseline mix', unit: 'bits', observed: peak, baseline: p.threshold, baselineSource: 'baseline',
    evidence: flows,
    explanation: `The protocol/service mix of ${run.length} window(s) of ${p.windowSeconds} s diverged from the baseline (Jensen-Shannon ${peak.toFixed(2)} bits)${grew.length > 0 ? `; grew most: ${grew.map((g) => `${g.k} +${(100 * g.delta).toFixed(0)}%`).join(', ')}` : ''}.`,
    mitre: null,
  })
}
