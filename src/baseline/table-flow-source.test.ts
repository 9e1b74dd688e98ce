import { describe, expect, it } from 'vitest'
import { ConnState } from '../flows/conn-state.ts'
import { FlowFlag, HISTORY_INLINE } from '../flows/flow-columns.ts'
import { FlowKind } from '../flows/flow-key.ts'
import { FlowBatchBuilder } from '../formats/tables/flow-batch-builder.ts'
import { LabelTable } from '../formats/tables/label-table.ts'
import { StringTable } from '../formats/tables/string-table.ts'
import type { FlowRecordBatch } from '../formats/tables/table-model.ts'
import { tableFlowSource } from './table-flow-source.ts'

interface Row {
  readonly t: number
  readonly src?: string
  readonly dst?: string
  readonly proto?: string
  readonly state?: string
  readonly history?: string
  readonly label?: string
  readonly duration?: number
}

/** The rows as flow batches of `capacity` records (several batches when there are more rows). */
function batchesOf(rows: readonly Row[], capacity = 3): FlowRecordBatch[] {
  const strings = new StringTable()
  const labels = new LabelTable()
  const out: FlowRecordBatch[] = []
  const b = new FlowBatchBuilder({ dialect: 'zeek-tsv', strings, labels, labelColumn: 'label', featureNames: [], timeBase: 'epoch', capacity, onBatch: (x) => void out.push(x) })
  rows.forEach((row, line) => {
    const i = b.n
    b.begin(line + 1)
    b.startTime[i] = row.t
    b.duration[i] = row.duration ?? NaN
    b.srcAddr[i] = strings.intern(row.src ?? '')
    b.dstAddr[i] = strings.intern(row.dst ?? '')
    b.srcPort[i] = 1000 + line
    b.dstPort[i] = 80
    b.protocol[i] = strings.intern(row.proto ?? 'tcp')
    b.connState[i] = strings.intern(row.state ?? '')
    b.history[i] = strings.intern(row.history ?? '')
    b.origPkts[i] = 2
    b.respBytes[i] = -5
    b.labels[i] = row.label === undefined ? 0 : labels.id(row.label)
    b.commit()
  })
  b.flush()
  return out
}

describe('tableFlowSource', () => {
  it('orders records by start time across batches, ties in read order, and skips records without a time', () => {
    const rows: Row[] = [
      { t: 30, src: '10.0.0.3', label: 'c' },
      { t: 10, src: '10.0.0.1', label: 'a' },
      { t: NaN, src: '10.0.0.9' },
      { t: 20, src: '10.0.0.2', label: 'b1' },
      { t: Infinity, src: '10.0.0.8' },
      { t: 20, src: '10.0.0.4', label: 'b2' },
      { t: 5, src: '10.0.0.5', label: 'first' },
    ]
    const batches = batchesOf(rows)
    expect(batches.length).toBeGreaterThan(2)
    const s = tableFlowSource(batches)
    expect(s.count).toBe(5)
    expect(s.skipped).toBe(2)
    expect(Array.from(s.columns.first.subarray(0, 5))).toEqual([5, 10, 20, 20, 30])
    expect(Array.from(s.labelOf, (id) => s.labelNames[id])).toEqual(['first', 'a', 'b1', 'b2', 'c'])
    expect(Array.from(s.columns.origPort.subarray(0, 5))).toEqual([1006, 1001, 1003, 1005, 1000])
    expect([s.start, s.end]).toEqual([5, 30])
  })

  it('gives addresses ids in the order they first appear (originator before responder) and leaves non-addresses empty', () => {
    const s = tableFlowSource(batchesOf([
      { t: 1, src: '192.168.1.1', dst: 'fe80::1' },
      { t: 2, src: 'not-an-address', dst: '192.168.1.1' },
      { t: 3, src: '2001:db8::10.0.0.1', dst: '300.1.1.1' },
    ]))
    const c = s.columns
    expect([c.origAddr[0], c.respAddr[0], c.origAddr[1], c.respAddr[1]]).toEqual([1, 2, 0, 1])
    expect(s.addresses.format(c.origAddr[0])).toBe('192.168.1.1')
    expect(s.addresses.format(c.respAddr[0])).toBe('fe80::1')
    expect(s.addresses.format(c.origAddr[2])).toBe('2001:db8::a00:1')
    expect(c.respAddr[2]).toBe(0)
  })

  it('maps protocols, conn_state, handshake flags and history; negative or missing counts become 0', () => {
    const long = 'ShADadFf'.repeat(5)
    const s = tableFlowSource(batchesOf([
      { t: 1, src: '10.0.0.1', proto: 'udp', state: 'SF', history: 'Dd', duration: 2.5 },
      { t: 2, src: '10.0.0.1', proto: 'arp', state: 'S0' },
      { t: 3, src: '10.0.0.1', proto: '47', state: 'weird', history: long },
      { t: 4, src: '10.0.0.1', proto: 'toString', state: 'REJ' },
    ]))
    const c = s.columns
    expect(Array.from(c.proto.subarray(0, 4))).toEqual([17, 0, 47, 0])
    expect(c.kind[1]).toBe(FlowKind.ARP)
    expect(c.kind[0]).toBe(FlowKind.IP)
    expect(Array.from(c.state.subarray(0, 4))).toEqual([ConnState.SF, ConnState.S0, ConnState.OTH, ConnState.REJ])
    expect(c.flags[0]).toBe(FlowFlag.Handshake | FlowFlag.SynSeen | FlowFlag.SynAckSeen)
    expect(c.flags[1]).toBe(FlowFlag.SynSeen)
    expect(c.flags[2]).toBe(0)
    expect(c.historyOf(0)).toBe('Dd')
    expect(c.historyOf(2)).toBe(long)
    expect(long.length).toBeGreaterThan(HISTORY_INLINE)
    expect(c.last[0]).toBe(3.5)
    expect(c.last[1]).toBe(2)
    expect(c.origPkts[0]).toBe(2)
    expect(c.respBytes[0]).toBe(0)
  })

  it('gives an empty source for no batches', () => {
    const s = tableFlowSource([])
    expect(s.count).toBe(0)
    expect(s.labelNames).toEqual([''])
    expect(s.start).toBe(Infinity)
  })
})
