import { describe, expect, it } from 'vitest'
import type { Aggregate } from '../../storage/session-types.ts'
import { readSampleTable } from '../../storage/table-test-fixtures.ts'
import { TABLE_FACTS_NAME, restoreTableExplore, tableSessionAggregates } from './table-session.ts'

const withFacts = (aggregates: Record<string, Aggregate>, value: unknown): Record<string, Aggregate> => ({
  ...aggregates,
  [TABLE_FACTS_NAME]: { kind: 'json', value: value as never },
})

describe('table session aggregates', () => {
  it('restore what was packed: the snapshot and whether packet counts are known', async () => {
    const { explore } = await readSampleTable('zeek-json')
    const back = restoreTableExplore(tableSessionAggregates(explore))
    expect(back?.unknownPackets).toBe(explore.unknownPackets)
    expect(back?.snapshot.flows.count).toBe(explore.snapshot.flows.count)
    expect(back?.snapshot.addresses.text).toEqual(explore.snapshot.addresses.text)
    expect(back?.snapshot.flows.handshakeRtt).toBeInstanceOf(Float32Array)
    expect(restoreTableExplore(tableSessionAggregates(undefined))).toBeUndefined()
  })

  it('refuse missing or tampered facts and a damaged snapshot', async () => {
    const { explore } = await readSampleTable('zeek-json')
    const good = tableSessionAggregates(explore)
    const { [TABLE_FACTS_NAME]: _facts, ...noFacts } = good
    expect(() => restoreTableExplore(noFacts)).toThrow(/missing/)
    expect(() => restoreTableExplore(withFacts(good, { version: 2, unknownPackets: false, hasFlows: true }))).toThrow(/version/)
    expect(() => restoreTableExplore(withFacts(good, { version: 1, unknownPackets: 'no', hasFlows: true }))).toThrow(/true or false/)
    expect(() => restoreTableExplore(withFacts(good, { version: 1, unknownPackets: false, hasFlows: true, extra: 1 }))).toThrow(/keys/)
    const { explore: _root, ...noSnapshot } = good
    expect(() => restoreTableExplore(noSnapshot)).toThrow(/missing/)
  })
})
