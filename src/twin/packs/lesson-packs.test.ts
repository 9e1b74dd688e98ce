import { describe, expect, it } from 'vitest'
import { scenarioKind } from '../scenarios/kinds.ts'
import { parseScenarioSet, scenarioSetToJSON } from '../scenarios/schema.ts'
import { LESSON_PACKS, lessonPack, packScenarioSet } from './lesson-packs.ts'

describe('lesson packs', () => {
  it('cover the six lessons of the issue, each with its own id and a text on what to look for', () => {
    expect(LESSON_PACKS.map((p) => p.id)).toEqual(['scans', 'floods', 'brute-force', 'c2-beacons', 'dns-tunnels', 'exfiltration'])
    for (const p of LESSON_PACKS) {
      expect(p.lookFor.length, p.id).toBeGreaterThan(150)
      expect(p.summary.length, p.id).toBeGreaterThan(40)
      expect(p.scenarios.length, p.id).toBeGreaterThan(0)
    }
    expect(lessonPack('scans')?.scenarios.map((s) => s.kind)).toEqual(['port-scan', 'host-sweep'])
    expect(lessonPack('nope')).toBeNull()
  })

  it('give scenario sets the strict scenario reader accepts, starts placed at their share of the span', () => {
    for (const p of LESSON_PACKS) {
      const set = packScenarioSet(p, 1000, 9)
      expect(set.seed).toBe(9)
      expect(set.scenarios.map((s) => s.start)).toEqual(p.scenarios.map((s) => ({ offset: Math.floor(1000 * s.startFraction) })))
      const back = parseScenarioSet(scenarioSetToJSON(set))
      expect(back.ok && back.set).toEqual(set)
    }
  })

  it('fit every attack (at its default duration) inside the lesson length', () => {
    for (const p of LESSON_PACKS) {
      for (const s of p.scenarios) {
        const end = s.startFraction * p.trafficSeconds + scenarioKind(s.kind).defaultDuration
        expect(end, `${p.id} ${s.kind}`).toBeLessThanOrEqual(p.trafficSeconds)
      }
    }
  })

  it('fall back to the lesson length for a span that is not a positive number', () => {
    const p = LESSON_PACKS[0]
    for (const bad of [0, -5, Number.NaN, Infinity]) {
      expect(packScenarioSet(p, bad, 1).scenarios[0].start).toEqual({ offset: Math.floor(p.trafficSeconds * p.scenarios[0].startFraction) })
    }
  })
})
