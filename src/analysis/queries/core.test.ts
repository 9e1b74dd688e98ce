import { beforeAll, describe, expect, it } from 'vitest'
import { lanCaptureBytes } from './test-capture.ts'
import { type LiveRun, readLive, snapshotOf, storedOf } from './live-test-kit.ts'
import { UnknownQueryError, runQuery, runQueryUnchecked, type QueryName } from './index.ts'
import { coreQueries, WINDOW_METRICS } from './core.ts'
import type { StoredAnalysisData } from './stored-data.ts'

let run: LiveRun
let stored: StoredAnalysisData

beforeAll(async () => {
  run = await readLive(lanCaptureBytes(), 'lan.pcap')
  stored = storedOf(snapshotOf(run.live))
})

/** Every core query with a few parameter sets: the stored session must answer each exactly as the live analysis. */
const CASES: readonly [QueryName, object][] = [
  ['summary', {}],
  ['overview', { top: 10 }],
  ['overview', { top: 3 }],
  ['ioSeries', { bucketSeconds: 0, maxPoints: 5000 }],
  ['ioSeries', { bucketSeconds: 0.1, maxPoints: 5000 }],
  ['ioSeries', { bucketSeconds: 1, maxPoints: 10 }],
  ['ioSeries', { bucketSeconds: 3600, maxPoints: 100 }],
  ['protocolHierarchy', {}],
  ['protocolMix', { ports: 6 }],
  ['hostHeatmap', { metric: 'bytesOut', hosts: 50 }],
  ['hostHeatmap', { metric: 'packetsIn', hosts: 3 }],
  ['hostHeatmap', { metric: 'tcpSyn', hosts: 50 }],
  ['portHostHeatmap', { measure: 'bytes', hosts: 30, ports: 20 }],
  ['portHostHeatmap', { measure: 'conversations', hosts: 2, ports: 2 }],
  ['hourDayHeatmap', { measure: 'packets' }],
  ['hourDayHeatmap', { measure: 'bytes' }],
  ...WINDOW_METRICS.map((metric): [QueryName, object] => ['windowMetric', { metric }]),
]

describe('core queries over a real analysis', () => {
  it('summarise the capture as analyzeCapture did', () => {
    const s = runQuery(run.live, 'summary', {})
    expect(s.phase).toBe('done')
    expect(s.summary).toBe(run.summary)
    expect(run.summary.packets).toBeGreaterThan(40)
  })

  it('give an IO series whose buckets add up to the packet and byte totals, at every bucket size', () => {
    for (const bucketSeconds of [0, 0.001, 0.5, 1, 10, 86400]) {
      const io = runQuery(run.live, 'ioSeries', { bucketSeconds, maxPoints: 100_000 })
      expect(io.packets.reduce((a, b) => a + b, 0)).toBe(run.summary.packets)
      expect(io.bytes.reduce((a, b) => a + b, 0)).toBe(run.summary.bytes)
      expect(io.flowsStarted.reduce((a, b) => a + b, 0)).toBe(run.summary.flows)
    }
  })

  it('show the protocol hierarchy and the overview lists of the finished report', () => {
    const report = run.live.analysis.stats.finish()
    expect(runQuery(run.live, 'protocolHierarchy', {})).toEqual(report.protocolHierarchy)
    const o = runQuery(run.live, 'overview', { top: 100 })
    expect(o.talkers).toEqual(report.topTalkers)
    expect(o.services).toEqual(report.services)
    expect(o.services.map((s) => `${s.proto}/${s.port}`)).toEqual(expect.arrayContaining(['tcp/80', 'tcp/443', 'udp/53']))
  })

  it('count packets per protocol family per window, adding up to all packets', () => {
    const mix = runQuery(run.live, 'protocolMix', { ports: 6 })
    expect(mix).not.toBeNull()
    let sum = 0
    for (const f of mix?.families ?? []) sum += f.values.reduce((a, b) => a + b, 0)
    expect(sum).toBe(run.summary.packets)
    expect(mix?.ports.map((p) => p.name)).toContain('tcp/80')
  })

  it('put every packet in the hour-of-day map, in the capture hour (UTC)', () => {
    const m = runQuery(run.live, 'hourDayHeatmap', { measure: 'packets' })
    expect(m.days).toEqual(['2024-05-01'])
    expect(m.values.reduce((a, b) => a + b, 0)).toBe(run.summary.packets)
    expect(m.values[9]).toBe(run.summary.packets) // T0 = 2024-05-01 09:00:00 UTC
  })

  it('answer the same from the stored aggregates as from the live analysis, for every query', () => {
    for (const [name, params] of CASES) {
      const live = runQueryUnchecked(run.live, name, params)
      const fromStore = runQueryUnchecked(stored, name, params)
      const phaseless = (v: unknown) => (typeof v === 'object' && v !== null && 'phase' in v ? { ...v, phase: 'x' } : v)
      expect(phaseless(fromStore), `${name} ${JSON.stringify(params)}`).toEqual(phaseless(live))
    }
  })

  it('survive hostile params without throwing, and refuse unknown names', () => {
    const hostile = [null, 'x', 42, [], { bucketSeconds: -1, maxPoints: NaN }, { metric: '__proto__', hosts: 1e99 }, { measure: 'constructor', top: -5 }, JSON.parse('{"__proto__":{"top":1}}')]
    for (const name of Object.keys(coreQueries)) for (const p of hostile) expect(() => runQueryUnchecked(run.live, name, p)).not.toThrow()
    expect(() => runQueryUnchecked(run.live, 'toString', {})).toThrow(UnknownQueryError)
    expect(() => runQueryUnchecked(run.live, '__proto__', {})).toThrow(UnknownQueryError)
  })

  it('returns typed arrays it does not keep (so the worker may transfer them)', () => {
    const a = runQuery(run.live, 'ioSeries', { bucketSeconds: 1, maxPoints: 100 })
    const b = runQuery(run.live, 'ioSeries', { bucketSeconds: 1, maxPoints: 100 })
    expect(a.packets).not.toBe(b.packets)
    const s1 = runQuery(stored, 'overview', {})
    const s2 = runQuery(stored, 'overview', {})
    expect(s1.io.packets).not.toBe(s2.io.packets)
  })
})

describe('partial summaries while reading', () => {
  it('grow monotonically and are marked partial', () => {
    expect(run.partials.length).toBeGreaterThan(1)
    let before = 0
    for (const p of run.partials) {
      expect(p.partial).toBe(true)
      expect(p.packets).toBeGreaterThanOrEqual(before)
      before = p.packets
    }
  })

  it('agree with the final summary on every running total once all batches are in', () => {
    const p = run.live.runningSummary()
    const f = run.summary
    for (const key of ['packets', 'bytes', 'capturedBytes', 'start', 'end', 'duration', 'ipConversations', 'linkTypes', 'protocols', 'flows', 'endpoints'] as const) {
      expect(p[key], key).toEqual(f[key])
    }
    expect(p.topTalkers).toEqual(f.topTalkers)
  })
})
