import { beforeAll, describe, expect, it } from 'vitest'
import { T0, lanCaptureBytes } from './test-capture.ts'
import { type LiveRun, readLive, snapshotOf, storedOf } from './live-test-kit.ts'
import { runQuery, runQueryUnchecked, type QueryName } from './index.ts'
import type { StoredAnalysisData } from './stored-data.ts'

let run: LiveRun
let stored: StoredAnalysisData

beforeAll(async () => {
  run = await readLive(lanCaptureBytes(), 'lan.pcap')
  stored = storedOf(snapshotOf(run.live))
})

/** The two web sessions (T0 + 2 s and T0 + 4 s, both to 10.0.0.5:80) and nothing else; starts on a window edge. */
const WEB = { start: T0 + 2, end: T0 + 5.9 }
const ALL = { start: T0 - 10, end: T0 + 3600 }

const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0)

describe('queries narrowed to a brushed time range', () => {
  it('overview: services, talkers and totals of the range only', () => {
    const o = runQuery(run.live, 'overview', { top: 10, range: WEB })
    expect(o.services.map((s) => `${s.proto}/${s.port}`)).toEqual(['tcp/80'])
    expect(o.services[0].conversations).toBe(2)
    expect(o.talkers[0].address).toBe('10.0.0.5')
    expect(o.talkers.map((t) => t.address)).not.toContain('203.0.113.7')
    expect(o.range).not.toBeNull()
    expect(o.range?.packets).toBeGreaterThan(0)
    expect(o.range?.packets).toBeLessThan(run.summary.packets)
    expect(sum(o.io.packets)).toBe(o.range?.packets)
    expect(o.io.start).toBeLessThanOrEqual(WEB.start)
    expect(o.io.start + o.io.bucketSeconds * o.io.packets.length).toBeGreaterThanOrEqual(WEB.end - 1e-9)
    const whole = runQuery(run.live, 'overview', { top: 10 })
    expect(whole.range).toBeNull()
    expect(whole.services.length).toBeGreaterThan(1)
  })

  it('overview over a range that holds the whole capture counts every packet', () => {
    const o = runQuery(run.live, 'overview', { top: 100, range: ALL })
    expect(o.range?.packets).toBe(run.summary.packets)
    expect(o.range?.bytes).toBe(run.summary.bytes)
    expect(new Set(o.services.map((s) => `${s.proto}/${s.port}`))).toEqual(new Set(['tcp/80', 'tcp/443', 'tcp/8443', 'tcp/22', 'udp/53', 'udp/5353']))
  })

  it('protocol mix, host x time and hour-of-day maps keep only the windows of the range', () => {
    const mix = runQuery(run.live, 'protocolMix', { ports: 6, range: WEB })
    const wholeMix = runQuery(run.live, 'protocolMix', { ports: 6 })
    expect(mix && wholeMix).toBeTruthy()
    if (!mix || !wholeMix) return
    expect(mix.times.length).toBeGreaterThan(0)
    expect(mix.times.length).toBeLessThan(wholeMix.times.length)
    for (const t of mix.times) expect(t + mix.bucketSeconds > WEB.start && t < WEB.end).toBe(true)
    expect(mix.ports.map((p) => p.name)).toEqual(['tcp/80'])
    expect(runQuery(run.live, 'protocolMix', { ports: 6, range: ALL })).toEqual(wholeMix)

    const hosts = runQuery(run.live, 'hostHeatmap', { metric: 'bytesOut', hosts: 50, range: WEB })
    const wholeHosts = runQuery(run.live, 'hostHeatmap', { metric: 'bytesOut', hosts: 50 })
    expect(hosts?.hosts).toEqual(wholeHosts?.hosts)
    expect(hosts?.windowStart.length).toBe(mix.times.length)
    expect(hosts?.values.length).toBe((hosts?.hosts.length ?? 0) * (hosts?.windowStart.length ?? 0))
    expect(runQuery(run.live, 'hostHeatmap', { metric: 'bytesOut', hosts: 50, range: ALL })).toEqual(wholeHosts)

    const hours = runQuery(run.live, 'hourDayHeatmap', { measure: 'packets', range: WEB })
    expect(sum(hours.values)).toBeLessThan(run.summary.packets)
    expect(sum(hours.values)).toBe(runQuery(run.live, 'overview', { range: WEB }).range?.packets)
  })

  it('destination port x host map: the flows of the range only', () => {
    const m = runQuery(run.live, 'portHostHeatmap', { measure: 'conversations', hosts: 30, ports: 20, range: WEB })
    expect(m.ports).toEqual(['tcp/80'])
    expect(m.hosts).toEqual(['10.0.0.5'])
    expect(sum(m.values)).toBe(2)
  })

  it('answer the same from a stored session as live', () => {
    const cases: [QueryName, object][] = [
      ['overview', { top: 10, range: WEB }],
      ['protocolMix', { ports: 6, range: WEB }],
      ['hostHeatmap', { metric: 'packetsIn', hosts: 10, range: WEB }],
      ['portHostHeatmap', { measure: 'bytes', hosts: 30, ports: 20, range: WEB }],
      ['hourDayHeatmap', { measure: 'bytes', range: WEB }],
    ]
    for (const [name, params] of cases) {
      const phaseless = (v: unknown) => (typeof v === 'object' && v !== null && 'phase' in v ? { ...v, phase: 'x' } : v)
      expect(phaseless(runQueryUnchecked(stored, name, params)), `${name}`).toEqual(phaseless(runQueryUnchecked(run.live, name, params)))
    }
  })

  it('ignore a range that is not one', () => {
    const whole = runQuery(run.live, 'overview', { top: 10 })
    for (const range of [null, 'x', { start: NaN, end: 5 }, { start: T0 + 5, end: T0 + 1 }, { start: '1', end: '2' }, []]) {
      expect(runQueryUnchecked(run.live, 'overview', { top: 10, range })).toEqual(whole)
    }
  })
})
