/**
 * The scorecard: for each injected scenario and each detector, whether it was detected, how soon, and how well
 * (precision and recall over flows against the ground truth), plus every detector's false alarms per hour of
 * ordinary traffic. Definitions (the same for every detector):
 *  - an alert matches a scenario when its time span overlaps the scenario's frames (with MATCH_SLACK seconds
 *    either side) and it cites one of the scenario's flows as evidence or names its attacker (address or MAC)
 *    or its target among its sources or destinations;
 *  - detected: at least one matching alert; caught: a matching alert of the kind's expected category from a
 *    detector meant for it (SCENARIO_KINDS);
 *  - time to detect: the earliest matching alert's first evidence of this scenario (the first packet of the
 *    earliest cited attack flow; the alert's start when it cites none) minus the scenario's first frame;
 *  - flows a detector flagged for a scenario: the evidence of its matching alerts plus the flows inside each
 *    alert's time span between a listed source and a listed destination (evidence lists are capped at 200);
 *    recall = flagged attack flows / attack flows; precision = flagged attack flows / flagged flows that are
 *    this attack's or ordinary (another scenario's flows count for neither);
 *  - false alarm: an alert matching no scenario; the rate is per hour of the traffic's span.
 */
import type { Alert } from '../../detect/alert.ts'
import { DETECTORS } from '../../detect/registry.ts'
import type { FlowColumns } from '../../flows/flow-columns.ts'
import type { AddressTable } from '../../model/address-table.ts'
import { scenarioKind } from '../scenarios/kinds.ts'
import type { ResolvedScenario } from '../scenarios/plan.ts'

/** Seconds either side of a scenario's frames within which an alert's span may fall (windowed detectors report whole windows). */
export const MATCH_SLACK = 60

export interface ScoreCell {
  readonly detector: string
  /** True when the detector is one meant for the scenario's kind. */
  readonly meant: boolean
  readonly alerts: number
  readonly categories: readonly string[]
  readonly detected: boolean
  readonly timeToDetect: number | null
  readonly precision: number | null
  readonly recall: number | null
  readonly namesAttacker: boolean
  readonly namesTarget: boolean
}

export interface ScenarioScore {
  readonly scenario: ResolvedScenario
  readonly title: string
  readonly expectedCategories: readonly string[]
  readonly meantDetectors: readonly string[]
  readonly attackFlows: number
  /** A meant detector raised an expected category. */
  readonly caught: boolean
  /** One cell per meant detector and per detector with a matching alert. */
  readonly cells: readonly ScoreCell[]
}

export interface FalseAlarms {
  readonly detector: string
  readonly count: number
  readonly perHour: number
}

export interface Scorecard {
  readonly scenarios: readonly ScenarioScore[]
  readonly falseAlarms: readonly FalseAlarms[]
  readonly totalFalseAlarms: number
  readonly falseAlarmsPerHour: number
  /** Hours of traffic the false-alarm rates are per. */
  readonly hours: number
}

export interface ScoreInput {
  readonly scenarios: readonly ResolvedScenario[]
  readonly alerts: readonly Alert[]
  readonly flowLabels: Uint16Array
  readonly columns: FlowColumns
  readonly flowCount: number
  readonly addresses: AddressTable
  /** Span of the traffic, seconds since the epoch. */
  readonly start: number
  readonly end: number
}

function namesOf(s: ResolvedScenario): Set<string> {
  return new Set([s.attacker, s.attackerMac, s.target])
}

export function alertMatches(a: Alert, s: ResolvedScenario, flowLabels: Uint16Array): boolean {
  if (s.firstFrame === null || s.lastFrame === null) return false
  if (a.end < s.firstFrame - MATCH_SLACK || a.start > s.lastFrame + MATCH_SLACK) return false
  if (a.evidence.some((id) => flowLabels[id] === s.label)) return true
  const names = namesOf(s)
  return a.src.some((x) => names.has(x)) || a.dst.some((x) => names.has(x))
}

/** Flows by address id, both ends, for the "flows between listed hosts" part of what an alert flagged. */
class FlowsByAddress {
  private readonly map = new Map<number, number[]>()
  readonly ids = new Map<string, number>()

  constructor(readonly c: FlowColumns, count: number, addresses: AddressTable) {
    for (let id = 0; id < count; id++) {
      for (const a of [c.origAddr[id], c.respAddr[id], c.origMac[id], c.respMac[id]]) {
        if (a === 0) continue
        let list = this.map.get(a)
        if (list === undefined) {
          list = []
          this.map.set(a, list)
        }
        if (list[list.length - 1] !== id) list.push(id)
      }
    }
    for (let id = 1; id < addresses.size; id++) this.ids.set(addresses.format(id), id)
  }

