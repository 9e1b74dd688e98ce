import { describe, expect, it } from 'vitest'
import { LiveDetection } from '../../detect/live-detection.ts'
import { writePcap } from '../../formats/pcap-writer.ts'
import { readLive, snapshotOf, storedOf } from './live-test-kit.ts'
import { runQuery } from './index.ts'
import { DETECT_VIEW_AGGREGATE, readStoredDetection } from './detection-store.ts'
import type { Aggregate } from '../../storage/session-types.ts'

/** Ethernet + IPv4 + UDP from a to b:9999 (checksums zero). */
function udp(a: number, b: number, sport: number): Uint8Array {
  const f = new Uint8Array(14 + 20 + 8 + 64)
  const v = new DataView(f.buffer)
  f.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1], 0)
  v.setUint16(12, 0x0800)
  f[14] = 0x45
  v.setUint16(16, 20 + 8 + 64)
  f[22] = 64
  f[23] = 17
  v.setUint32(26, a)
  v.setUint32(30, b)
  v.setUint16(34, sport)
  v.setUint16(36, 9999)
  v.setUint16(38, 8 + 64)
  return f
}

const T = 1_700_000_000
/** 60 s of a quiet exchange between .1 and .2, then 3,000 datagrams from .66 flooding .5 (a new host and edge). */
function floodCapture(): Uint8Array {
  const pkts: { time: number; data: Uint8Array }[] = []
  for (let i = 0; i < 120; i++) pkts.push({ time: T + i * 0.5, data: udp(0x0a000001, 0x0a000002, 5000 + (i % 3)) })
  for (let i = 0; i < 3000; i++) pkts.push({ time: T + 60 + i / 1000, data: udp(0x0a000042, 0x0a000005, 40000 + (i % 5000)) })
  return writePcap(pkts)
}

async function detected() {
  const run = await readLive(floodCapture(), 'flood.pcap', 16384)
  const live = new LiveDetection(run.live.analysis, 'flood.pcap')
  // The taps only matter for ARP/DNS/HTTP detectors; this capture has none.
  run.live.setDetection(live.runFinal())
  return run
}

describe('detection queries', () => {
  it('answer the alerts, the baseline (data and JSON), evidence rows and what is new against the baseline', async () => {
    const { live } = await detected()
    const d = runQuery(live, 'detection', {})
    expect(d).not.toBeNull()
    if (d === null) return
    const flood = d.alerts.find((a) => a.category === 'udp-flood')
    expect(flood?.src).toEqual(['10.0.0.66'])
    expect(d.perCategory['udp-flood']).toBeGreaterThanOrEqual(1)
    expect(d.canRerun).toBe(true)
    expect(d.provisional).toBe(false)
    const rows = runQuery(live, 'evidenceFlows', { ids: [...(flood?.evidence ?? []), -1, 1e9, 'x' as unknown as number] })
    expect(rows.length).toBe(flood?.evidence.length)
    expect(rows.every((r) => r.src === '10.0.0.66' && r.dst === '10.0.0.5')).toBe(true)
    const json = runQuery(live, 'baselineJson', {})
    expect(JSON.parse(json ?? 'null').kind).toBe('nettwin-baseline')
    const fresh = runQuery(live, 'newAgainstBaseline', {})
    expect(fresh?.hosts).toEqual(expect.arrayContaining(['10.0.0.66', '10.0.0.5']))
    expect(fresh?.hosts).not.toContain('10.0.0.1')
    expect(fresh?.edges).toContainEqual({ src: '10.0.0.66', dst: '10.0.0.5' })
    const bands = runQuery(live, 'baselineBands', {})
    expect(bands?.packets.median).toBeGreaterThan(0)
    expect(runQuery(live, 'alertsInRange', { start: T, end: T + 30 }).some((a) => a.category === 'udp-flood')).toBe(false)
    expect(runQuery(live, 'alertsInRange', { start: T + 59, end: T + 70 }).some((a) => a.category === 'udp-flood')).toBe(true)
    expect(runQuery(live, 'detectors', {}).length).toBeGreaterThan(10)
  })

  it('are saved with a session and read back strictly; a damaged record shows no alerts', async () => {
    const { live } = await detected()
    const payload = snapshotOf(live)
    expect(Object.keys(payload.aggregates)).toEqual(expect.arrayContaining([DETECT_VIEW_AGGREGATE, 'detect.baseline']))
    const stored = storedOf(payload)
    const a = runQuery(live, 'detection', {})
    const b = runQuery(stored, 'detection', {})
    expect(b?.alerts).toEqual(a?.alerts)
    expect(b?.hostRisk).toEqual(a?.hostRisk)
    expect(b?.detection.detectors).toEqual(a?.detection.detectors)
    expect(b?.canRerun).toBe(false)
    expect(runQuery(stored, 'baselineJson', {})).toBe(runQuery(live, 'baselineJson', {}))
    expect(runQuery(stored, 'newAgainstBaseline', {})).toEqual(runQuery(live, 'newAgainstBaseline', {}))

    const view = payload.aggregates[DETECT_VIEW_AGGREGATE]
    if (view.kind !== 'json') throw new Error('expected JSON')
    const tamper = (change: (v: Record<string, unknown>) => void): Record<string, Aggregate> => {
      const copy = JSON.parse(JSON.stringify(view.value)) as Record<string, unknown>
      change(copy)
      return { ...payload.aggregates, [DETECT_VIEW_AGGREGATE]: { kind: 'json', value: copy as never } }
    }
    expect(readStoredDetection(tamper((v) => (v.extra = 1)))).toBeNull()
    expect(readStoredDetection(tamper((v) => ((v.alerts as Record<string, unknown>[])[0].severity = 'apocalyptic')))).toBeNull()
    expect(readStoredDetection(tamper((v) => ((v.alerts as Record<string, unknown>[])[0].explanation = 'x'.repeat(9000))))).toBeNull()
    expect(readStoredDetection(tamper((v) => (v.version = 2)))).toBeNull()
    expect(readStoredDetection({ ...payload.aggregates, 'detect.baseline': { kind: 'json', value: { kind: 'nettwin-baseline', version: 1 } } })).toBeNull()
    // A session saved before detection existed has neither aggregate.
    const { [DETECT_VIEW_AGGREGATE]: _v, 'detect.baseline': _b, ...older } = payload.aggregates
    expect(readStoredDetection(older)).toBeNull()
  })
})
