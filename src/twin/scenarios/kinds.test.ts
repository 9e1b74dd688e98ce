import { describe, expect, it } from 'vitest'
import { DETECTORS } from '../../detect/registry.ts'
import { ALERT_CATEGORIES } from '../../detect/alert.ts'
import { SCENARIO_KIND_IDS, type ScenarioKindId } from './kind-ids.ts'
import { SCENARIO_KINDS, scenarioCatalog } from './kinds.ts'
import { planScenarios, type AttackPlan } from './plan.ts'
import { checkScenarioSet } from './schema.ts'
import { decodePlan, T0, TEST_SURVEY } from './test-survey.ts'

/** Small enough to keep the test fast, large enough that every kind makes frames. */
const INTENSITY: Partial<Record<ScenarioKindId, number>> = {
  'syn-flood': 0.05, 'udp-flood': 0.02, 'icmp-flood': 0.05, 'distributed-flood': 0.05, reflection: 0.05,
  'exfiltration-slow': 0.01, 'exfiltration-bulk': 0.01, 'traffic-spike': 0.2,
}

function plan(kind: ScenarioKindId, seed: number, intensity = INTENSITY[kind] ?? 1): AttackPlan {
  return planScenarios(checkScenarioSet({ version: 1, seed, scenarios: [{ kind, intensity, start: 600 }] }), TEST_SURVEY)
}

function digest(p: AttackPlan): string {
  let h = 0
  const f = p.frames
  for (let i = 0; i < f.count; i++) {
    const b = f.bytes(i)
    for (let k = 0; k < b.length; k++) h = (Math.imul(h, 31) + b[k]) | 0
    h = (Math.imul(h, 31) + Math.round(f.timeUs[i])) | 0
  }
  return `${f.count}:${h}`
}

describe('scenario kinds', () => {
  it('are all there, each meant for a detector that exists and a category that exists', () => {
    expect(SCENARIO_KINDS.map((k) => k.id)).toEqual([...SCENARIO_KIND_IDS])
    const detectors = new Set(DETECTORS.map((d) => d.id))
    for (const k of SCENARIO_KINDS) {
      expect(k.detectors.every((d) => detectors.has(d)), k.id).toBe(true)
      expect(k.categories.every((c) => (ALERT_CATEGORIES as readonly string[]).includes(c)), k.id).toBe(true)
      expect(k.description.length).toBeGreaterThan(20)
    }
    expect(JSON.parse(JSON.stringify(scenarioCatalog()))).toHaveLength(SCENARIO_KIND_IDS.length)
  })

  for (const kind of SCENARIO_KIND_IDS) {
    describe(kind, () => {
      const p = plan(kind, 11)
      it('makes frames our decoders read without a single anomaly', () => {
        expect(p.frames.count).toBeGreaterThan(0)
        expect(p.frames.dropped).toBe(0)
        const analysis = decodePlan(p)
        expect(analysis.ctx.anomalies.toRecord()).toEqual({})
        expect(analysis.stats.packets).toBe(p.frames.count)
      })

      it('labels every attack frame with the scenario and counts them right', () => {
        const s = p.scenarios[0]
        let labelled = 0
        for (let i = 0; i < p.frames.count; i++) {
          const l = p.frames.label[i]
          expect(l === 0 || l === 1).toBe(true)
          if (l === 1) labelled++
        }
        expect(s.frames).toBe(labelled)
        expect(labelled).toBeGreaterThan(0)
        expect(s.label).toBe(1)
        expect(s.start).toBe(T0 + 600)
        expect(s.firstFrame ?? 0).toBeGreaterThanOrEqual(T0 + 600 - 60)
        expect(s.attacker).not.toBe(s.target)
      })

      it('is repeatable by seed and changes with it', () => {
        expect(digest(plan(kind, 11))).toBe(digest(p))
        expect(digest(plan(kind, 12))).not.toBe(digest(p))
      })
    })
  }

  it('scales with intensity and honours the stealth rate cap', () => {
    const weak = plan('port-scan', 1, 0.25).scenarios[0].frames
    const strong = plan('port-scan', 1, 1).scenarios[0].frames
    // Four times the probes; open ports answer with one packet more, so the totals differ by a few.
    expect(Math.abs(strong - 4 * weak)).toBeLessThan(10)
    const capped = planScenarios(checkScenarioSet({ version: 1, scenarios: [{ kind: 'port-scan', duration: 60, stealth: { rate: 2 } }] }), TEST_SURVEY)
    // 2 packets per second over 60 s, two packets per probe: 60 probes (ports 1-60: open port 21 answers with one more).
    expect(capped.scenarios[0].frames).toBe(121)
  })

  it('uses the hosts asked for, existing or new, and gives two "new" hosts different addresses', () => {
    const set = checkScenarioSet({ version: 1, scenarios: [{ kind: 'port-scan', attacker: 'new', target: '10.0.0.20' }, { kind: 'host-sweep', attacker: 'new' }] })
    const p = planScenarios(set, TEST_SURVEY)
    expect(p.scenarios[0].target).toBe('10.0.0.20')
    expect(p.scenarios[0].targetMac).toBe('00:16:3e:00:00:14')
    expect(p.scenarios[0].attacker).toMatch(/^10\.0\.0\./)
    expect(p.scenarios[1].attacker).not.toBe(p.scenarios[0].attacker)
    expect(p.scenarios.map((s) => s.label)).toEqual([1, 2])
  })
})