  /** Evidence plus flows in the alert's span with one end among src and the other among dst (or any, when dst is empty). */
  flagged(a: Alert, into: Set<number>): void {
    for (const id of a.evidence) into.add(id)
    const dst = new Set(a.dst.map((x) => this.ids.get(x)).filter((x): x is number => x !== undefined))
    const c = this.c
    for (const text of a.src) {
      const sid = this.ids.get(text)
      if (sid === undefined) continue
      for (const id of this.map.get(sid) ?? []) {
        if (c.last[id] < a.start || c.first[id] > a.end) continue
        const ends = [c.origAddr[id], c.respAddr[id], c.origMac[id], c.respMac[id]]
        if (dst.size === 0 || ends.some((e) => dst.has(e))) into.add(id)
      }
    }
  }
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

export function scoreScenarios(input: ScoreInput): Scorecard {
  const { scenarios, alerts, flowLabels, columns: c } = input
  const index = new FlowsByAddress(c, input.flowCount, input.addresses)
  const attackFlows = new Map<number, number>()
  for (let id = 0; id < flowLabels.length; id++) if (flowLabels[id] !== 0) attackFlows.set(flowLabels[id], (attackFlows.get(flowLabels[id]) ?? 0) + 1)
  const matched = alerts.map((a) => scenarios.filter((s) => alertMatches(a, s, flowLabels)).map((s) => s.label))
  const out: ScenarioScore[] = []
  for (const s of scenarios) {
    const kind = scenarioKind(s.kind)
    const total = attackFlows.get(s.label) ?? 0
    const cells: ScoreCell[] = []
    for (const d of DETECTORS) {
      const mine = alerts.filter((a, i) => a.detector === d.id && matched[i].includes(s.label))
      const meant = kind.detectors.includes(d.id)
      if (mine.length === 0 && !meant) continue
      let ttd: number | null = null
      const flagged = new Set<number>()
      for (const a of mine) {
        let seen = Infinity
        for (const id of a.evidence) if (flowLabels[id] === s.label && c.first[id] < seen) seen = c.first[id]
        const at = Number.isFinite(seen) ? seen : a.start
        const delay = Math.max(0, at - (s.firstFrame ?? s.start))
        if (ttd === null || delay < ttd) ttd = delay
        index.flagged(a, flagged)
      }
      let hit = 0
      let counted = 0
      for (const id of flagged) {
        const l = flowLabels[id] ?? 0
        if (l === s.label) hit++
        if (l === s.label || l === 0) counted++
      }
      cells.push({
        detector: d.id, meant, alerts: mine.length, categories: [...new Set(mine.map((a) => a.category))], detected: mine.length > 0,
        timeToDetect: ttd === null ? null : round(ttd), precision: counted > 0 ? round(hit / counted) : null, recall: mine.length > 0 && total > 0 ? round(hit / total) : mine.length > 0 ? null : 0,
        namesAttacker: mine.some((a) => a.src.includes(s.attacker) || a.src.includes(s.attackerMac) || a.dst.includes(s.attacker)),
        namesTarget: mine.some((a) => a.dst.includes(s.target) || a.src.includes(s.target)),
      })
    }
    const caught = alerts.some((a, i) => matched[i].includes(s.label) && kind.detectors.includes(a.detector) && (kind.categories as readonly string[]).includes(a.category))
    out.push({ scenario: s, title: kind.title, expectedCategories: kind.categories, meantDetectors: kind.detectors, attackFlows: total, caught, cells })
  }
  const hours = Math.max(1 / 3600, (input.end - input.start) / 3600)
  const perDetector = new Map<string, number>()
  alerts.forEach((a, i) => {
    if (matched[i].length === 0) perDetector.set(a.detector, (perDetector.get(a.detector) ?? 0) + 1)
  })
  const falseAlarms = DETECTORS.map((d) => ({ detector: d.id, count: perDetector.get(d.id) ?? 0, perHour: round((perDetector.get(d.id) ?? 0) / hours) })).filter((f) => f.count > 0)
  const totalFalse = falseAlarms.reduce((sum, f) => sum + f.count, 0)
  return { scenarios: out, falseAlarms, totalFalseAlarms: totalFalse, falseAlarmsPerHour: round(totalFalse / hours), hours: round(hours, 4) }
}
