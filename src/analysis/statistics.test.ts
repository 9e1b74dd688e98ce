import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DecodeContext } from '../decode/context.ts'
import { PacketBatch } from '../model/packet-batch.ts'
import { FlowOutcome } from './flow-events.ts'
import { Statistics } from './statistics.ts'
import { windowSeries } from './window-queries.ts'
import { Windows } from './windows.ts'
import { type PacketSpec, buildBatches, dnsFact, internIp } from './test-batch.ts'

const M1 = '00:00:00:00:00:01'
const M2 = '00:00:00:00:00:02'
const T0 = 1_700_000_000

const sample: PacketSpec[] = [
  { t: T0 + 0.5, smac: M1, dmac: M2, src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 443, flags: 'S', len: 74 },
  { t: T0 + 0.6, smac: M2, dmac: M1, src: '10.0.0.2', dst: '10.0.0.1', sport: 443, dport: 40000, flags: 'SA', len: 74 },
  { t: T0 + 0.7, smac: M1, dmac: M2, src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 443, app: 'tls', len: 571 },
  { t: T0 + 1.2, smac: M1, dmac: M2, src: '10.0.0.1', dst: '10.0.0.53', proto: 'udp', sport: 5353, dport: 53, app: 'dns', fact: dnsFact(false), len: 80 },
  { t: T0 + 1.3, smac: M2, dmac: M1, src: '10.0.0.53', dst: '10.0.0.1', proto: 'udp', sport: 53, dport: 5353, app: 'dns', fact: dnsFact(true, 3), len: 140 },
  { t: T0 + 2.9, smac: M1, dmac: M2, src: 'fe80::1', dst: 'fe80::2', proto: 'icmp', len: 90 },
]

function analyse(packets: readonly PacketSpec[], capacity = 4) {
  const ctx = new DecodeContext()
  const stats = new Statistics()
  for (const b of buildBatches(ctx, packets, capacity)) stats.consume(b, ctx)
  return { ctx, stats }
}

