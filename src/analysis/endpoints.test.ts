import { describe, expect, it } from 'vitest'
import { Conversations } from './conversations.ts'
import { computeEndpoints, countEndpoints, listEndpoints } from './endpoints.ts'
import { batchesOf } from './test-batch.ts'

describe('endpoints', () => {
  it('sums each address as sender (Tx) and receiver (Rx), like tshark endpoints,ip', () => {
    const { ctx, batches } = batchesOf([
      { t: 1, src: '10.0.0.1', dst: '10.0.0.2', len: 100 },
      { t: 2, src: '10.0.0.2', dst: '10.0.0.1', len: 1000 },
      { t: 3, src: '10.0.0.1', dst: '10.0.0.3', proto: 'udp', sport: 1, dport: 2, len: 50 },
      { t: 4, src: '2001:db8::1', dst: '2001:db8::2', proto: 'udp', sport: 1, dport: 2, len: 70 },
    ])
    const c = new Conversations()
    for (const b of batches) c.consume(b)
    const e = computeEndpoints(c.ip, ctx.addresses.size)
    expect(e.count).toBe(5)
    expect(countEndpoints(e, ctx.addresses)).toEqual({ ipv4: 3, ipv6: 2 })
    const list = listEndpoints(e, ctx.addresses)
    expect(list[0]).toEqual({ address: '10.0.0.1', kind: 'ipv4', packets: 3, bytes: 1150, txPackets: 2, txBytes: 150, rxPackets: 1, rxBytes: 1000 })
    expect(list[1]).toMatchObject({ address: '10.0.0.2', txBytes: 1000, rxBytes: 100 })
    expect(listEndpoints(e, ctx.addresses, 'packets', 2, 3).map((r) => r.address)).toEqual(['2001:db8::1', '2001:db8::2'])
    // Every byte is sent once and received once.
    const tx = e.txBytes.reduce((a, b) => a + b, 0)
    const rx = e.rxBytes.reduce((a, b) => a + b, 0)
    expect(tx).toBe(1220)
    expect(rx).toBe(1220)
  })
})
