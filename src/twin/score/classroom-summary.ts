/**
 * The scorecard in plain words, one short paragraph per scenario, for a class: what the attack was, when and
 * between whom, which detector noticed it and how soon, how much of it was flagged, what else fired, how
 * weak it could get and still be caught (when a sweep ran), and where to look in nettwin's views.
 */
import { detectorById } from '../../detect/registry.ts'
import { scenarioKind } from '../scenarios/kinds.ts'
import type { ScenarioScore, Scorecard } from './scorecard.ts'
import type { SensitivityCurve } from './sweep.ts'

function seconds(x: number): string {
  return x < 1 ? 'within a second' : x < 120 ? `after ${Math.round(x)} s` : `after ${(x / 60).toFixed(1)} minutes`
}

function percent(x: number | null): string {
  return x === null ? 'an unknown share' : `${Math.round(x * 100)}%`
}

function name(id: string): string {
  return detectorById(id)?.name ?? id
}

/** One paragraph for one scenario (times relative to the traffic's start when given). */
export function summarizeScenario(s: ScenarioScore, trafficStart: number | null, curve: SensitivityCurve | null = null): string {
  const kind = scenarioKind(s.scenario.kind)
  const r = s.scenario
  const when = trafficStart === null ? '' : ` ${Math.round(r.start - trafficStart)} s into the traffic`
  const parts = [`${kind.title} (${r.id}): ${kind.description} Here ${r.attacker} went after ${r.target}${when}, ${r.frames} packets in all.`]
  const meant = s.cells.filter((c) => c.meant && c.detected)
  if (s.caught && meant.length > 0) {
    const best = [...meant].sort((a, b) => (a.timeToDetect ?? Infinity) - (b.timeToDetect ?? Infinity))[0]
    const naming = best.namesAttacker ? `, naming ${r.attacker} as the source` : best.namesTarget ? `, naming ${r.target} as the target` : ''
    parts.push(`${name(best.detector)} caught it ${seconds(best.timeToDetect ?? 0)}${naming}. It flagged ${percent(best.recall)} of the attack's ${s.attackFlows} connections, and ${percent(best.precision)} of what it flagged was the attack.`)
  } else {
    parts.push(`The detector meant for it (${s.meantDetectors.map(name).join(', ')}) did not raise a ${s.expectedCategories.join(' or ')} alert: at this strength the attack hid in the normal traffic.`)
  }
  const others = s.cells.filter((c) => !c.meant && c.detected).map((c) => name(c.detector))
  if (others.length > 0) parts.push(`Also noticed by: ${others.join(', ')}.`)
  if (curve !== null) {
    parts.push(
      curve.weakestCaught === null
        ? 'In the intensity sweep no strength tried was caught by the meant detector.'
        : `In the intensity sweep the weakest version still caught was ${curve.weakestCaught < 1 ? `1/${Math.round(1 / curve.weakestCaught)}` : curve.weakestCaught} of the default (${kind.intensityMeaning}).`,
    )
  }
  parts.push(`What to look for: ${kind.lookFor}.`)
  return parts.join(' ')
}

/** The whole summary: one paragraph per scenario and a closing line on false alarms. */
export function classroomSummary(card: Scorecard, trafficStart: number | null, curves: readonly SensitivityCurve[] = []): string {
  const paragraphs = card.scenarios.map((s) => summarizeScenario(s, trafficStart, curves.find((c) => c.scenarioId === s.scenario.id) ?? null))
  const caught = card.scenarios.filter((s) => s.caught).length
  paragraphs.push(
    `${caught} of ${card.scenarios.length} attack(s) were caught by the detector meant for them. Over ${(card.hours * 60).toFixed(0)} minutes of traffic the detectors raised ${card.totalFalseAlarms} alert(s) that matched no attack (${card.falseAlarmsPerHour.toFixed(1)} per hour)${card.falseAlarms.length > 0 ? `: ${card.falseAlarms.map((f) => `${name(f.detector)} ${f.count}`).join(', ')}` : ''}.`,
  )
  return paragraphs.join('\n\n')
}
