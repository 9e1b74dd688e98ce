import { describe, expect, it } from 'vitest'
import { DecodeContext } from '../../decode/context.ts'
import { Layer } from '../../model/layers.ts'
import { App, Net, PacketBatch, TcpFlag } from '../../model/packet-batch.ts'
import { bytesSource } from '../sources.ts'
import { PacketRecordDecoder, TABLE_ADDRESS_NOT_IP } from './packet-records.ts'
import { readTable } from './read-table.ts'
import type { PacketRecordBatch } from './table-model.ts'

const CSV = [
  '"No.","Time","Source","Destination","Protocol","Length","Info"',
  '"1","0.000000","10.0.0.1","10.0.0.2","TCP","74","52232 → 80 [SYN] Seq=0 Win=29200 Len=0 MSS=1460"',
  '"2","0.000100","10.0.0.2","10.0.0.1","TCP","74","[TCP Retransmission] 80 → 52232 [SYN, ACK] Seq=0 Ack=1 Win=42600 Len=0"',
  '"3","0.000200","10.0.0.1","10.0.0.2","HTTP","200","GET / HTTP/1.1 "',
  '"4","0.000300","fe80::1","ff02::fb","MDNS","90","Standard query 0x0000 PTR _ipp._tcp.local"',
  '"5","0.000400","10.0.0.1","10.0.0.9","ICMP","98","Echo (ping) request  id=0x1a2b, seq=1/256, ttl=64"',
  '"6","0.000500","aa:bb:cc:dd:ee:01","Broadcast","ARP","60","Who has 10.0.0.9? Tell 10.0.0.1"',
  '"7","0.000600","Dell_47:ba:25","10.0.0.2","UDP","60","5000 → 53 Len=20"',
].join('\n')

async function decode(text: string): Promise<{ batch: PacketBatch; ctx: DecodeContext }> {
  const records: PacketRecordBatch[] = []
  await readTable(bytesSource(new TextEncoder().encode(text), 'x.csv'), { onPackets: (b) => void records.push(b) })
  const ctx = new DecodeContext()
  const decoder = new PacketRecordDecoder(ctx)
  const batch = new PacketBatch(64)
  for (const r of records) decoder.fill(r, 0, r.count, batch)
  return { batch, ctx }
}

describe('packet records as packet batches', () => {
  it('fills the capture columns from a Wireshark CSV export', async () => {
    const { batch: b, ctx } = await decode(CSV)
    expect(b.count).toBe(7)
    expect([b.net[0], b.ipProto[0], b.srcPort[0], b.dstPort[0], b.tcpFlags[0], b.tcpWindow[0], b.origLen[0]]).toEqual([Net.IPv4, 6, 52232, 80, TcpFlag.SYN, 29200, 74])
    // An expert note before the ports, and two flags.
    expect([b.srcPort[1], b.dstPort[1], b.tcpFlags[1], b.tcpAck[1]]).toEqual([80, 52232, TcpFlag.SYN | TcpFlag.ACK, 1])
    expect(b.layers[2] & Layer.http).not.toBe(0)
    expect(b.app[2]).toBe(App.HTTP)
    // MDNS over IPv6 is UDP; Info names no ports.
    expect([b.net[3], b.ipProto[3], b.srcPort[3]]).toEqual([Net.IPv6, 17, 0])
    expect(b.app[3]).toBe(App.DNS)
    // ICMP type and code go where the decoders put them (the port columns), with the echo id.
    expect([b.ipProto[4], b.srcPort[4], b.dstPort[4], b.icmpId[4]]).toEqual([1, 8, 0, 0x1a2b])
    // ARP: the sender and target addresses come from Info, the sender's MAC from Source.
    expect(b.net[5]).toBe(Net.ARP)
    expect(ctx.addresses.format(b.srcAddr[5])).toBe('10.0.0.1')
    expect(ctx.addresses.format(b.dstAddr[5])).toBe('10.0.0.9')
    expect(ctx.addresses.format(b.srcMac[5])).toBe('aa:bb:cc:dd:ee:01')
    // A resolved name is no IP address: no IP layer, and a named anomaly instead of a guess.
    expect(b.net[6]).toBe(Net.None)
    expect(ctx.anomalies.get(TABLE_ADDRESS_NOT_IP)).toBe(1)
    expect(ctx.ipPairs.size).toBe(3)
  })
})
