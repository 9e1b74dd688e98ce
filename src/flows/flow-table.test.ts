import { describe, expect, it } from 'vitest'
import { PAYLOAD_ENTROPY_SAMPLE } from '../decode/payload-entropy.ts'
import type { DnsFact, TlsHelloFact } from '../model/app-facts.ts'
import { App } from '../model/packet-batch.ts'
import { BYTES_PER_FLOW } from './flow-columns.ts'
import type { FlowModeName } from './flow-modes.ts'
import { createFlowTable } from './flow-table.ts'
import type { PacketSpec } from './test-batch.ts'
import { batchOf, seg } from './test-batch.ts'

function run(packets: readonly PacketSpec[], mode: FlowModeName = 'zeek', maxFlows?: number) {
  const { ctx, batch } = batchOf(packets)
  const table = createFlowTable(mode, { maxFlows })
  const ids = new Int32Array(batch.count)
  table.consume(batch, ctx, ids)
  table.finish()
  return { table, ids, records: table.toRecords(ctx), ctx }
}

const udp = (t: number, src: string, dst: string, len = 30): PacketSpec => ({ t, src, dst, proto: 'udp', len })
const C = '10.0.0.1:40000'
const S = '10.0.0.2:80'

describe('UDP and ICMP idle timeouts', () => {
  it('zeek: a gap of 60 s or more starts a new flow (udp_inactivity_timeout 1 min)', () => {
    const pkts = [udp(0, '10.0.0.1:5000', '10.0.0.2:123'), udp(0.01, '10.0.0.2:123', '10.0.0.1:5000'), udp(59.9, '10.0.0.1:5000', '10.0.0.2:123'), udp(120, '10.0.0.1:5000', '10.0.0.2:123')]
    const { records } = run(pkts)
    expect(records.map((r) => r.origPkts + r.respPkts)).toEqual([3, 1])
    expect(records.map((r) => r.state)).toEqual(['SF', 'S0'])
    expect(records[0].endReason).toBe('idle-timeout')
    expect(records[1].endReason).toBe('end-of-capture')
  })

  it('zeek: ends UDP DNS connections on the DNS expire timer (10 s grid, idle >= 9 s)', () => {
    const q = (t: number) => udp(t, '10.0.0.1:5000', '10.0.0.2:53')
    expect(run([q(0), q(16)]).records).toHaveLength(2)
    // timer points 10 (idle 5), 20 (idle 5.5), 30 (idle >= 9): removed at 30
    expect(run([q(0), q(5), q(14.5), q(29.9)]).records).toHaveLength(1)
    expect(run([q(0), q(5), q(14.5), q(30)]).records.map((r) => r.origPkts)).toEqual([3, 1])
    // not a DNS port: only the 60 s UDP timeout applies
    expect(run([udp(0, '10.0.0.1:5000', '10.0.0.2:9999'), udp(16, '10.0.0.1:5000', '10.0.0.2:9999')]).records).toHaveLength(1)
  })

  it('wireshark: no timeout, one conversation per address/port pair', () => {
    const { records } = run([udp(0, '10.0.0.1:5000', '10.0.0.2:53'), udp(5000, '10.0.0.2:53', '10.0.0.1:5000')], 'wireshark')
    expect(records).toHaveLength(1)
  })

  it('zeek: replies land in their request\'s ICMP flow; echo identifiers are not part of the key', () => {
    const ping = (t: number, id: number): PacketSpec[] => [
      { t, src: '10.0.0.1', dst: '10.0.0.2', proto: 'icmp', type: 8, icmpId: id, len: 56 },
      { t: t + 0.001, src: '10.0.0.2', dst: '10.0.0.1', proto: 'icmp', type: 0, icmpId: id, len: 56 },
    ]
    const zeek = run([...ping(0, 1), ...ping(1, 2)]).records
    expect(zeek).toHaveLength(1)
    expect(zeek[0]).toMatchObject({ origPort: 8, respPort: 0, origPkts: 2, respPkts: 2, state: 'OTH', history: '' })
    expect(run([...ping(0, 1), ...ping(1, 2)], 'wireshark').records).toHaveLength(2)
  })

  it('keeps one-way ICMP messages direction-sensitive as Zeek does', () => {
    const unreach = (t: number, src: string, dst: string): PacketSpec => ({ t, src, dst, proto: 'icmp', type: 3, code: 3 })
    const { records } = run([unreach(0, '10.0.0.1', '10.0.0.2'), unreach(1, '10.0.0.2', '10.0.0.1')])
    expect(records).toHaveLength(2)
  })
})

