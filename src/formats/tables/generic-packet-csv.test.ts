import { describe, expect, it } from 'vitest'
import { genericFlowCsv } from './generic-flow-csv.ts'
import { genericPacketCsv, proposeFromHead } from './generic-packet-csv.ts'
import { readAll, SAMPLES } from './table-test-utils.ts'

describe('generic packet and flow tables', () => {
  it('recognises a tshark fields export as a packet table, below the specific dialects', () => {
    const c = genericPacketCsv.sniff(SAMPLES['generic-packet-csv'])
    expect(c).toBeGreaterThan(0.3)
    expect(c).toBeLessThan(0.7)
    expect(genericFlowCsv.sniff(SAMPLES['generic-packet-csv'])).toBe(0)
  })

  it('reads packets through the proposed mapping', async () => {
    const { report, packets } = await readAll(SAMPLES['generic-packet-csv'])
    expect(report.dialect).toBe('generic-packet-csv')
    expect(packets[2]).toMatchObject({ time: 1707834879.000001, src: '147.32.80.37', dst: '147.32.80.9', srcPort: 51000, dstPort: 443, length: 583, protocol: 'tlsv1.2' })
    expect(report.timeRange?.base).toBe('epoch')
  })

  it('reads a semicolon flow table through the proposed mapping', async () => {
    expect(proposeFromHead(SAMPLES['generic-flow-csv'])?.mapping.delimiter).toBe(';')
    const { report, flows } = await readAll(SAMPLES['generic-flow-csv'])
    expect(report.dialect).toBe('generic-flow-csv')
    expect(flows[0]).toMatchObject({ srcAddr: '10.1.1.1', dstPort: 22, protocol: 'tcp', service: 'ssh', label: 'attack' })
    expect(report.labels.column).toBe('class')
  })

  it('proposes nothing for text without a delimiter', () => {
    expect(proposeFromHead('hello world\n')).toBeNull()
    expect(genericFlowCsv.sniff('hello world\n')).toBe(0)
  })
})
