import { describe, expect, it } from 'vitest'
import { bytesSource } from '../sources.ts'
import { checkMapping, looksLikeHeader, proposeMapping } from './mapping.ts'
import type { ColumnMapping } from './mapping.ts'
import { encode, readAll } from './table-test-utils.ts'

const column = (m: ColumnMapping, f: keyof ColumnMapping['fields']): number | undefined => m.fields[f]?.column

describe('proposeMapping', () => {
  it('maps nfdump-style flow headers, with values confirming the names', () => {
    const header = ['ts', 'te', 'td', 'sa', 'da', 'sp', 'dp', 'pr', 'ipkt', 'ibyt', 'label']
    const rows = [
      ['2024-01-02 10:00:00.123', '2024-01-02 10:00:01.000', '0.877', '10.0.0.1', '10.0.0.2', '51000', '443', 'TCP', '12', '3400', 'benign'],
      ['2024-01-02 10:00:02.000', '2024-01-02 10:00:02.500', '0.5', '10.0.0.3', '8.8.8.8', '53000', '53', 'UDP', '2', '150', 'benign'],
    ]
    const { mapping, confidence } = proposeMapping(header, rows)
    expect(mapping.target).toBe('flows')
    expect([column(mapping, 'time'), column(mapping, 'duration'), column(mapping, 'srcAddr'), column(mapping, 'dstAddr')]).toEqual([0, 2, 3, 4])
    expect([column(mapping, 'srcPort'), column(mapping, 'dstPort'), column(mapping, 'protocol'), column(mapping, 'totalPkts'), column(mapping, 'totalBytes'), column(mapping, 'label')]).toEqual([5, 6, 7, 8, 9, 10])
    expect(mapping.fields.srcAddr?.confidence).toBeGreaterThan(0.9)
    expect(confidence).toBeGreaterThan(0.8)
  })

  it('maps tshark -T fields headers to a packet table', () => {
    const header = ['frame.time_epoch', 'ip.src', 'ip.dst', 'udp.srcport', 'udp.dstport', 'frame.len', '_ws.col.Info']
    const rows = [['1707834878.788187', '147.32.80.37', '147.32.80.9', '5353', '53', '82', 'Standard query']]
    const { mapping } = proposeMapping(header, rows)
    expect(mapping.target).toBe('packets')
    expect([column(mapping, 'time'), column(mapping, 'srcAddr'), column(mapping, 'dstAddr'), column(mapping, 'srcPort'), column(mapping, 'dstPort'), column(mapping, 'length'), column(mapping, 'info')]).toEqual([0, 1, 2, 3, 4, 5, 6])
  })

  it('finds addresses and times by their values when there is no header', () => {
    const rows = [
      ['1601998366.5', '10.0.0.1', '10.0.0.2', 'x'],
      ['1601998367.5', '10.0.0.3', '10.0.0.4', 'y'],
    ]
    const { mapping } = proposeMapping([], rows)
    expect([column(mapping, 'time'), column(mapping, 'srcAddr'), column(mapping, 'dstAddr')]).toEqual([0, 1, 2])
    expect(mapping.columns).toEqual(['column 1', 'column 2', 'column 3', 'column 4'])
    expect(mapping.hasHeader).toBe(false)
  })

  it('does not take a column whose values contradict its name', () => {
    const { mapping } = proposeMapping(['src', 'dst'], [['hello', 'world'], ['foo', 'bar']])
    expect(mapping.fields.srcAddr).toBeUndefined()
  })

  it('tells a header row from data', () => {
    expect(looksLikeHeader([['a', 'b'], ['1', '2']])).toBe(true)
    expect(looksLikeHeader([['1', '2'], ['3', '4']])).toBe(false)
  })
})

describe('applyMapping (through readTable)', () => {
  it("reads a table with the user's mapping: durations in ms, totals split by the originator's side", async () => {
    const text = 'start,dur_ms,client,server,cport,sport,proto,out_pkts,pkts,out_bytes,bytes,verdict\n2024-01-02T10:00:00Z,1500,10.0.0.1,10.0.0.2,5000,80,tcp,3,5,300,800,ok\n'
    const mapping: ColumnMapping = {
      target: 'flows',
      hasHeader: true,
      delimiter: ',',
      columns: text.split('\n')[0].split(','),
      fields: {
        time: { column: 0, confidence: 1 }, duration: { column: 1, confidence: 1 }, srcAddr: { column: 2, confidence: 1 },
        dstAddr: { column: 3, confidence: 1 }, srcPort: { column: 4, confidence: 1 }, dstPort: { column: 5, confidence: 1 },
        protocol: { column: 6, confidence: 1 }, origPkts: { column: 7, confidence: 1 }, totalPkts: { column: 8, confidence: 1 },
        origBytes: { column: 9, confidence: 1 }, totalBytes: { column: 10, confidence: 1 }, label: { column: 11, confidence: 1 },
      },
      durationUnit: 'ms',
      dayFirst: true,
      featureColumns: [8, 10],
    }
    expect(checkMapping(mapping, 12)).toBeNull()
    const { report, flows } = await readAll(bytesSource(encode(text), 'x.csv', 5), { mapping })
    expect(report.dialect).toBe('generic-flow-csv')
    expect(report.confidence).toBe(1)
    expect(flows[0]).toMatchObject({ startTime: Date.UTC(2024, 0, 2, 10) / 1000, duration: 1.5, srcAddr: '10.0.0.1', dstPort: 80, service: 'http', origPkts: 3, respPkts: 2, origBytes: 300, respBytes: 500, label: 'ok', features: [5, 800] })
  })

  it('checks mappings read back from storage', () => {
    const base = proposeMapping(['src', 'dst'], [['10.0.0.1', '10.0.0.2']]).mapping
    expect(checkMapping(base, 2)).toBeNull()
    expect(checkMapping({ ...base, fields: { srcAddr: { column: 5, confidence: 1 } } }, 2)).toMatch(/no column 5/)
    expect(checkMapping({ ...base, fields: { srcAddr: { column: 0, confidence: 1 }, dstAddr: { column: 0, confidence: 1 } } }, 2)).toMatch(/mapped twice/)
    expect(checkMapping({ ...base, fields: { info: { column: 0, confidence: 1 } } }, 2)).toMatch(/does not belong/)
    expect(checkMapping({ ...base, featureColumns: [-1] }, 2)).toMatch(/feature column/)
  })
})