describe('Zeek TCP timers and port reuse', () => {
  it('gives up an unanswered SYN after tcp_attempt_delay (5 s): a SYN at 7 s is a new connection', () => {
    const { records } = run([seg(0, C, S, 'S', 100, 0), seg(1, C, S, 'S', 100, 0), seg(3, C, S, 'S', 100, 0), seg(7, C, S, 'S', 100, 0)])
    expect(records.map((r) => [r.state, r.origPkts, r.endReason])).toEqual([['S0', 3, 'attempt-timeout'], ['S0', 1, 'end-of-capture']])
  })

  const sf = (t0: number, isn: number): PacketSpec[] => [
    seg(t0, C, S, 'S', isn, 0),
    seg(t0 + 0.01, S, C, 'SA', 300, isn + 1),
    seg(t0 + 0.02, C, S, 'A', isn + 1, 301),
    seg(t0 + 0.03, C, S, 'FA', isn + 1, 301),
    seg(t0 + 0.04, S, C, 'FA', 301, isn + 2),
  ]

  it('starts a new connection for a SYN after close (port reuse), in zeek and wireshark modes', () => {
    const pkts = [...sf(0, 100), ...sf(1, 5000)]
    for (const mode of ['zeek', 'wireshark'] as const) {
      const { records } = run(pkts, mode)
      expect(records.map((r) => r.state)).toEqual(['SF', 'SF'])
      expect(records[0].endReason).toBe('reused')
    }
  })

  it('wireshark: a retransmitted SYN with the same sequence number stays in its stream', () => {
    expect(run([seg(0, C, S, 'S', 100, 0), seg(3, C, S, 'S', 100, 0), seg(9, C, S, 'S', 100, 0)], 'wireshark').records).toHaveLength(1)
  })

  it('keeps a closed connection 5 s (tcp_close_delay): later stray packets form a new flow', () => {
    const late = seg(0.045 + 4, C, S, 'A', 102, 302)
    const later = seg(0.045 + 6, C, S, 'A', 102, 302)
    const { records } = run([...sf(0, 100), late, later])
    expect(records).toHaveLength(2)
    expect(records[0]).toMatchObject({ state: 'SF', origPkts: 4, endReason: 'closed' })
    expect(records[1]).toMatchObject({ state: 'OTH', history: 'A' })
  })

  it('uses the 5 min TCP inactivity timeout once established', () => {
    const hs = [seg(0, C, S, 'S', 100, 0), seg(0.01, S, C, 'SA', 300, 101), seg(0.02, C, S, 'A', 101, 301)]
    expect(run([...hs, seg(250, C, S, 'PA', 101, 301, 10)]).records).toHaveLength(1)
    const idle = run([...hs, seg(300.03, C, S, 'PA', 101, 301, 10)]).records
    expect(idle.map((r) => r.endReason)).toEqual(['idle-timeout', 'end-of-capture'])
  })
})

describe('cicflowmeter mode', () => {
  it('ends a flow 120 s after its first packet, keeping its orientation', () => {
    const pkts = [udp(0, '10.0.0.1:5000', '10.0.0.2:9000'), udp(60, '10.0.0.1:5000', '10.0.0.2:9000'), udp(121, '10.0.0.2:9000', '10.0.0.1:5000')]
    const { records } = run(pkts, 'cicflowmeter')
    expect(records).toHaveLength(2)
    expect(records[0].endReason).toBe('active-timeout')
    expect(records[1]).toMatchObject({ origAddr: '10.0.0.1', origPort: 5000, respPkts: 1 })
  })

  it('ends a flow at the first FIN, so the rest of the teardown is a new flow', () => {
    const pkts = [seg(0, C, S, 'S', 100, 0), seg(0.01, S, C, 'SA', 300, 101), seg(0.02, C, S, 'FA', 101, 301), seg(0.03, S, C, 'FA', 301, 102), seg(0.04, C, S, 'A', 102, 302)]
    const { table, records, ctx } = run(pkts, 'cicflowmeter')
    expect(records.map((r) => r.origPkts + r.respPkts)).toEqual([3, 2])
    expect(records[0].endReason).toBe('fin')
    // CICFlowMeter writes only flows with more than one packet.
    expect(table.toRecords(ctx, { minPackets: 2 })).toHaveLength(2)
  })
})

