import { describe, expect, it } from 'vitest'
import type { Alert, AlertCategory } from '../../detect/alert.ts'
import { FlowColumns } from '../../flows/flow-columns.ts'
import { AddressTable } from '../../model/address-table.ts'
import type { ResolvedScenario } from '../scenarios/plan.ts'
import { classroomSummary } from './classroom-summary.ts'
import { scoreScenarios } from './scorecard.ts'
import { scorecardText } from './scorecard-text.ts'

const scan: ResolvedScenario = {
  id: 'scan', kind: 'port-scan', label: 1, attacker: '10.0.0.9', attackerMac: '02:00:00:00:00:09', target: '10.0.0.1', targetMac: '02:00:00:00:00:01',
  start: 150, end: 210, firstFrame: 150, lastFrame: 200, intensity: 1, frames: 8, bytes: 480, seed: 1,
}

function alert(detector: string, category: AlertCategory, src: string[], dst: string[], start: number, end: number, evidence: number[]): Alert {
  return {
    id: `${detector}-${start}`, detector, category, severity: 'medium', confidence: 0.8, start, end, src, dst, srcCount: src.length, dstCount: dst.length,
    ports: [], metric: '', unit: '', observed: 0, baseline: null, baselineSource: 'default', evidence, evidenceCount: evidence.length, explanation: '', mitre: null,
  }
}

/** Flows: [orig, resp, first, last, label]. */
const FLOWS: [number, number, number, number, number][] = [
  [0x0a000005, 0x0a000001, 50, 60, 0],
  [0x0a000009, 0x0a000001, 150, 151, 1],
  [0x0a000009, 0x0a000001, 160, 161, 1],
  [0x0a000009, 0x0a000001, 170, 171, 1],
  [0x0a000009, 0x0a000001, 180, 181, 1],
  [0x0a000005, 0x0a000001, 160, 165, 0],
  [0x0a000007, 0x0a000008, 1000, 1001, 0],
]

function input(alerts: Alert[]) {
  const addresses = new AddressTable()
  const columns = new FlowColumns(16)
  const labels = new Uint16Array(FLOWS.length)
  FLOWS.forEach(([o, r, first, last, label], id) => {
    columns.origAddr[id] = addresses.ipv4(o)
    columns.respAddr[id] = addresses.ipv4(r)
    columns.first[id] = first
    columns.last[id] = last
    labels[id] = label
  })
  return { scenarios: [scan], alerts, flowLabels: labels, columns, flowCount: FLOWS.length, addresses, start: 0, end: 7200 }
}

describe('scorecard', () => {
  const alerts = [
    alert('port-scan', 'port-scan', ['10.0.0.9'], ['10.0.0.1'], 150, 185, [2, 3]),
    alert('traffic-spike', 'traffic-spike', ['10.0.0.5', '10.0.0.1'], [], 150, 170, []),
    alert('beaconing', 'beaconing', ['10.0.0.7'], ['10.0.0.8'], 1000, 1010, [6]),
    alert('port-scan', 'port-scan', ['10.0.0.7'], ['10.0.0.8'], 900, 901, []),
  ]
  const card = scoreScenarios(input(alerts))
  const s = card.scenarios[0]
  const cell = (d: string) => s.cells.find((c) => c.detector === d)

  it('scores the meant detector: detected, time to first evidence, precision and recall over flows', () => {
    expect(s.caught).toBe(true)
    expect(s.attackFlows).toBe(4)
    // Evidence flows 2 and 3, plus flows 1 and 4 between the listed hosts inside the alert's span.
    expect(cell('port-scan')).toEqual({ detector: 'port-scan', meant: true, alerts: 1, categories: ['port-scan'], detected: true, timeToDetect: 10, precision: 1, recall: 1, namesAttacker: true, namesTarget: true })
  })

  it('scores other detectors that named the attack, counting the ordinary flows they swept in', () => {
    // Flows 1, 2, 3 (attack) and 5 (ordinary) touch 10.0.0.5 or 10.0.0.1 within 150-170 s.
    expect(cell('traffic-spike')).toMatchObject({ meant: false, detected: true, timeToDetect: 0, precision: 0.75, recall: 0.75, namesAttacker: false, namesTarget: true })
    expect(cell('beaconing')).toBeUndefined()
  })

  it('counts alerts that match no attack as false alarms per hour', () => {
    expect(card.hours).toBe(2)
    expect(card.falseAlarms).toEqual([{ detector: 'port-scan', count: 1, perHour: 0.5 }, { detector: 'beaconing', count: 1, perHour: 0.5 }])
    expect(card.totalFalseAlarms).toBe(2)
    expect(card.falseAlarmsPerHour).toBe(1)
  })

  it('reports a miss when only other categories or no alerts match', () => {
    const missed = scoreScenarios(input([alert('traffic-spike', 'traffic-spike', ['10.0.0.9'], [], 150, 200, [])]))
    expect(missed.scenarios[0].caught).toBe(false)
    expect(missed.scenarios[0].cells.find((c) => c.detector === 'port-scan')).toMatchObject({ detected: false, recall: 0, precision: null, timeToDetect: null })
    expect(missed.totalFalseAlarms).toBe(0)
  })

  it('does not match an alert far from the attack in time even when it names the hosts', () => {
    const late = scoreScenarios(input([alert('port-scan', 'port-scan', ['10.0.0.9'], ['10.0.0.1'], 5000, 5100, [])]))
    expect(late.scenarios[0].caught).toBe(false)
    expect(late.totalFalseAlarms).toBe(1)
  })

  it('prints as text and as a plain-words summary', () => {
    const text = scorecardText(card)
    expect(text).toMatch(/CAUGHT {2}scan \(Vertical port scan\): 10\.0\.0\.9 -> 10\.0\.0\.1/)
    expect(text).toMatch(/port-scan +yes +yes +10\.0s 100% 100% {2}attacker\+target/)
    const summary = classroomSummary(card, 0)
    expect(summary).toMatch(/Port scan caught it after 10 s, naming 10\.0\.0\.9 as the source/)
    expect(summary).toMatch(/1 of 1 attack\(s\) were caught/)
  })
})
