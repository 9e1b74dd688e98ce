import { beforeAll, describe, expect, it } from 'vitest'
import { FakeClock, freshFactory, openPage } from '../../storage/test-fixtures.ts'
import { loadSession, saveSession } from '../../storage/sessions.ts'
import { parseSessionFile, encodeSessionFile } from '../../storage/session-file.ts'
import { exploreSnapshot } from './explore-snapshot.ts'
import { runQuery } from './index.ts'
import { type LiveRun, acceptExplore, readLive, snapshotOf } from './live-test-kit.ts'
import { packValue, unpackValue } from './pack.ts'
import type { SessionPayload } from './snapshot.ts'
import { StoredAnalysisData } from './stored-data.ts'
import { lanCaptureBytes } from './test-capture.ts'
import type { Aggregate, Column } from '../../storage/session-types.ts'

let run: LiveRun
let payload: SessionPayload

beforeAll(async () => {
  run = await readLive(lanCaptureBytes(), 'lan.pcap')
  payload = snapshotOf(run.live)
})

function draft(p: SessionPayload) {
  return { name: 'lan', source: { fileName: 'lan.pcap', size: 1, format: 'pcap', compression: null }, summary: p.summary, aggregates: p.aggregates, flows: null }
}

describe('a session saved to IndexedDB and read back', () => {
  it('answers the shell queries as the live analysis did', async () => {
    const storage = await openPage(freshFactory(), new FakeClock())
    const listing = await saveSession(storage, draft(payload))
    const session = await loadSession(storage, listing.id)
    const stored = new StoredAnalysisData(session.summary, session.aggregates, acceptExplore)
    expect(runQuery(stored, 'summary', {}).summary).toEqual(run.summary)
    expect(runQuery(stored, 'overview', {})).toEqual({ ...runQuery(run.live, 'overview', {}), phase: 'stored' })
    expect(runQuery(stored, 'hostHeatmap', { metric: 'bytesIn' })).toEqual(runQuery(run.live, 'hostHeatmap', { metric: 'bytesIn' }))
    expect(runQuery(stored, 'protocolMix', {})).toEqual(runQuery(run.live, 'protocolMix', {}))
    // The exploration snapshot comes back whole (typed arrays of the same kinds, Float32Array included).
    expect(stored.explore()).toEqual(exploreSnapshot(run.live.analysis))
  })

  it('survives export to a session file and import', () => {
    const bytes = encodeSessionFile({ ...draft(payload), id: 'x', createdAt: 0, updatedAt: 0, schemaVersion: 2, stats: { packets: 0, bytes: 0, start: null, end: null }, hasOriginalFile: false, storedBytes: 0 }, null)
    const joined = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0))
    let at = 0
    for (const b of bytes) {
      joined.set(b, at)
      at += b.length
    }
    const back = parseSessionFile(joined)
    const stored = new StoredAnalysisData(back.summary, back.aggregates, acceptExplore)
    expect(runQuery(stored, 'ioSeries', { bucketSeconds: 1 })).toEqual(runQuery(run.live, 'ioSeries', { bucketSeconds: 1 }))
  })
})

describe('a damaged or partial stored session', () => {
  it('empties only the parts whose aggregates are missing or malformed', () => {
    const aggregates: Record<string, Aggregate> = { ...payload.aggregates }
    delete aggregates['shell.hostRows']
    aggregates['shell.hierarchy'] = { kind: 'json', value: { name: 'frame', children: 'nope' } }
    aggregates['shell.services'] = { kind: 'json', value: [{ proto: 'tcp', port: 99999 }] }
    const stored = new StoredAnalysisData(payload.summary, aggregates, acceptExplore)
    expect(runQuery(stored, 'hostHeatmap', {})).toBeNull()
    expect(runQuery(stored, 'protocolHierarchy', {}).children).toEqual([])
    expect(runQuery(stored, 'overview', {}).services).toEqual([])
    // Untouched parts still answer.
    expect(runQuery(stored, 'protocolMix', {})).toEqual(runQuery(run.live, 'protocolMix', {}))
  })

  it('rejects a host table whose indexes point outside its dictionaries', () => {
    const rows = payload.aggregates['shell.hostRows']
    if (rows.kind !== 'table') throw new Error('expected a table')
    const columns = rows.table.columns.map((c): Column => (c.name === 'host' ? { name: 'host', type: 'u32', data: new Uint32Array(c.data.length).fill(1e6) } : c))
    const stored = new StoredAnalysisData(payload.summary, { ...payload.aggregates, 'shell.hostRows': { kind: 'table', table: { ...rows.table, columns } } }, acceptExplore)
    expect(stored.hostWindowTable()).toBeNull()
  })

  it('reports a missing exploration snapshot as an error of that query only', () => {
    const aggregates = Object.fromEntries(Object.entries(payload.aggregates).filter(([k]) => !k.startsWith('explore')))
    const stored = new StoredAnalysisData(payload.summary, aggregates, acceptExplore)
    expect(() => stored.explore()).toThrow(/explore is missing/)
    expect(runQuery(stored, 'summary', {}).summary.packets).toBe(run.summary.packets)
  })
})

describe('packValue / unpackValue', () => {
  it('round-trips nested plain data with every typed array kind and long arrays', () => {
    const value = {
      a: new Float64Array([1.5, NaN, -2]),
      b: new Float32Array([0.1, 2.5]),
      c: { d: new Uint32Array([4, 5]), e: new Int32Array([-1]), f: new Uint16Array([65535]), g: new Uint8Array([1, 2, 3]) },
      list: Array.from({ length: 1000 }, (_, i) => [i, `x${i}`]),
      short: ['a', null, true, 3],
    }
    const out: Record<string, Aggregate> = {}
    packValue(value, 'v', out)
    expect(Object.keys(out).length).toBeGreaterThan(5)
    const back = unpackValue('v', out) as typeof value
    expect(back.b).toBeInstanceOf(Float32Array)
    expect(back).toEqual(value)
  })

  it('refuses markers that point outside its prefix or at the wrong kind of aggregate', () => {
    const out: Record<string, Aggregate> = { other: { kind: 'json', value: 1 } }
    out.v = { kind: 'json', value: { x: { $nt: ['col', 'other', 'f64'] } } }
    expect(() => unpackValue('v', out)).toThrow()
    out.v = { kind: 'json', value: { x: { $nt: ['col', 'v/9', 'f64'] } } }
    expect(() => unpackValue('v', out)).toThrow()
    out['v/0'] = { kind: 'table', table: { rowCount: 1, columns: [{ name: 'v', type: 'u8', data: new Uint8Array(1) }] } }
    out.v = { kind: 'json', value: { x: { $nt: ['col', 'v/0', 'f64'] } } }
    expect(() => unpackValue('v', out)).toThrow(/wrong type/)
  })

  it('refuses values it cannot store faithfully', () => {
    expect(() => packValue({ $nt: 1 }, 'v', {})).toThrow()
    expect(() => packValue({ f: () => 1 }, 'v', {})).toThrow()
    let deep: unknown = 1
    for (let i = 0; i < 40; i++) deep = [deep]
    expect(() => packValue(deep, 'v', {})).toThrow(/deeply/)
  })
})

describe('the exploration snapshot read back', () => {
  it('passes the exploration views\' validator after storage', async () => {
    const { validateExploreSnapshot } = await import('./explore-snapshot-validate.ts')
    const stored = new StoredAnalysisData(payload.summary, payload.aggregates, validateExploreSnapshot)
    expect(stored.explore()).toEqual(exploreSnapshot(run.live.analysis))
  })
})