describe('Statistics', () => {
  it('bundles every statistic into one plain JSON report', () => {
    const { ctx, stats } = analyse(sample)
    stats.flowStarted({ time: T0 + 0.5, ipProto: 6, src: internIp(ctx, '10.0.0.1'), dst: internIp(ctx, '10.0.0.2'), srcPort: 40000, dstPort: 443 })
    stats.flowEnded({
      time: T0 + 0.5, endTime: T0 + 0.7, ipProto: 6, src: internIp(ctx, '10.0.0.1'), dst: internIp(ctx, '10.0.0.2'), srcPort: 40000, dstPort: 443,
      outcome: FlowOutcome.Established, rtt: 0.1, jitter: Number.NaN, packets: 3, retransmissions: 0,
    })
    const r = stats.finish()
    expect(JSON.parse(JSON.stringify(r))).toEqual(r)
    expect(r).toMatchObject({ packets: 6, bytes: 1029, start: T0 + 0.5, end: T0 + 2.9 })
    expect(r.conversations).toMatchObject({ eth: 1, ipv4: 2, ipv6: 1, ip: 3, tcp: 1, udp: 1, overflowPackets: 0 })
    expect(r.endpoints).toEqual({ count: 5, ipv4: 3, ipv6: 2 })
    expect(r.topTalkers[0]).toEqual({ address: '10.0.0.1', packets: 5, bytes: 939, exact: true })
    expect(r.services.map((s) => `${s.proto}/${s.port}`)).toEqual(['tcp/443', 'udp/53'])
    expect(r.protocolHierarchy).toMatchObject({ name: 'frame', packets: 6 })
    expect(r.windows).toMatchObject({ bucketSeconds: 1, count: 3, span: 3 })
    expect(r.topConversations.tcp[0]).toMatchObject({ addressA: '10.0.0.1', portB: 443, packets: 3, relStart: 0 })
    expect(r.sketches.topTalkers.exact).toBe(true)
    expect(r.sketches.seenBefore.items).toBe(5) // directed (src, dst) pairs
    expect(stats.finish()).toBe(r)
    const series = stats.windowSeries()
    expect(Array.from(series.flowsStarted)).toEqual([1, 0, 0])
    expect(series.rttP50[0]).toBeCloseTo(0.1, 2)
    expect(stats.ioSeries(1).packets.reduce((a, b) => a + b, 0)).toBe(6)
    expect(stats.listEndpoints('bytes', 2).map((e) => e.address)).toEqual(['10.0.0.1', '10.0.0.2'])
    expect(stats.hostHeatmap('packetsOut', 2).hosts).toEqual(['10.0.0.1', '10.0.0.2']) // 3 vs 1 (a tie with 10.0.0.53, broken by id)
  })

  it('gives the same report whatever the batch boundaries (property)', () => {
    const whole = analyse(sample, 100).stats.finish()
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), (cap) => {
        expect(analyse(sample, cap).stats.finish()).toEqual(whole)
      }),
      { seed: 2, numRuns: 6 },
    )
  })

  it('caps the lists in the report', () => {
    const packets: PacketSpec[] = []
    for (let i = 0; i < 400; i++) packets.push({ t: T0 + i * 0.01, src: `10.0.${i >> 8}.${i & 255}`, dst: '10.1.0.1', proto: 'udp', sport: 1000 + i, dport: 2000 + i })
    const ctx = new DecodeContext()
    const stats = new Statistics({ topN: 50, topConversations: 10 })
    for (const b of buildBatches(ctx, packets, 128)) stats.consume(b, ctx)
    const r = stats.finish()
    expect(r.conversations.udp).toBe(400)
    expect(r.topTalkers).toHaveLength(50)
    expect(r.services).toHaveLength(50)
    expect(r.topConversations.udp).toHaveLength(10)
    expect(stats.listConversations('udp', 'packets', 1000)).toHaveLength(400)
  })

  it('reports an empty capture without failing', () => {
    const r = new Statistics().finish()
    expect(r).toMatchObject({ packets: 0, start: null, end: null, endpoints: { count: 0 }, topTalkers: [], services: [] })
    expect(r.windows.count).toBe(0)
  })

  it('survives arbitrary column values, odd timestamps included, and keeps the report finite (property)', () => {
    const times = fc.oneof(fc.constantFrom(Number.NaN, Infinity, -Infinity, -5, 0, 2 ** 32, 1e15), fc.double({ min: T0, max: T0 + 4000, noNaN: true }))
    const row = fc.record({
      t: times, len: fc.nat(70_000), layers: fc.nat(0xffffffff), net: fc.constantFrom(0, 4, 6, 8, 255, 17), proto: fc.nat(255),
      a: fc.nat(6), b: fc.nat(6), sp: fc.nat(65535), dp: fc.nat(65535), flags: fc.nat(511), seq: fc.nat(0xffffffff), fact: fc.constantFrom(-1, 0, 1, 5),
    })
    fc.assert(
      fc.property(fc.array(row, { maxLength: 200 }), (rows) => {
        const ctx = new DecodeContext()
        const ids = [0, ...['10.0.0.1', '10.0.0.2', 'fe80::1', '192.168.0.1'].map((x) => internIp(ctx, x)), 9, 10]
        const batch = new PacketBatch(256)
        batch.facts = [dnsFact(true, 3), dnsFact(false)]
        rows.forEach((r, i) => {
          batch.clearRow(i)
          batch.time[i] = r.t
          batch.origLen[i] = r.len
          batch.layers[i] = r.layers
          batch.net[i] = r.net
          batch.ipProto[i] = r.proto
          batch.srcAddr[i] = ids[r.a] < ctx.addresses.size ? ids[r.a] : 0
          batch.dstAddr[i] = ids[r.b] < ctx.addresses.size ? ids[r.b] : 0
          batch.srcPort[i] = r.sp
          batch.dstPort[i] = r.dp
          batch.tcpFlags[i] = r.flags
          batch.tcpSeq[i] = r.seq
          batch.factIndex[i] = r.fact
        })
        batch.count = rows.length
        const stats = new Statistics()
        stats.consume(batch, ctx)
        const report = stats.finish()
        const text = JSON.stringify(report)
        expect(text).not.toMatch(/NaN|Infinity/)
        for (const kind of ['eth', 'ipv4', 'ipv6', 'tcp', 'udp'] as const) {
          for (const c of stats.listConversations(kind, 'bytes', 1000)) expect(Number.isFinite(c.duration) && c.duration >= 0).toBe(true)
        }
        expect(report.packets).toBe(rows.length)
      }),
      { seed: 99, numRuns: 200 },
    )
  }, 120_000)

  it('skipping repeat pairs (conversation stamps) leaves every window figure unchanged (property)', () => {
    const hosts = ['10.0.0.1', '10.0.0.2', '10.0.0.3', 'fe80::1', 'fe80::2']
    const spec = fc.record({
      dt: fc.oneof(fc.double({ min: 0, max: 3, noNaN: true }), fc.constant(-2), fc.constant(400)),
      a: fc.nat(4), b: fc.nat(4), proto: fc.constantFrom('tcp' as const, 'udp' as const, 'icmp' as const),
      sport: fc.constantFrom(1000, 2000, 80), dport: fc.constantFrom(1000, 53, 80, 443), flags: fc.constantFrom('S', 'SA', 'A'), seq: fc.nat(2),
    })
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 150 }), fc.integer({ min: 1, max: 40 }), (list, cap) => {
        let t = T0
        const packets: PacketSpec[] = list.map((p) => {
          t += p.dt
          const v6 = hosts[p.a].includes(':')
          const dst = hosts[v6 === hosts[p.b].includes(':') ? p.b : v6 ? 3 : 0]
          return { t, src: hosts[p.a], dst, proto: p.proto, sport: p.sport, dport: p.dport, flags: p.flags, seq: p.seq }
        })
        const ctx = new DecodeContext()
        const stats = new Statistics()
        const plain = new Windows()
        for (const b of buildBatches(ctx, packets, cap)) {
          stats.consume(b, ctx)
          plain.consume(b, ctx.addresses.size)
        }
        stats.finish()
        plain.finish()
        const a = stats.windows.chosen()
        const b = plain.chosen()
        expect(windowSeries(a)).toEqual(windowSeries(b))
        expect(Array.from(a.kept.u.subarray(0, a.kept.count * 13))).toEqual(Array.from(b.kept.u.subarray(0, b.kept.count * 13)))
        expect(Array.from(a.kept.host.subarray(0, a.kept.count))).toEqual(Array.from(b.kept.host.subarray(0, b.kept.count)))
      }),
      { seed: 31, numRuns: 150 },
    )
  }, 120_000)
})
