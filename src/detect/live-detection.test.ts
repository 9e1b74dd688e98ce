import { describe, expect, it } from 'vitest'
import { CaptureAnalysis } from '../analysis/capture-analysis.ts'
import { baselineToJSON } from '../baseline/baseline-json.ts'
import { toBatches } from '../flows/test-batch.ts'
import { DEFAULT_DETECT_SETTINGS } from './detect-settings.ts'
import { LiveDetection } from './live-detection.ts'
import { officeTraffic, ping, synProbe, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000

/** Five minutes of office traffic; 10.0.0.13 sweeps 99 hosts at 200 s and scans 60 ports of 10.0.0.1 at 220 s. */
function attackDay(): Pkt[] {
  const pkts: Pkt[] = [...officeTraffic(T0, 300, 21)]
  for (let h = 1; h < 100; h++) pkts.push(...ping(T0 + 200 + h * 0.01, '10.0.0.13', `10.0.9.${h}`, false, h))
  for (let p = 1; p <= 60; p++) pkts.push(...synProbe(T0 + 220 + p * 0.01, `10.0.0.13:${50000 + p}`, `10.0.0.1:${p}`, true))
  return pkts.sort((a, b) => a.t - b.t)
}

/** Streams the packets through an analysis and a LiveDetection on a fake clock, calling `tick` after each batch. */
function stream(packets: readonly Pkt[], tick: (live: LiveDetection, clock: { ms: number }, last: Pkt) => void): { analysis: CaptureAnalysis; live: LiveDetection } {
  const analysis = new CaptureAnalysis()
  const clock = { ms: 0 }
  const live = new LiveDetection(analysis, 'day.pcap', () => clock.ms)
  let row = 0
  for (const b of toBatches(analysis.ctx, packets, 64)) {
    analysis.consume(b)
    live.consume(b, analysis.ctx)
    row += b.count
    tick(live, clock, packets[row - 1])
  }
  analysis.finish(packets[packets.length - 1].t)
  return { analysis, live }
}

describe('LiveDetection', () => {
  it('raises provisional alerts while reading, paced by the clock, and the final set at the end', () => {
    const seen: { t: number; categories: string[]; provisional: boolean }[] = []
    const { live } = stream(attackDay(), (l, clock, last) => {
      clock.ms += 300
      const view = l.runIfDue()
      if (view !== null) seen.push({ t: last.t - T0, categories: view.report.alerts.map((a) => a.category), provisional: view.provisional })
    })
    // Runs happen, but not at every batch (at least a second apart on the fake clock).
    expect(seen.length).toBeGreaterThan(1)
    expect(seen.every((s) => s.provisional)).toBe(true)
    // The sweep shows up before the end of the read (the capture runs to 300 s).
    const early = seen.find((s) => s.categories.includes('host-sweep'))
    expect(early).toBeDefined()
    expect(early?.t).toBeLessThan(299)
    const final = live.runFinal()
    expect(final.provisional).toBe(false)
    expect(final.report.alerts.map((a) => a.category)).toEqual(expect.arrayContaining(['host-sweep', 'port-scan']))
    expect(final.sequence).toBe(seen.length + 1)
    const liveAlerts = live.liveAlerts(final)
    expect(liveAlerts.total).toBe(final.report.alerts.length)
    expect(liveAlerts.provisional).toBe(false)
  })

  it('re-runs with other settings over the kept analysis: a detector off, no baseline, an imported baseline', () => {
    const { live } = stream(attackDay(), () => undefined)
    const first = live.runFinal()
    expect(first.report.alerts.some((a) => a.detector === 'port-scan')).toBe(true)
    const off = live.rerun({ ...DEFAULT_DETECT_SETTINGS, enabled: { 'port-scan': false } })
    expect(off.ok).toBe(true)
    if (!off.ok) return
    expect(off.view.report.alerts.some((a) => a.detector === 'port-scan')).toBe(false)
    expect(off.view.report.detection.detectors.find((d) => d.id === 'port-scan')?.skipped).toBe('disabled')

    const none = live.rerun({ ...DEFAULT_DETECT_SETTINGS, baseline: { kind: 'none' } })
    expect(none.ok && none.view.report.detection.mode).toBe('self-contained')
    expect(none.ok && none.view.baseline).toBeNull()

    // The first run's baseline, exported and imported back, gives the same alerts as learning it again.
    const text = baselineToJSON(first.baseline ?? (() => { throw new Error('no baseline') })())
    const imported = live.rerun({ ...DEFAULT_DETECT_SETTINGS, baseline: { kind: 'json', text, label: 'day.json' } })
    expect(imported.ok).toBe(true)
    if (!imported.ok) return
    expect(imported.view.baselineLabel).toBe('imported: day.json')
    expect(imported.view.report.alerts.map((a) => a.id).sort()).toEqual(first.report.alerts.map((a) => a.id).sort())

    const bad = live.rerun({ ...DEFAULT_DETECT_SETTINGS, baseline: { kind: 'json', text: '{"kind":"nettwin-baseline","version":99}', label: 'x' } })
    expect(bad.ok).toBe(false)
    // A refused baseline leaves the settings as they were.
    expect(live.view?.baselineLabel).toBe('imported: day.json')
  })

  it('learns from a brushed time range when asked', () => {
    const { live } = stream(attackDay(), () => undefined)
    const r = live.rerun({ ...DEFAULT_DETECT_SETTINGS, baseline: { kind: 'range', start: T0 + 10, end: T0 + 150 } })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.view.baseline?.source.start).toBeCloseTo(T0 + 10, 3)
    expect(r.view.baseline?.source.end).toBeCloseTo(T0 + 150, 3)
    expect(r.view.baseline?.source.fraction).toBeNull()
  })
})
