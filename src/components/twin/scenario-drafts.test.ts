import { describe, expect, it } from 'vitest'
import { LESSON_PACKS } from '../../twin/packs/lesson-packs.ts'
import { scenarioCatalog } from '../../twin/scenarios/kinds.ts'
import { parseScenarioSet } from '../../twin/scenarios/schema.ts'
import { editDraft, newDraft, packDrafts, toScenarioFile } from './scenario-drafts.ts'

const catalog = scenarioCatalog()
const kind = (id: string) => {
  const k = catalog.find((x) => x.id === id)
  if (k === undefined) throw new Error(id)
  return k
}

describe('scenario drafts', () => {
  it('start a new row with the kind defaults, inside the traffic, under a free id', () => {
    const a = newDraft(kind('port-scan'), 600, [])
    expect(a).toEqual({ id: 'port-scan-1', kind: 'port-scan', attacker: 'default', target: 'default', start: 240, duration: 60, intensity: 1, rate: null, randomisation: 0, jitter: 0 })
    expect(newDraft(kind('port-scan'), 600, [a]).id).toBe('port-scan-2')
    // Too short a span for the default duration: the attack fills the span from its start.
    expect(newDraft(kind('beaconing'), 100, [])).toMatchObject({ start: 0, duration: 100 })
  })

  it('keep edited numbers in range', () => {
    const d = newDraft(kind('syn-flood'), 600, [])
    expect(editDraft(d, { start: -5, duration: 0, intensity: 5000 })).toMatchObject({ start: 0, duration: 1, intensity: 1000 })
    expect(editDraft(d, { start: Number.NaN, intensity: Number.NaN })).toMatchObject({ start: 0, intensity: 0.001 })
    expect(editDraft(d, { start: 12.345 }).start).toBe(12.3)
    expect(editDraft(d, { rate: 0, randomisation: 2, jitter: -1 })).toMatchObject({ rate: null, randomisation: 1, jitter: 0 })
    expect(editDraft(d, { rate: 50 }).rate).toBe(50)
  })

  it('become a scenario file the strict reader accepts, hosts as chosen', () => {
    const rows = [
      editDraft(newDraft(kind('port-scan'), 600, []), { attacker: 'new', target: '192.168.1.23', rate: 5, jitter: 0.5, randomisation: 0.25 }),
      editDraft(newDraft(kind('brute-force'), 600, []), { attacker: 'default', target: '<script>' }),
    ]
    const file = toScenarioFile(rows, 7)
    const parsed = parseScenarioSet(JSON.stringify(file))
    if (!parsed.ok) throw new Error(parsed.error)
    expect(parsed.set.seed).toBe(7)
    expect(parsed.set.scenarios.map((s) => [s.id, s.attacker, s.target])).toEqual([
      ['port-scan-1', 'new', '192.168.1.23'],
      // Anything that is not an address falls back to the kind's default (it never reaches the file).
      ['brute-force-1', null, null],
    ])
    expect(parsed.set.scenarios[0].stealth).toEqual({ rate: 5, randomisation: 0.25, jitter: 0.5 })
    expect(parsed.set.scenarios[1].stealth).toEqual({ rate: null, randomisation: 0, jitter: 0 })
    expect(toScenarioFile(rows, -1).seed).toBe(1)
  })

  it('lay out every lesson pack as rows at their shares of the span', () => {
    for (const pack of LESSON_PACKS) {
      const rows = packDrafts(pack, catalog, pack.trafficSeconds)
      expect(rows.map((r) => r.kind)).toEqual(pack.scenarios.map((s) => s.kind))
      expect(rows.map((r) => r.start)).toEqual(pack.scenarios.map((s) => Math.floor(pack.trafficSeconds * s.startFraction)))
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length)
      expect(parseScenarioSet(JSON.stringify(toScenarioFile(rows, 1))).ok).toBe(true)
    }
  })
})