describe('per-flow counters and features', () => {
  it('counts packets, bytes and payload per direction; payload min/max/mean over payload-carrying packets', () => {
    const pkts = [
      seg(0, C, S, 'S', 100, 0), seg(0.01, S, C, 'SA', 300, 101), seg(0.02, C, S, 'A', 101, 301),
      seg(0.03, C, S, 'PA', 101, 301, 100), seg(0.05, S, C, 'PA', 301, 201, 300),
    ]
    const [r] = run(pkts).records
    expect(r).toMatchObject({ origPkts: 3, respPkts: 2, origPayloadBytes: 100, respPayloadBytes: 300, payloadMin: 100, payloadMax: 300, payloadMean: 200 })
    expect(r.origBytes).toBe(54 * 3 + 100)
    expect(r.duration).toBeCloseTo(0.05, 9)
  })

  it('computes inter-arrival mean, standard deviation and jitter', () => {
    const times = [0, 1, 3, 4]
    const [r] = run(times.map((t) => udp(t, '10.0.0.1:5000', '10.0.0.2:9000'))).records
    // gaps 1, 2, 1: mean 4/3, population std sqrt(2/9), jitter (|2-1| + |1-2|) / 2 = 1
    expect(r.iatMean).toBeCloseTo(4 / 3, 6)
    expect(r.iatStd).toBeCloseTo(Math.sqrt(2 / 9), 6)
    expect(r.jitter).toBeCloseTo(1, 6)
  })

  it('weights payload entropy by payload bytes', () => {
    const pkts = [{ ...udp(0, '10.0.0.1:5000', '10.0.0.2:9000', 256), entropy: 254 }, { ...udp(1, '10.0.0.1:5000', '10.0.0.2:9000', 64), entropy: 127 }]
    const [r] = run(pkts).records
    // Weights are the sampled bytes: min(payload, PAYLOAD_ENTROPY_SAMPLE).
    const w1 = Math.min(256, PAYLOAD_ENTROPY_SAMPLE)
    const w2 = Math.min(64, PAYLOAD_ENTROPY_SAMPLE)
    expect(r.payloadEntropy).toBeCloseTo(((254 * w1 + 127 * w2) / (w1 + w2)) / (254 / 8), 1)
  })

  it('guesses the application by content, else by port', () => {
    const byContent = run([{ ...udp(0, '10.0.0.1:5000', '10.0.0.2:9999'), app: App.DNS }]).records[0]
    expect([byContent.app, byContent.appSource]).toEqual(['dns', 'content'])
    const byPort = run([seg(0, C, '10.0.0.2:443', 'S', 1, 0)]).records[0]
    expect([byPort.app, byPort.appSource]).toEqual(['https', 'port'])
  })

  it('keeps the first DNS query and response and the TLS ClientHello of a flow', () => {
    const q: DnsFact = { kind: 'dns', id: 7, isResponse: false, opcode: 0, rcode: 0, qname: 'example.com', qtype: 1, qclass: 1, questions: 1, answers: [], counts: [1, 0, 0, 0] }
    const a: DnsFact = { ...q, isResponse: true, rcode: 3, answers: [{ name: 'example.com', type: 1, ttl: 60, data: '192.0.2.1' }] }
    const dns = run([{ ...udp(0, '10.0.0.1:5000', '10.0.0.2:53'), fact: q }, { ...udp(0.01, '10.0.0.2:53', '10.0.0.1:5000'), fact: a }]).records[0]
    expect(dns).toMatchObject({ dnsQuery: 'example.com', dnsQtype: 1, dnsRcode: 3, dnsAnswers: ['192.0.2.1'] })
    const hello: TlsHelloFact = { kind: 'tls-client-hello', legacyVersion: 0x0303, versions: [0x0304], sni: 'www.example.org', alpn: ['h2'], cipherSuites: [], extensions: [], ja3: '', ja3Hash: 'abc', ja4: 't13d', reason: null }
    const tls = run([seg(0, C, '10.0.0.2:443', 'PA', 1, 1, 200, { fact: hello })]).records[0]
    expect(tls).toMatchObject({ tlsSni: 'www.example.org', tlsAlpn: ['h2'], ja3: 'abc', ja4: 't13d' })
  })
})

