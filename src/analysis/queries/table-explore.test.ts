import { describe, expect, it } from 'vitest'
import { bytesSource } from '../../formats/sources.ts'
import { readTable } from '../../formats/tables/read-table.ts'
import type { FlowRecordBatch } from '../../formats/tables/table-model.ts'
import { SAMPLES, encode } from '../../formats/tables/table-test-utils.ts'
import type { AnalysisData } from './analysis-data.ts'
import { validateExploreSnapshot } from './explore-snapshot-validate.ts'
import { runQuery } from './index.ts'
import { tableExplore } from './table-explore.ts'

async function flowsOf(text: string): Promise<FlowRecordBatch[]> {
  const batches: FlowRecordBatch[] = []
  await readTable(bytesSource(encode(text), 'table', 64), { onFlows: (b) => void batches.push(b) })
  return batches
}

/** Just enough AnalysisData for the exploration queries, which read only explore(). */
const exploreOnly = (snapshot: ReturnType<typeof tableExplore>['snapshot']): AnalysisData => ({ explore: () => snapshot }) as unknown as AnalysisData

describe('table flows as exploration data', () => {
  it('a Zeek conn.log feeds the flows, conversations and endpoints tables and the topology', async () => {
    const { snapshot, unknownPackets } = tableExplore(await flowsOf(SAMPLES['zeek-json']))
    expect(unknownPackets).toBe(false)
    expect(() => validateExploreSnapshot(snapshot)).not.toThrow()
    const data = exploreOnly(snapshot)
    const flows = runQuery(data, 'flowsPage', { offset: 0, limit: 10 })
    expect(flows.total).toBe(2)
    expect(snapshot.addresses.text).toEqual(['', '10.0.2.15', '10.0.2.3', '195.113.232.73'])
    expect(snapshot.captureStart).toBe(1700828213.098448)
    expect(snapshot.flows.origPkts[1]).toBe(5)
    expect(snapshot.flows.respBytes[1]).toBe(351)
    const tcp = runQuery(data, 'conversationsPage', { kind: 'tcp', offset: 0, limit: 10 })
    expect(tcp.total).toBe(1)
    const endpoints = runQuery(data, 'endpointsPage', { kind: 'all', offset: 0, limit: 10 })
    expect(endpoints.total).toBe(3)
    const topology = runQuery(data, 'topology', {})
    expect(JSON.stringify(topology)).toContain('195.113.232.73')
  })

  it('keeps history letters and Zeek states', async () => {
    const { snapshot } = tableExplore(await flowsOf(SAMPLES['zeek-json']))
    const h = snapshot.flows.history
    const letters = String.fromCharCode(...h.subarray(12 + 1, 12 + 1 + h[12]))
    expect(letters).toBe('ShADadFf')
  })

  it('NSL-KDD records (no times, no addresses, no packet counts) stay unknown, not zero', async () => {
    const { snapshot, unknownPackets } = tableExplore(await flowsOf(SAMPLES['nsl-kdd']))
    expect(snapshot.flows.count).toBe(4)
    expect(unknownPackets).toBe(true)
    expect(Array.from(snapshot.flows.first).every(Number.isNaN)).toBe(true)
    expect(snapshot.captureStart).toBe(0)
    // Payload bytes stand in for the bytes (491 from the originator in the first record).
    expect(snapshot.flows.origBytes[0]).toBe(491)
    expect(snapshot.conversations.ip.rows).toBe(0)
    expect(runQuery(exploreOnly(snapshot), 'flowsPage', { offset: 0, limit: 10 }).total).toBe(4)
  })

  it('orders records by start time, unknown times last, and sums conversations per pair', async () => {
    const { snapshot } = tableExplore(await flowsOf(SAMPLES.argus))
    expect(snapshot.flows.count).toBe(2)
    expect(snapshot.flows.first[0]).toBeLessThan(snapshot.flows.first[1])
    expect(snapshot.conversations.ip.rows).toBe(2)
    expect(snapshot.conversations.udp.rows).toBe(1)
  })
})
