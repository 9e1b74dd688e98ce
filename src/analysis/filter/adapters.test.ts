import { describe, expect, it } from 'vitest'
import { createFlowTable } from '../../flows/flow-table.ts'
import { batchOf, seg } from '../../flows/test-batch.ts'
import type { ConversationKind } from '../conversations.ts'
import { Conversations } from '../conversations.ts'
import { computeEndpoints, listEndpoints } from '../endpoints.ts'
import { batchesOf, type PacketSpec } from '../test-batch.ts'
import { compileFilter } from './compile.ts'
import { filterFlowRecords } from './flow-adapter.ts'
import { ConversationAccessor, EndpointAccessor } from './table-adapters.ts'
import { CONVERSATIONS_TABLE, ENDPOINTS_TABLE, FLOWS_TABLE } from './tables.ts'

describe('flows from the flow table', () => {
  const C = '10.0.0.1:40000'
  const S = '10.0.0.2:443'
  const { ctx, batch } = batchOf([
    seg(0, C, S, 'S', 100, 0),
    seg(0.01, S, C, 'SA', 500, 101),
    seg(0.02, C, S, 'A', 101, 501),
    seg(0.03, C, S, 'PA', 101, 501, 1400),
    seg(0.5, C, S, 'FA', 1501, 501),
    seg(0.51, S, C, 'FA', 501, 1502),
    seg(0.52, C, S, 'A', 1502, 502),
    seg(1, '10.0.0.3:5000', '10.0.0.2:22', 'S', 1, 0),
    { t: 2, src: '[2001:db8::1]:5353', dst: '[ff02::fb]:5353', proto: 'udp', len: 40 },
    { t: 3, src: '10.0.0.1', dst: '10.0.0.9', proto: 'icmp', type: 8, code: 0, icmpId: 7 },
  ])
  const table = createFlowTable('zeek', {})
  table.consume(batch, ctx, new Int32Array(batch.count))
  table.finish()
  const records = table.toRecords(ctx)
  const select = (text: string): string[] => filterFlowRecords(compileFilter(text, FLOWS_TABLE), records).map((r) => `${r.origAddr}>${r.respAddr}`)

  it('filters what FlowTable produced', () => {
    expect(records).toHaveLength(4)
    expect(select('state == SF && tcp.port == 443 && handshake')).toEqual(['10.0.0.1>10.0.0.2'])
    expect(select('state == S0')).toEqual(['10.0.0.3>10.0.0.2', '2001:db8::1>ff02::fb'])
    expect(select('state == S0 && tcp')).toEqual(['10.0.0.3>10.0.0.2'])
    expect(select('ip.addr == ff02::/16 && udp.port == 5353')).toEqual(['2001:db8::1>ff02::fb'])
    expect(select('icmp && !port')).toEqual(['10.0.0.1>10.0.0.9'])
    expect(select('ip.addr != 10.0.0.2')).toEqual(['2001:db8::1>ff02::fb', '10.0.0.1>10.0.0.9'])
    expect(select('bytes.orig > 1kB && duration < 1s')).toEqual(['10.0.0.1>10.0.0.2'])
  })
})

describe('conversations and endpoints', () => {
  const M1 = '00:00:00:00:00:01'
  const M2 = '00:00:00:00:00:02'
  const packets: PacketSpec[] = [
    { t: 100, src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp', sport: 40000, dport: 443, flags: 'S', len: 60, smac: M1, dmac: M2 },
    { t: 101, src: '10.0.0.2', dst: '10.0.0.1', proto: 'tcp', sport: 443, dport: 40000, flags: 'SA', len: 1500, smac: M2, dmac: M1 },
    { t: 102, src: '10.0.0.3', dst: '8.8.8.8', proto: 'udp', sport: 5000, dport: 53, len: 80 },
  ]
  const { ctx, batches } = batchesOf(packets, 16)
  const conv = new Conversations()
  for (const b of batches) conv.consume(b)

  const selectConv = (kind: ConversationKind, text: string): string[] => {
    const f = compileFilter(text, CONVERSATIONS_TABLE)
    const accessor = new ConversationAccessor(100)
    return conv.list(kind, ctx.addresses, 100).filter((r) => f.test(accessor.set(r, kind))).map((r) => `${r.addressA}-${r.addressB}`)
  }

  it('filters conversations by address, port, protocol, size and time', () => {
    expect(selectConv('tcp', 'tcp.port == 443 && bytes > 1kB')).toEqual(['10.0.0.1-10.0.0.2'])
    expect(selectConv('udp', 'tcp.port == 443')).toEqual([])
    expect(selectConv('udp', 'udp && ip.dst == 8.8.8.8 && port == 53')).toEqual(['10.0.0.3-8.8.8.8'])
    expect(selectConv('ipv4', 'ip.addr == 10.0.0.0/24 && !port')).toEqual(['10.0.0.1-10.0.0.2', '10.0.0.3-8.8.8.8'])
    expect(selectConv('ipv4', 'start >= 102')).toEqual(['10.0.0.3-8.8.8.8'])
    expect(selectConv('eth', 'eth.addr == 00:00:00:00:00:02')).toEqual([`${M1}-${M2}`])
    expect(selectConv('eth', 'ip.addr == 10.0.0.1')).toEqual([])
    expect(selectConv('tcp', 'bytes.orig == 60 && packets.resp == 1')).toEqual(['10.0.0.1-10.0.0.2'])
  })

  it('filters endpoints by address and sent/received counts', () => {
    const e = computeEndpoints(conv.ip, ctx.addresses.size)
    const f = (text: string): string[] => {
      const filter = compileFilter(text, ENDPOINTS_TABLE)
      const accessor = new EndpointAccessor()
      return listEndpoints(e, ctx.addresses).filter((r) => filter.test(accessor.set(r))).map((r) => r.address).sort()
    }
    expect(f('ip.addr == 10.0.0.0/8')).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3'])
    expect(f('tx.bytes >= 1500')).toEqual(['10.0.0.2'])
    expect(f('rx.bytes > 0 && !(ip.addr == 10.0.0.1)')).toEqual(['10.0.0.2', '8.8.8.8'])
    expect(f('ip && packets == 1')).toEqual(['10.0.0.3', '8.8.8.8'])
  })
})
