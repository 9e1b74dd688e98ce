/**
 * Coordinated activity: several sources probing overlapping sets of targets at the same time, as a distributed
 * scan or a botnet splitting a target list. Per source the scan-like first contacts (failed or probe-sized) to
 * distinct hosts:services within each window; sources active in the same window are linked when the Jaccard
 * index of their target sets passes `overlap`; linked groups of at least `minSources` are reported with the
 * shared targets and the entropy of how evenly the work was split (a tool dividing a list gives even shares).
 */
import { FlowKind } from '../flows/flow-key.ts'
import { serviceKeyOf } from '../baseline/service-keys.ts'
import { Outcome } from '../baseline/flow-outcome.ts'
import { MITRE, type Alert } from './alert.ts'
import type { Detector } from './detector.ts'

export type CoordinatedParams = {
  windowSeconds: number
  minTargets: number
  overlap: number
  minSources: number
}

const MAX_SOURCES = 200
const MAX_TARGETS = 2000
/** Service keys stay below 2^25 (service-keys.ts), so host * 2^25 + key names a host:service target exactly. */
const TARGET_HOST = 33554432

export const coordinated: Detector<CoordinatedParams> = {
  id: 'coordinated',
  name: 'Coordinated activity',
  method: 'Jaccard overlap of the probed target sets of sources active in the same window, grouped by union-find, with the entropy of the split',
  categories: ['coordinated'],
  modes: 'both',
  optIn: false,
  params: {
    windowSeconds: { default: 300, min: 1, max: 86400, unit: 's', label: 'Window', help: 'Sources must probe within the same window.' },
    minTargets: { default: 5, min: 2, max: 1e6, integer: true, label: 'Targets per source', help: 'Distinct probed targets a source needs to take part.' },
    overlap: { default: 0.5, min: 0.05, max: 1, step: 0.05, label: 'Overlap', help: 'Jaccard index of two sources\' target sets that links them.' },
    minSources: { default: 3, min: 2, max: 1e5, integer: true, label: 'Sources', help: 'Linked sources that make a coordinated group.' },
  },
  run(ctx, p) {
    const c = ctx.c
    // window -> source -> targets (host id * TARGET_HOST + service key: one number, no string per flow)
    const byWindow = new Map<number, Map<number, { targets: Set<number>; flows: number[] }>>()
    for (let id = 0; id < ctx.count; id++) {
      if (c.kind[id] !== FlowKind.IP || c.first[id] < ctx.compareFrom) continue
      if (ctx.outcomes[id] !== Outcome.Failure && ctx.probes[id] === 0) continue
      if (!ctx.classes.isHost(c.respAddr[id])) continue
      const w = Math.floor(c.first[id] / p.windowSeconds)
      let srcs = byWindow.get(w)
      if (srcs === undefined) {
        srcs = new Map()
        byWindow.set(w, srcs)
      }
      let e = srcs.get(c.origAddr[id])
      if (e === undefined) {
        if (srcs.size >= MAX_SOURCES * 20) continue
        e = { targets: new Set(), flows: [] }
        srcs.set(c.origAddr[id], e)
      }
      if (e.targets.size < MAX_TARGETS) e.targets.add(c.respAddr[id] * TARGET_HOST + serviceKeyOf(c, id))
      if (e.flows.length < 50) e.flows.push(id)
    }
    const out: Alert[] = []
    for (const [w, srcs] of byWindow) {
      const active = [...srcs].filter(([, e]) => e.targets.size >= p.minTargets).slice(0, MAX_SOURCES)
      if (active.length < p.minSources) continue
      const parent = active.map((_, i) => i)
      const find = (i: number): number => {
        while (parent[i] !== i) i = parent[i] = parent[parent[i]]
        return i
      }
      for (let i = 0; i < active.length; i++) {
        for (let j = i + 1; j < active.length; j++) {
          if (jaccard(active[i][1].targets, active[j][1].targets) >= p.overlap) parent[find(i)] = find(j)
        }
      }
      const groups = new Map<number, number[]>()
      active.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]))
      for (const members of groups.values()) {
        if (members.length < p.minSources) continue
        const sets = members.map((i) => active[i][1].targets)
        const union = new Set(sets.flatMap((s) => [...s]))
        const shared = [...union].filter((t) => sets.filter((s) => s.has(t)).length >= 2)
        const sizes = sets.map((s) => s.size)
        const total = sizes.reduce((a, b) => a + b, 0)
        const entropy = -sizes.reduce((h, n) => h + (n / total) * Math.log2(n / total), 0) / Math.log2(members.length)
        const srcIds = members.map((i) => active[i][0])
        const flows = members.flatMap((i) => active[i][1].flows)
        const hosts = [...new Set(shared.map((t) => Math.floor(t / TARGET_HOST)))]
        out.push(ctx.alert({
          detector: 'coordinated', category: 'coordinated', severity: members.length >= 10 ? 'high' : 'medium', confidence: Math.min(0.9, 0.5 + 0.3 * entropy + 0.02 * members.length),
          start: w * p.windowSeconds, end: (w + 1) * p.windowSeconds, src: srcIds, dst: hosts, srcCount: members.length, dstCount: hosts.length,
          metric: 'sources probing overlapping targets', unit: 'sources', observed: members.length, baseline: p.minSources, baselineSource: 'default',
          evidence: flows,
          explanation: `${members.length} sources (${srcIds.slice(0, 3).map((h) => ctx.addr(h)).join(', ')}${members.length > 3 ? ', ...' : ''}) probed overlapping targets in the same ${p.windowSeconds} s window: ${shared.length} of ${union.size} host:service targets were probed by two or more of them; work split evenness ${(entropy * 100).toFixed(0)}%.`,
          mitre: MITRE.activeScanning,
        }))
      }
    }
    return out
  },
}

function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let inter = 0
  for (const x of small) if (large.has(x)) inter++
  const union = a.size + b.size - inter
  return union === 0 ? 0 : inter / union
}
