import { describe, expect, it } from 'vitest'
import { bytesSource } from '../formats/sources.ts'
import { readTable } from '../formats/tables/read-table.ts'
import type { FlowRecordBatch, PacketRecordBatch } from '../formats/tables/table-model.ts'
import { CaptureAnalysis } from './capture-analysis.ts'
import { PacketTableFeed, retainedForDetection, tableSummary, TableTotals } from './table-summary.ts'

const encode = (s: string): Uint8Array => new TextEncoder().encode(s)

async function flowBatches(text: string): Promise<FlowRecordBatch[]> {
  const out: FlowRecordBatch[] = []
  await readTable(bytesSource(encode(text), 'flows.csv'), { onFlows: (b) => void out.push(b) })
  return out
}

describe('retainedForDetection', () => {
  it('drops the feature vectors of batches the detectors read as flows, keeps those of record-feature tables', async () => {
    // A CIC-IDS2017 header with addresses and times, then the same columns without them.
    const header = 'Flow ID,Src IP,Src Port,Dst IP,Dst Port,Protocol,Timestamp,Flow Duration,Total Fwd Packets,Total Backward Packets,Flow Bytes/s,Label'
    const addressed = await flowBatches(`${header}\nx,10.0.0.1,5000,10.0.0.2,80,6,2017-07-05 12:00:00,1000,3,2,1.5,BENIGN\n`)
    expect(addressed[0].features.length).toBeGreaterThan(0)
    const kept = retainedForDetection(addressed[0])
    expect(kept.features.length).toBe(0)
    expect(kept.srcAddr).toBe(addressed[0].srcAddr)
    const bare = await flowBatches(`${header}\nx,,5000,,80,6,,1000,3,2,1.5,BENIGN\n`)
    expect(retainedForDetection(bare[0])).toBe(bare[0])
  })
})

describe('PacketTableFeed', () => {
  it('summarises a packet table as a capture, with the table summary alongside', async () => {
    const csv = [
      '"No.","Time","Source","Destination","Protocol","Length","Info"',
      '"1","0.000000","10.0.0.1","10.0.0.2","TCP","60","5000 → 80 [SYN] Seq=0 Win=1024 Len=0"',
      '"2","0.001000","10.0.0.2","10.0.0.1","TCP","60","80 → 5000 [SYN, ACK] Seq=0 Ack=1 Win=1024 Len=0"',
      '"3","0.002000","10.0.0.1","10.0.0.2","TCP","60","5000 → 80 [ACK] Seq=1 Ack=1 Win=1024 Len=0"',
      '"4","0.003000","10.0.0.1","10.0.0.3","DNS","80","Standard query 0x0001 A example.com"',
    ].join('\n')
    const totals = new TableTotals()
    const feed = new PacketTableFeed(new CaptureAnalysis())
    const report = await readTable(bytesSource(encode(csv), 'p.csv'), {
      onPackets: (b: PacketRecordBatch) => {
        totals.addPackets(b)
        feed.add(b)
      },
    })
    const s = feed.summary(tableSummary('p.csv', report, totals))
    expect(s.format).toBe('wireshark-csv')
    expect(s.packets).toBe(4)
    expect(s.bytes).toBe(260)
    expect(s.conversations).toMatchObject({ tcp: 1, udp: 0, ipv4: 2 })
    // The DNS row names no ports (its Info does not): like a transport header too short to read, no UDP flow.
    expect(s.flows).toBe(1)
    expect(s.flowStates.S1).toBe(1)
    expect(s.table.packets).toBe(4)
  })
})