describe('keys, ids, cap and memory', () => {
  it('accounts non-IP traffic per host pair (ARP by protocol addresses, other frames by MAC pair)', () => {
    const pkts: PacketSpec[] = [
      { t: 0, src: '10.0.0.1', dst: '10.0.0.2', proto: 'arp' },
      { t: 0.1, src: '10.0.0.2', dst: '10.0.0.1', proto: 'arp' },
      { t: 0.2, src: '00:11:22:33:44:55', dst: 'ff:ff:ff:ff:ff:ff', proto: 'l2' },
    ]
    const { records } = run(pkts)
    expect(records.map((r) => [r.proto, r.origPkts, r.respPkts])).toEqual([['arp', 1, 1], ['l2', 1, 0]])
  })

  it('writes the flow id of every packet', () => {
    const { ids } = run([udp(0, '10.0.0.1:1', '10.0.0.2:2'), udp(1, '10.0.0.3:1', '10.0.0.2:2'), udp(2, '10.0.0.2:2', '10.0.0.1:1')])
    expect([...ids]).toEqual([0, 1, 0])
  })

  it('past maxFlows counts packets of new flows in the overflow sketch', () => {
    const pkts = Array.from({ length: 50 }, (_, k) => udp(k, `10.0.1.${k}:1000`, '10.0.0.2:2'))
    const { table, ids } = run(pkts, 'zeek', 10)
    expect(table.count).toBe(10)
    expect(ids[10]).toBe(-1)
    expect(table.overflow.packets).toBe(40)
    expect(table.overflow.estimatedFlows).toBeGreaterThanOrEqual(38)
    expect(table.overflow.estimatedFlows).toBeLessThanOrEqual(42)
  })

  it('reports its memory per flow and frees the slots of ended flows', () => {
    const pkts = Array.from({ length: 3000 }, (_, k) => udp(k * 10, `10.0.${k >> 8}.${k & 255}:1000`, '10.0.0.2:2'))
    const { ctx, batch } = batchOf(pkts)
    const table = createFlowTable('zeek')
    table.consume(batch, ctx)
    expect(table.count).toBe(3000)
    // Idle flows are swept: only those of the last minute stay open.
    expect(table.openCount).toBeLessThan(20)
    expect(table.memory().bytesPerFlow).toBe(BYTES_PER_FLOW)
    expect(BYTES_PER_FLOW).toBeLessThan(160)
  })

  it('also counts a tunnelled packet in its outer UDP conversation, keeping the inner flow as its flow', () => {
    const vx = (t: number, src: string, dst: string, osrc: string, odst: string): PacketSpec => ({ ...udp(t, src, dst), tunnelSrc: osrc, tunnelDst: odst })
    const { records, ids } = run([
      vx(0, '192.168.0.1:5000', '192.168.0.2:53', '10.1.1.1:40000', '10.1.1.2:4789'),
      vx(0.1, '192.168.0.2:53', '192.168.0.1:5000', '10.1.1.2:40001', '10.1.1.1:4789'),
    ])
    expect(records.map((r) => [r.tunnel, r.origAddr, r.origPort, r.respPort, r.origPkts + r.respPkts])).toEqual([
      [false, '192.168.0.1', 5000, 53, 2],
      [true, '10.1.1.1', 40000, 4789, 1],
      [true, '10.1.1.2', 40001, 4789, 1],
    ])
    expect([...ids]).toEqual([0, 0])
  })

  it('counts flows per conn_state', () => {
    const { table } = run([seg(0, C, S, 'S', 100, 0), udp(0, '10.0.0.1:5000', '10.0.0.2:53'), udp(0.1, '10.0.0.2:53', '10.0.0.1:5000')])
    const counts = table.stateCounts()
    expect(counts.S0).toBe(1)
    expect(counts.SF).toBe(1)
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(2)
  })
})

describe('packets Zeek makes no connection of', () => {
  // IPv6 No Next Header (a Teredo bubble), and TCP/UDP without a readable transport header (l4: false).
  const bubble: PacketSpec = { t: 0, src: '[2001:0:4136:e378::1]', dst: '[2001:0:4136:e378::2]', proto: 59, tunnelSrc: '10.0.0.1:3544', tunnelDst: '10.0.0.2:40000' }
  const fragment: PacketSpec = { t: 1, src: C, dst: S, proto: 'udp', len: 100, l4: false }
  const cutTcp: PacketSpec = { ...seg(2, C, S, 'S', 1, 0), l4: false }
  const ping: PacketSpec = { t: 3, src: '10.0.0.1', dst: '10.0.0.2', proto: 'icmp', type: 8 }

  it('zeek: belong to no flow (id -1), while the bubble still counts in its outer Teredo conversation', () => {
    const { ids, records } = run([bubble, fragment, cutTcp, ping])
    expect([...ids]).toEqual([-1, -1, -1, 1])
    expect(records.map((r) => `${r.proto} ${r.tunnel ? 'tunnel' : ''}`.trim())).toEqual(['udp tunnel', 'icmp'])
  })

  it('wireshark and cicflowmeter: form flows keyed without ports', () => {
    for (const mode of ['wireshark', 'cicflowmeter'] as const) {
      const { ids, records } = run([bubble, fragment, cutTcp, ping], mode)
      expect([...ids].every((id) => id >= 0)).toBe(true)
      expect(records.map((r) => r.proto).sort()).toEqual(['59', 'icmp', 'tcp', 'udp', 'udp'])
    }
  })
})
