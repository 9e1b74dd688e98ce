import { describe, expect, it } from 'vitest'
import type { DnsFact } from '../model/app-facts.ts'
import { createFlowTable } from './flow-table.ts'
import { finishedFlowsTransfer, type FinishedFlows } from './flow-transfer.ts'
import type { PacketSpec } from './test-batch.ts'
import { batchOf, seg } from './test-batch.ts'

const C = '10.0.0.1:40000'
const S = '10.0.0.2:80'
const dns: DnsFact = { kind: 'dns', id: 7, isResponse: false, opcode: 0, rcode: 0, qname: 'example.org', qtype: 1, qclass: 1, questions: 1, answers: [], counts: [1, 0, 0, 0] }

/** A handshake and some data, and a UDP flow with a DNS fact. */
const packets: PacketSpec[] = [
  seg(0, C, S, 'S', 100, 0),
  seg(0.01, S, C, 'SA', 500, 101),
  seg(0.02, C, S, 'A', 101, 501),
  ...Array.from({ length: 20 }, (_, k) => seg(0.03 + k * 0.01, k % 2 === 0 ? C : S, k % 2 === 0 ? S : C, 'PA', k % 2 === 0 ? 101 + k * 10 : 501 + k * 10, 0, 10)),
  { t: 1, src: '10.0.0.3:5353', dst: '10.0.0.4:53', proto: 'udp', len: 40, fact: dns },
]

function finishedTable() {
  const { ctx, batch } = batchOf(packets)
  const table = createFlowTable('zeek')
  table.consume(batch, ctx, new Int32Array(batch.count))
  table.finish()
  // A history longer than the inline bytes (the rest lives in a map that has to travel too).
  for (let k = 0; k < 15; k++) table.columns.appendHistory(0, 0x78)
  return { ctx, table }
}

describe('moving a finished flow table to another thread', () => {
  it('gives a table with the same flows, states, facts and overflow (after a structured clone with transfer)', () => {
    const { ctx, table } = finishedTable()
    const records = table.toRecords(ctx)
    const states = table.stateCounts()
    const exported = table.exportFinished()
    const moved = structuredClone(exported, { transfer: finishedFlowsTransfer(exported) })
    // Transferred, not copied: the sending table's columns are gone.
    expect(table.columns.origPkts.length).toBe(0)
    const adopted = createFlowTable('zeek')
    adopted.adoptFinished(moved)
    expect(adopted.count).toBe(records.length)
    expect(adopted.toRecords(ctx)).toEqual(records)
    expect(adopted.stateCounts()).toEqual(states)
    expect(adopted.isFinished).toBe(true)
    expect(records.some((r) => r.history.length > 11)).toBe(true)
    expect(records.some((r) => r.dnsQuery === 'example.org')).toBe(true)
  })

  it('can leave the facts behind for a receiver that collected them from the batches and flow ids', () => {
    const { ctx, batch } = batchOf(packets)
    const reference = createFlowTable('zeek')
    reference.consume(batch, ctx, new Int32Array(batch.count))
    reference.finish()
    const records = reference.toRecords(ctx)
    // The sending table keeps no fact objects at all (they would only stay alive on the sending thread).
    const sender = createFlowTable('zeek', { keepFacts: false })
    const ids = new Int32Array(batch.count)
    sender.consume(batch, ctx, ids)
    sender.finish()
    expect(sender.facts.size).toBe(0)
    const exported = sender.exportFinished(false)
    expect(exported.facts).toBeNull()
    const receiver = createFlowTable('zeek')
    receiver.facts.collect(batch, ids)
    receiver.adoptFinished(structuredClone(exported, { transfer: finishedFlowsTransfer(exported) }))
    expect(receiver.toRecords(ctx)).toEqual(records)
    expect(records.some((r) => r.dnsQuery === 'example.org')).toBe(true)
    // Without collecting, the same export gives flows without their facts: the facts really stayed behind.
    const { ctx: ctx2, batch: batch2 } = batchOf(packets)
    const again = createFlowTable('zeek')
    again.consume(batch2, ctx2, new Int32Array(batch2.count))
    again.finish()
    const bare = createFlowTable('zeek')
    bare.adoptFinished(again.exportFinished(false))
    expect(bare.toRecords(ctx2).some((r) => r.dnsQuery === 'example.org')).toBe(false)
  })

  it('exports only a finished table', () => {
    const { ctx, batch } = batchOf(packets)
    const table = createFlowTable('zeek')
    table.consume(batch, ctx)
    expect(() => table.exportFinished()).toThrow(/finished/)
  })

  it('refuses flows of another mode, and columns that do not fit, changing nothing', () => {
    const { table } = finishedTable()
    const exported = table.exportFinished()
    expect(() => createFlowTable('wireshark').adoptFinished(exported)).toThrow(/other settings/)
    const short: FinishedFlows = { ...exported, columns: { ...exported.columns, arrays: { ...exported.columns.arrays, first: new Float64Array(1) } } }
    const target = createFlowTable('zeek')
    expect(() => target.adoptFinished(short)).toThrow(/does not fit/)
    expect(target.count).toBe(0)
    expect(target.columns.first.length).toBeGreaterThan(1)
    const tooMany: FinishedFlows = { ...exported, count: exported.columns.capacity + 1 }
    expect(() => createFlowTable('zeek').adoptFinished(tooMany)).toThrow()
  })
})
