import { beforeAll, describe, expect, it } from 'vitest'
import type { CaptureAnalysis } from '../capture-analysis.ts'
import { conversationsPage } from './conversations-page.ts'
import { endpointsPage } from './endpoints-page.ts'
import { exploreSnapshot, type ExploreSnapshot } from './explore-snapshot.ts'
import { validateExploreSnapshot } from './explore-snapshot-validate.ts'
import { flowsPage } from './flows-page.ts'
import { hostDetails } from './host-details.ts'
import { replayFrame } from './replay-frame.ts'
import { lanAnalysis } from './test-capture.ts'
import { topologyQuery } from './topology-query.ts'

let analysis: CaptureAnalysis
let stored: ExploreSnapshot

beforeAll(async () => {
  analysis = await lanAnalysis()
  // What IndexedDB hands back: a structured clone.
  stored = validateExploreSnapshot(structuredClone(exploreSnapshot(analysis)))
})

describe('explore snapshot', () => {
  it('answers every exploration query as the live analysis does', () => {
    const t0 = analysis.stats.start
    const queries = [
      (s: CaptureAnalysis | ExploreSnapshot) => flowsPage(s, { filter: 'tcp || dns', sort: { column: 'bytes', descending: true } }),
      (s: CaptureAnalysis | ExploreSnapshot) => flowsPage(s, { filter: 'history contains "T"' }),
      (s: CaptureAnalysis | ExploreSnapshot) => conversationsPage(s, { kind: 'udp' }),
      (s: CaptureAnalysis | ExploreSnapshot) => conversationsPage(s, { kind: 'eth', filter: 'eth.addr == 02:00:00:00:00:01' }),
      (s: CaptureAnalysis | ExploreSnapshot) => endpointsPage(s, { sort: { column: 'address', descending: false } }),
      (s: CaptureAnalysis | ExploreSnapshot) => topologyQuery(s, { colorBy: 'subnet' }),
      (s: CaptureAnalysis | ExploreSnapshot) => hostDetails(s, { address: '10.0.0.10', bins: 20 }),
      (s: CaptureAnalysis | ExploreSnapshot) => replayFrame(s, { time: t0 + 12.3, window: 5 }),
    ]
    for (const q of queries) expect(q(stored)).toEqual(q(analysis))
    expect(flowsPage(stored, {}).total).toBe(analysis.flows.count)
  })

  it('is plain data that survives structured clone', () => {
    const s = exploreSnapshot(analysis)
    expect(structuredClone(s)).toEqual(s)
    expect(s.flows.first.length).toBe(analysis.flows.count)
    expect(s.addresses.text[1]).toBe(analysis.ctx.addresses.format(1))
  })
})

describe('validateExploreSnapshot', () => {
  const broken = (change: (s: Record<string, unknown>) => void): unknown => {
    const copy = structuredClone(stored) as unknown as Record<string, unknown>
    change(copy)
    return copy
  }
  const flows = (s: Record<string, unknown>): Record<string, unknown> => s.flows as Record<string, unknown>

  it.each([
    ['not an object', () => 'hello', /not an object/],
    ['another format', () => broken((s) => (s.format = 'other')), /not nettwin exploration data/],
    ['a later version', () => broken((s) => (s.version = 2)), /version 2 is not supported/],
    ['a column of the wrong type', () => broken((s) => (flows(s).first = new Float32Array(flows(s).count as number))), /flows.first is not a Float64Array/],
    ['a short column', () => broken((s) => (flows(s).origPkts = new Uint32Array(1))), /flows.origPkts has 1 values/],
    ['an address id past the list', () => broken((s) => ((flows(s).origAddr as Uint32Array)[0] = 999999)), /refers to address 999999/],
    ['a fact for a flow that does not exist', () => broken((s) => (s.facts = [[123456, {}]])), /facts holds a bad entry/],
    ['a fact with an unknown field', () => broken((s) => (s.facts = [[0, { dnsQuery: null, evil: 1 }]])), /unknown field/],
    ['a huge count', () => broken((s) => (flows(s).count = 2 ** 60)), /count/],
    ['conversation tables missing', () => broken((s) => delete s.conversations), /conversations is not an object/],
  ])('rejects %s', (_name, make, message) => {
    expect(() => validateExploreSnapshot(make())).toThrow(message)
  })

  it('ignores a __proto__ key rather than being changed by it', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>
    expect(() => validateExploreSnapshot(value)).toThrow(/not nettwin exploration data/)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
