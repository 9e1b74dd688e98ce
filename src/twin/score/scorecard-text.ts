/**
 * The scorecard as text for a terminal: per scenario a header line (caught or missed, hosts, packets, attack
 * flows) and one line per detector (meant ones first): detected, time to detect, precision, recall, whether
 * it named the attacker and target; then false alarms per detector and hour. Addresses are escaped for
 * display (they come from the traffic).
 */
import { escapeDisplay } from '../../lib/escape.ts'
import type { Scorecard } from './scorecard.ts'
import type { SensitivityCurve } from './sweep.ts'

const pct = (x: number | null): string => (x === null ? '   -' : `${Math.round(x * 100)}%`.padStart(4))
const secs = (x: number | null): string => (x === null ? '     -' : `${x.toFixed(1)}s`.padStart(6))

export function scorecardText(card: Scorecard): string {
  const lines: string[] = []
  for (const s of card.scenarios) {
    const r = s.scenario
    lines.push(`${s.caught ? 'CAUGHT' : 'MISSED'}  ${r.id} (${s.title}): ${escapeDisplay(r.attacker, 64)} -> ${escapeDisplay(r.target, 64)}, ${r.frames} packets, ${s.attackFlows} flows, intensity ${r.intensity}`)
    lines.push(`        ${'detector'.padEnd(18)} ${'meant'.padEnd(5)} ${'found'.padEnd(5)} ${'ttd'.padStart(6)} ${'prec'.padStart(4)} ${'rec'.padStart(4)}  names`)
    const cells = [...s.cells].sort((a, b) => Number(b.meant) - Number(a.meant) || a.detector.localeCompare(b.detector))
    for (const c of cells) {
      const names = [c.namesAttacker ? 'attacker' : '', c.namesTarget ? 'target' : ''].filter(Boolean).join('+') || '-'
      lines.push(`        ${c.detector.padEnd(18)} ${(c.meant ? 'yes' : '').padEnd(5)} ${(c.detected ? 'yes' : 'no').padEnd(5)} ${secs(c.timeToDetect)} ${pct(c.precision)} ${pct(c.recall)}  ${names}${c.categories.length > 0 ? ` (${c.categories.join(', ')})` : ''}`)
    }
  }
  const fa = card.falseAlarms.map((f) => `${f.detector} ${f.count} (${f.perHour}/h)`).join(', ')
  lines.push(`False alarms: ${card.totalFalseAlarms} over ${(card.hours * 60).toFixed(1)} min of traffic (${card.falseAlarmsPerHour}/h)${fa ? `: ${fa}` : ''}`)
  return `${lines.join('\n')}\n`
}

export function sweepText(curves: readonly SensitivityCurve[]): string {
  const lines: string[] = []
  for (const c of curves) {
    lines.push(`Sensitivity ${c.scenarioId} (${c.kind}): weakest caught ${c.weakestCaught ?? 'never'}`)
    for (const p of c.points) {
      lines.push(`  intensity ${p.intensity.toFixed(4).padStart(8)}  ${p.caught ? 'caught' : 'missed'}  packets ${String(p.attackPackets).padStart(7)}  recall ${pct(p.recall)}  ttd ${secs(p.timeToDetect)}  by ${p.detectedBy.join(', ') || '-'}`)
    }
    const weakest = Object.entries(c.weakest).map(([d, i]) => `${d} ${i}`).join(', ')
    if (weakest) lines.push(`  weakest detected per detector: ${weakest}`)
  }
  return `${lines.join('\n')}\n`
}
