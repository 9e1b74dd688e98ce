import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DecodeContext } from '../decode/context.ts'
import { Conversations } from './conversations.ts'
import { type PacketSpec, batchesOf, buildBatches } from './test-batch.ts'

const M1 = '00:00:00:00:00:01'
const M2 = '00:00:00:00:00:02'

function run(packets: PacketSpec[], capacity = 64, maxRows?: number) {
  const { ctx, batches } = batchesOf(packets, capacity)
  const c = new Conversations(maxRows)
  for (const b of batches) c.consume(b)
  return { ctx, c }
}

describe('Conversations', () => {
  it('counts both directions of a TCP exchange, with A = first sender, like tshark conv,tcp', () => {
    const { ctx, c } = run([
      { t: 10, src: '10.0.0.2', dst: '10.0.0.1', sport: 80, dport: 40000, flags: 'SA', len: 60, smac: M2, dmac: M1 },
      { t: 10.5, src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 80, flags: 'A', len: 54, smac: M1, dmac: M2 },
      { t: 11, src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 80, flags: 'PA', len: 500, smac: M1, dmac: M2 },
    ])
    const tcp = c.list('tcp', ctx.addresses, 10)
    expect(tcp).toEqual([{
      addressA: '10.0.0.2', portA: 80, addressB: '10.0.0.1', portB: 40000,
      packetsAtoB: 1, bytesAtoB: 60, packetsBtoA: 2, bytesBtoA: 554, packets: 3, bytes: 614, relStart: 0, duration: 1,
    }])
    const counts = c.counts(ctx.addresses)
    expect(counts).toMatchObject({ eth: 1, ipv4: 1, ipv6: 0, ip: 1, tcp: 1, udp: 0 })
    expect(c.list('eth', ctx.addresses, 10)[0]).toMatchObject({ addressA: M2, addressB: M1, packets: 3, portA: null })
  })

  it('keeps UDP, IPv6 and TCP apart and sorts lists by bytes', () => {
    const { ctx, c } = run([
      { t: 1, src: '10.0.0.1', dst: '10.0.0.53', proto: 'udp', sport: 5000, dport: 53, len: 80 },
      { t: 2, src: '10.0.0.53', dst: '10.0.0.1', proto: 'udp', sport: 53, dport: 5000, len: 120 },
      { t: 3, src: '10.0.0.1', dst: '10.0.0.53', proto: 'udp', sport: 5001, dport: 53, len: 80 },
      { t: 4, src: 'fe80::1', dst: 'ff02::fb', proto: 'udp', sport: 5353, dport: 5353, len: 200 },
      { t: 5, src: '10.0.0.1', dst: '10.0.0.53', proto: 'icmp', len: 70 },
    ])
    const counts = c.counts(ctx.addresses)
    expect(counts).toMatchObject({ ipv4: 1, ipv6: 1, ip: 2, udp: 3, tcp: 0, eth: 0 })
    const udp = c.list('udp', ctx.addresses, 1)
    expect(udp.map((r) => r.bytes)).toEqual([200, 200, 80])
    expect(c.list('ipv6', ctx.addresses, 1)[0]).toMatchObject({ addressA: 'fe80::1', addressB: 'ff02::fb', packets: 1, relStart: 3 })
    expect(c.list('ipv4', ctx.addresses, 1)[0]).toMatchObject({ packets: 4, bytes: 350, duration: 4 })
  })

  it('does not count ARP frames as IP conversations', () => {
    const { ctx, c } = run([{ t: 1, src: '10.0.0.1', dst: '10.0.0.2', arp: true, smac: M1, dmac: 'ff:ff:ff:ff:ff:ff' }])
    expect(c.counts(ctx.addresses)).toMatchObject({ eth: 1, ip: 0 })
  })

  it('starts a new TCP conversation on port reuse (SYN with a new sequence number), not on a retransmitted SYN', () => {
    const s = (t: number, seq: number): PacketSpec => ({ t, src: '10.0.0.1', dst: '10.0.0.2', sport: 1234, dport: 22, flags: 'S', seq })
    const { ctx, c } = run([
      s(1, 100), s(2, 100), // retransmission: same conversation
      { t: 2.1, src: '10.0.0.2', dst: '10.0.0.1', sport: 22, dport: 1234, flags: 'RA', seq: 0 },
      s(5, 9000), // new ISN: port reuse
      { t: 5.1, src: '10.0.0.2', dst: '10.0.0.1', sport: 22, dport: 1234, flags: 'SA', seq: 777 },
    ])
    const rows = c.list('tcp', ctx.addresses, 1, 'start')
    expect(rows.map((r) => [r.packetsAtoB, r.packetsBtoA, r.relStart])).toEqual([[2, 1, 0], [1, 1, 4]])
    expect(c.counts(ctx.addresses).tcp).toBe(2)
  })

  it('counts overflow when the table is full and estimates the overflowed conversations', () => {
    const packets: PacketSpec[] = []
    for (let i = 0; i < 300; i++) packets.push({ t: i, src: '10.0.0.1', dst: `10.1.${i >> 8}.${i & 255}`, proto: 'udp', sport: 1, dport: 2 })
    const { ctx, c } = run(packets, 64, 100)
    expect(c.ip.rows).toBe(100)
    expect(c.ip.overflowPackets).toBe(200)
    const counts = c.counts(ctx.addresses)
    expect(Math.abs(counts.ip - 300)).toBeLessThan(10)
  })

  it('gives the same tables whatever the batch boundaries (property)', () => {
    const hosts = ['10.0.0.1', '10.0.0.2', '10.0.0.3', 'fe80::1', 'fe80::2']
    const spec = fc.record({
      dt: fc.double({ min: 0, max: 2, noNaN: true }),
      a: fc.nat(4), b: fc.nat(4),
      proto: fc.constantFrom('tcp' as const, 'udp' as const),
      sport: fc.constantFrom(1000, 2000, 80), dport: fc.constantFrom(1000, 53, 80),
      flags: fc.constantFrom('S', 'SA', 'A', 'R', 'F'), seq: fc.nat(3), len: fc.integer({ min: 40, max: 1500 }),
    })
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 120 }), fc.integer({ min: 1, max: 40 }), (list, cap) => {
        let t = 1000
        const packets: PacketSpec[] = list.map((p) => {
          t += p.dt
          const v6 = (p.a >= 3) !== (p.b >= 3)
          const a = hosts[p.a]
          const b = v6 ? hosts[p.a >= 3 ? 0 : 3] : hosts[p.b]
          return { t, src: a, dst: b, proto: p.proto, sport: p.sport, dport: p.dport, flags: p.flags, seq: p.seq, len: p.len }
        })
        const tables = (capacity: number) => {
          const ctx = new DecodeContext()
          const c = new Conversations()
          for (const batch of buildBatches(ctx, packets, capacity)) c.consume(batch)
          return {
            counts: c.counts(ctx.addresses),
            tcp: c.list('tcp', ctx.addresses, 0, 'start', 1000),
            udp: c.list('udp', ctx.addresses, 0, 'start', 1000),
            ip: c.list('ipv4', ctx.addresses, 0, 'start', 1000),
          }
        }
        expect(tables(cap)).toEqual(tables(1000))
      }),
      { seed: 1234, numRuns: 150 },
    )
  })

  it('counts the first packet of every row in its direction, also when that row makes the table grow', () => {
    const packets: PacketSpec[] = []
    for (let i = 0; i < 2100; i++) packets.push({ t: i, src: `10.${i >> 8}.${i & 255}.1`, dst: '10.255.0.1', sport: 1000, dport: 80, flags: 'S', seq: i })
    const { ctx, c } = run(packets, 512)
    const rows = c.list('tcp', ctx.addresses, 0, 'start', 5000)
    expect(rows).toHaveLength(2100)
    expect(rows.every((r) => r.packetsAtoB === 1 && r.packetsBtoA === 0 && r.addressB === '10.255.0.1')).toBe(true)
  })
})
