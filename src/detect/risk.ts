/**
 * Risk per host and per flow, combining alerts (and the anomaly score's per-flow alerts). A host's risk is a
 * noisy-OR of its alerts, 1 - prod(1 - w), where each alert weighs severity x confidence and counts fully for
 * the host it names as the actor (src) and half for a host it names as the target (dst): a scanned host is at
 * risk, a scanning host is a risk. Scores are 0..100 with the categories that contributed. Flow risk is the
 * strongest alert that cites the flow as evidence.
 */
import { severityRank, type Alert, type AlertCategory } from './alert.ts'

export interface HostRisk {
  readonly host: string
  /** 0..100. */
  readonly score: number
  /** Alerts naming the host as actor and as target. */
  readonly asSource: number
  readonly asTarget: number
  readonly categories: readonly AlertCategory[]
  readonly topAlert: string
}

export interface FlowRisk {
  readonly flow: number
  readonly score: number
  readonly categories: readonly AlertCategory[]
  readonly alerts: readonly string[]
}

const SEVERITY_WEIGHT = [0.05, 0.25, 0.5, 0.8, 1] as const
const MAX_FLOW_RISKS = 5000

function weight(a: Alert): number {
  return SEVERITY_WEIGHT[severityRank(a.severity)] * a.confidence
}

export function hostRisks(alerts: readonly Alert[], limit = 1000): HostRisk[] {
  const acc = new Map<string, { keep: number; src: number; dst: number; cats: Set<AlertCategory>; top: Alert; topW: number }>()
  const add = (host: string, a: Alert, w: number, asSource: boolean): void => {
    let e = acc.get(host)
    if (e === undefined) {
      e = { keep: 1, src: 0, dst: 0, cats: new Set(), top: a, topW: -1 }
      acc.set(host, e)
    }
    e.keep *= 1 - Math.min(0.999, w)
    if (asSource) e.src++
    else e.dst++
    e.cats.add(a.category)
    if (w > e.topW) {
      e.top = a
      e.topW = w
    }
  }
  for (const a of alerts) {
    const w = weight(a)
    // Alerts naming hundreds of targets (a sweep's victims) would drown real risk: targets share one alert's weight.
    const targetW = a.dst.length > 0 ? (0.5 * w) / Math.max(1, Math.sqrt(a.dst.length)) : 0
    for (const h of a.src) add(h, a, w, true)
    for (const h of a.dst) if (!a.src.includes(h)) add(h, a, targetW, false)
  }
  return [...acc]
    .map(([host, e]) => ({ host, score: Math.round(100 * (1 - e.keep)), asSource: e.src, asTarget: e.dst, categories: [...e.cats].sort(), topAlert: e.top.id }))
    .sort((x, y) => y.score - x.score || (x.host < y.host ? -1 : 1))
    .slice(0, limit)
}

export function flowRisks(alerts: readonly Alert[]): FlowRisk[] {
  const acc = new Map<number, { score: number; cats: Set<AlertCategory>; ids: string[] }>()
  for (const a of alerts) {
    const w = weight(a)
    for (const f of a.evidence) {
      let e = acc.get(f)
      if (e === undefined) {
        e = { score: 0, cats: new Set(), ids: [] }
        acc.set(f, e)
      }
      e.score = Math.max(e.score, w)
      e.cats.add(a.category)
      if (e.ids.length < 8) e.ids.push(a.id)
    }
  }
  return [...acc]
    .map(([flow, e]) => ({ flow, score: Math.round(100 * e.score), categories: [...e.cats].sort(), alerts: e.ids }))
    .sort((x, y) => y.score - x.score || x.flow - y.flow)
    .slice(0, MAX_FLOW_RISKS)
}
