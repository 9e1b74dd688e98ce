import { describe, expect, it } from 'vitest'
import { flowSourceOf } from '../baseline/flow-source.ts'
import { learnBaseline } from '../baseline/learn-baseline.ts'
import { ALERT_CATEGORIES, SEVERITIES } from './alert.ts'
import { resolveParams } from './detector.ts'
import { hostSweep } from './host-sweep.ts'
import { DETECTORS, detectorCatalog } from './registry.ts'
import { detectAll, runDetectors } from './run-detectors.ts'
import { build, officeTraffic, ping, synProbe, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000

function attackDay(): Pkt[] {
  const pkts: Pkt[] = [...officeTraffic(T0, 300, 21)]
  for (let h = 1; h < 100; h++) pkts.push(...ping(T0 + 200 + h * 0.01, '10.0.0.13', `10.0.9.${h}`, false, h))
  for (let p = 1; p <= 60; p++) pkts.push(...synProbe(T0 + 220 + p * 0.01, `10.0.0.13:${50000 + p}`, `10.0.0.1:${p}`, true))
  return pkts
}

describe('runDetectors and detectAll', () => {
  it('finds the attacks with a learned baseline, and every alert follows the schema', () => {
    const { analysis, taps } = build(attackDay())
    const r = detectAll(analysis, { taps })
    expect(r.mode).toBe('baseline')
    expect(r.baseline?.source.fraction).toBe(0.3)
    const cats = r.alerts.map((a) => a.category)
    expect(cats).toContain('host-sweep')
    expect(cats).toContain('port-scan')
    for (const a of r.alerts) {
      expect(ALERT_CATEGORIES).toContain(a.category)
      expect(SEVERITIES).toContain(a.severity)
      expect(a.confidence).toBeGreaterThanOrEqual(0)
      expect(a.confidence).toBeLessThanOrEqual(1)
      expect(a.end).toBeGreaterThanOrEqual(a.start)
      expect(a.evidence.every((f) => Number.isInteger(f) && f >= 0 && f < analysis.flows.count)).toBe(true)
      expect(a.explanation.length).toBeGreaterThan(20)
    }
    expect(new Set(r.alerts.map((a) => a.id)).size).toBe(r.alerts.length)
    expect(r.hostRisk[0].host).toBe('10.0.0.13')
    expect(r.flowRisk.length).toBeGreaterThan(0)
    expect(JSON.parse(JSON.stringify(r.alerts))).toEqual(r.alerts)
  })

  it('runs on a partial analysis while the input is still being read', () => {
    const { analysis, taps } = build(attackDay(), false)
    const r = detectAll(analysis, { taps })
    expect(r.partial).toBe(true)
    expect(r.alerts.map((a) => a.category)).toContain('host-sweep')
  })

  it('re-runs with new parameters without the file, and a baseline from another input applies everywhere', () => {
    const { analysis, taps } = build(attackDay())
    const strict = runDetectors(analysis, null, { taps, params: { 'host-sweep': { threshold: 1000, fastThreshold: 1000, minTrwTargets: 1000 } } })
    expect(strict.alerts.map((a) => a.category)).not.toContain('host-sweep')
    expect(strict.mode).toBe('self-contained')
    const other = learnBaseline(flowSourceOf(build(officeTraffic(T0 - 86400, 300, 22)).analysis))
    const r = runDetectors(analysis, other, { taps })
    expect(r.mode).toBe('baseline')
    expect(r.compareFrom).toBe(flowSourceOf(analysis).start)
  })

  it('keeps opt-in detectors off unless enabled, and skips baseline-only ones without a baseline', () => {
    const { analysis } = build(officeTraffic(T0, 30, 1))
    const r = runDetectors(analysis, null)
    expect(r.detectors.find((d) => d.id === 'payload-indicator')?.skipped).toBe('disabled')
    expect(r.detectors.find((d) => d.id === 'protocol-mix')?.skipped).toBe('needs-baseline')
    const on = runDetectors(analysis, null, { enabled: { 'payload-indicator': true } })
    expect(on.detectors.find((d) => d.id === 'payload-indicator')?.skipped).toBeUndefined()
  })

  it('clamps parameters to their documented ranges and ignores junk', () => {
    const p = resolveParams(hostSweep, { threshold: 1e12, windowSeconds: -5, theta0: 'x', __proto__: { evil: 1 }, bogus: 3 })
    expect(p.threshold).toBe(100000)
    expect(p.windowSeconds).toBe(1)
    expect(p.theta0).toBe(0.8)
    expect(Object.keys(p)).not.toContain('bogus')
    expect(resolveParams(hostSweep, null)).toEqual(resolveParams(hostSweep, {}))
  })

  it('lists every detector with documented parameters and defaults inside their ranges', () => {
    const catalog = detectorCatalog()
    expect(catalog.map((d) => d.id)).toEqual(DETECTORS.map((d) => d.id))
    expect(new Set(catalog.map((d) => d.id)).size).toBe(catalog.length)
    for (const d of catalog) {
      expect(d.method.length).toBeGreaterThan(20)
      for (const [key, spec] of Object.entries(d.params)) {
        expect(spec.help.length, `${d.id}.${key}`).toBeGreaterThan(10)
        if (typeof spec.default === 'number') {
          expect(spec.default).toBeGreaterThanOrEqual(spec.min ?? -Infinity)
          expect(spec.default).toBeLessThanOrEqual(spec.max ?? Infinity)
        }
      }
    }
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog)
  })
})
