import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DecodeContext } from '../decode/context.ts'
import { FlowOutcome, type FlowEndEvent } from './flow-events.ts'
import { HOST_COLS, HostCol } from './host-window-rows.ts'
import { type PacketSpec, buildBatches, dnsFact, internIp, tlsHelloFact } from './test-batch.ts'
import { WIN_COLS, WinCol, type WindowLevel } from './window-level.ts'
import { hostWindowSeries, hostsInWindow, windowSeries } from './window-queries.ts'
import { type WindowOptions, Windows } from './windows.ts'

function run(packets: PacketSpec[], options: WindowOptions = {}, capacity = 16) {
  const ctx = new DecodeContext()
  const w = new Windows(options)
  for (const b of buildBatches(ctx, packets, capacity)) w.consume(b, ctx.addresses.size)
  return { ctx, w }
}

const T0 = 1_700_000_000 // a multiple of 60, so windows of every size start here

describe('Windows: bucket size by capture length', () => {
  it('uses 1 s up to 5 minutes, 10 s up to an hour, 60 s beyond', () => {
    const at = (span: number) => run([{ t: T0, src: '10.0.0.1', dst: '10.0.0.2' }, { t: T0 + span, src: '10.0.0.1', dst: '10.0.0.2' }]).w
    expect(at(300).summary()).toMatchObject({ bucketSeconds: 1, count: 2, span: 301 })
    expect(at(301).summary()).toMatchObject({ bucketSeconds: 10, count: 2, span: 31 })
    expect(at(3600).summary().bucketSeconds).toBe(10)
    expect(at(7200).summary()).toMatchObject({ bucketSeconds: 60, count: 2, span: 121 })
    expect(at(301).levels[0]).toBeNull()
  })
})

describe('Windows: per-window aggregates', () => {
  it('counts packets, bytes, protocol and port mix, distinct hosts and ports per window', () => {
    const { w } = run([
      { t: T0 + 0.1, src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 80, flags: 'S', len: 60 },
      { t: T0 + 0.2, src: '10.0.0.2', dst: '10.0.0.1', sport: 80, dport: 40000, flags: 'SA', len: 60 },
      { t: T0 + 0.3, src: '10.0.0.1', dst: '10.0.0.3', proto: 'udp', sport: 5000, dport: 53, len: 80 },
      { t: T0 + 0.4, src: '10.0.0.1', dst: '10.0.0.3', proto: 'icmp', len: 98 },
      { t: T0 + 0.5, len: 42 },
      { t: T0 + 1.5, src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 80, len: 1000 },
    ])
    w.finish()
    const s = windowSeries(w.chosen())
    expect(Array.from(s.start)).toEqual([T0, T0 + 1])
    expect(Array.from(s.packets)).toEqual([5, 1])
    expect(Array.from(s.bytes)).toEqual([340, 1000])
    expect([s.tcp[0], s.udp[0], s.icmp[0], s.nonIp[0]]).toEqual([2, 1, 1, 1])
    expect(s.activeSources[0]).toBe(2)
    expect(s.distinctDstHosts[0]).toBe(3)
    expect(s.distinctDstPorts[0]).toBe(3) // tcp/80, tcp/40000, udp/53
    expect(s.tcpSyn[0]).toBe(1)
    expect(s.topPorts[0]).toEqual([{ port: 'tcp/80', packets: 2 }, { port: 'udp/53', packets: 1 }])
    expect(s.newPairs[0]).toBe(3)
    expect(s.newPairs[1]).toBe(0)
  })

  it('keeps per-host rows with distinct destinations, DNS, NXDOMAIN and TLS attributed to the client', () => {
    const { ctx, w } = run([
      { t: T0 + 1, src: '10.0.0.1', dst: '10.0.0.53', proto: 'udp', sport: 5000, dport: 53, app: 'dns', fact: dnsFact(false) },
      { t: T0 + 1.1, src: '10.0.0.53', dst: '10.0.0.1', proto: 'udp', sport: 53, dport: 5000, app: 'dns', fact: dnsFact(true, 3) },
      { t: T0 + 1.2, src: '10.0.0.1', dst: '10.0.0.9', sport: 40001, dport: 443, app: 'tls', fact: tlsHelloFact() },
      { t: T0 + 1.3, src: '10.0.0.1', dst: '10.0.0.9', sport: 40001, dport: 443 },
    ])
    w.finish()
    const l = w.chosen()
    const host = internIp(ctx, '10.0.0.1')
    const rows = hostWindowSeries(l, host, ctx.addresses)
    expect(rows).toHaveLength(1)
    expect(rows[0].counters).toMatchObject({ packetsOut: 3, packetsIn: 1, dnsQueries: 1, nxdomain: 1, tlsHandshakes: 1, distinctDstHosts: 2, distinctDstPorts: 2 })
    const s = windowSeries(l)
    expect([s.dnsQueries[0], s.nxdomain[0], s.tlsHandshakes[0]]).toEqual([1, 1, 1])
    expect(hostsInWindow(l, T0 + 1.5, ctx.addresses).map((r) => r.host)).toEqual(['10.0.0.1', '10.0.0.53', '10.0.0.9']) // 2 packets each: ties by address id
  })

  it('keeps the busiest hosts per window and folds the rest into one "other" row', () => {
    const packets: PacketSpec[] = []
    for (let h = 1; h <= 5; h++) for (let k = 0; k < h; k++) packets.push({ t: T0 + 2 + k * 0.01, src: `10.0.1.${h}`, dst: '10.0.0.1', len: 100 })
    const { ctx, w } = run(packets, { maxHostsPerWindow: 3 })
    w.finish()
    const l = w.chosen()
    const hosts = hostsInWindow(l, T0 + 2, ctx.addresses)
    expect(hosts.map((r) => [r.host, r.counters.packetsOut + r.counters.packetsIn])).toEqual([['10.0.0.1', 15], ['10.0.1.5', 5], ['10.0.1.4', 4], ['other', 6]])
    expect(l.g[WinCol.ActiveHosts]).toBe(6)
  })

  it('counts packets whose time goes backwards in the open window', () => {
    const { w } = run([
      { t: T0 + 5.5, src: '10.0.0.1', dst: '10.0.0.2' },
      { t: T0 + 3.2, src: '10.0.0.1', dst: '10.0.0.2' },
      { t: T0 + 5.9, src: '10.0.0.1', dst: '10.0.0.2' },
    ])
    w.finish()
    expect(Array.from(windowSeries(w.chosen()).packets)).toEqual([3])
    expect(w.summary().latePackets).toBe(1)
  })
})

describe('Windows: flow events', () => {
  const end = (over: Partial<FlowEndEvent>): FlowEndEvent => ({
    time: T0, ipProto: 6, src: 1, dst: 2, srcPort: 1, dstPort: 2, endTime: T0, outcome: FlowOutcome.Established,
    rtt: Number.NaN, jitter: Number.NaN, packets: 0, retransmissions: 0, ...over,
  })

  it('attributes starts, failures, RTT, jitter and retransmissions to the window of the flow start', () => {
    const ctx = new DecodeContext()
    const w = new Windows()
    const a = internIp(ctx, '10.0.0.1')
    const b = internIp(ctx, '10.0.0.2')
    const packets: PacketSpec[] = [
      { t: T0 + 0.1, src: '10.0.0.1', dst: '10.0.0.2', flags: 'S' },
      { t: T0 + 1.1, src: '10.0.0.1', dst: '10.0.0.2', flags: 'S' },
      { t: T0 + 2.1, src: '10.0.0.1', dst: '10.0.0.2' },
    ]
    for (const batch of buildBatches(ctx, packets, 1)) w.consume(batch, ctx.addresses.size)
    w.flowStarted({ time: T0 + 0.1, ipProto: 6, src: a, dst: b, srcPort: 1, dstPort: 2 })
    w.flowStarted({ time: T0 + 1.1, ipProto: 6, src: a, dst: b, srcPort: 3, dstPort: 2 })
    w.flowEnded(end({ time: T0 + 0.1, src: a, dst: b, outcome: FlowOutcome.Failed, packets: 4, retransmissions: 3 }))
    w.flowEnded(end({ time: T0 + 1.1, src: a, dst: b, rtt: 0.02, jitter: 0.001, packets: 10, retransmissions: 1 }))
    w.flowEnded(end({ time: T0 + 1.2, src: a, dst: b, rtt: 0.04, packets: 10 }))
    w.flowStarted({ time: T0 + 99, ipProto: 17, src: b, dst: a, srcPort: 3, dstPort: 2 }) // ahead of the packets: open window
    w.finish()
    const s = windowSeries(w.chosen())
    expect(Array.from(s.flowsStarted)).toEqual([1, 1, 1])
    expect(Array.from(s.failedConnections)).toEqual([1, 0, 0])
    expect(s.retransmissionRatio[0]).toBeCloseTo(0.75)
    expect(s.retransmissionRatio[1]).toBeCloseTo(0.05)
    expect(s.retransmissionRatio[2]).toBeNaN()
    expect(s.rttP50[1]).toBeCloseTo(0.02, 2)
    expect(s.rttP99[1]).toBeCloseTo(0.04, 2)
    expect(s.jitterP50[1]).toBeCloseTo(0.001, 4)
    expect(s.rttP50[0]).toBeNaN()
    const first = hostWindowSeries(w.chosen(), a, ctx.addresses)[0].counters
    expect(first).toMatchObject({ flowsStarted: 1, failedConnections: 1, retransmissions: 3, flowPackets: 4, tcpSyn: 1 })
  })
})

describe('Windows: exactness of the cascaded distinct counts', () => {
  it('per-host distinct destinations and ports equal a naive count at 1, 10 and 60 s (property)', () => {
    const hosts = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '2001:db8::1']
    const spec = fc.record({ dt: fc.double({ min: 0, max: 4, noNaN: true }), a: fc.nat(4), b: fc.nat(4), dport: fc.nat(5), udp: fc.boolean() })
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 150 }), fc.integer({ min: 1, max: 50 }), (list, cap) => {
        let t = T0
        const packets: PacketSpec[] = list.map((p) => {
          t += p.dt
          return { t, src: hosts[p.a], dst: hosts[p.b], proto: p.udp ? 'udp' : 'tcp', sport: 1000, dport: 80 + p.dport }
        })
        const ctx = new DecodeContext()
        const w = new Windows({ maxExactPairs: 1 << 16 })
        for (const batch of buildBatches(ctx, packets, cap)) w.consume(batch, ctx.addresses.size)
        w.finish()
        for (const l of w.levels) if (l) checkLevel(l, packets, ctx)
      }),
      { seed: 77, numRuns: 100 },
    )
  })
})

function checkLevel(l: WindowLevel, packets: PacketSpec[], ctx: DecodeContext): void {
  const naive = new Map<string, { dsts: Set<string>; ports: Set<string>; out: number }>()
  for (const p of packets) {
    const key = `${Math.floor(p.t / l.seconds)}|${p.src}`
    let e = naive.get(key)
    if (!e) naive.set(key, (e = { dsts: new Set(), ports: new Set(), out: 0 }))
    e.dsts.add(p.dst ?? '')
    e.ports.add(`${p.proto}/${p.dport}`)
    e.out++
  }
  // Global rows: packets and distinct sources, destinations and destination ports per window.
  const globals = new Map<number, { packets: number; src: Set<string>; dst: Set<string>; ports: Set<string> }>()
  for (const p of packets) {
    const w = Math.floor(p.t / l.seconds)
    let e = globals.get(w)
    if (!e) globals.set(w, (e = { packets: 0, src: new Set(), dst: new Set(), ports: new Set() }))
    e.packets++
    e.src.add(p.src ?? '')
    e.dst.add(p.dst ?? '')
    e.ports.add(`${p.proto}/${p.dport}`)
  }
  expect(l.rows).toBe(globals.size)
  for (let row = 0; row < l.rows; row++) {
    const g = row * WIN_COLS
    const e = globals.get(l.g[g + WinCol.Window])
    expect(e).toBeDefined()
    if (!e) continue
    expect([l.g[g + WinCol.Packets], l.g[g + WinCol.SrcHosts], l.g[g + WinCol.DstHosts], l.g[g + WinCol.DstPorts]]).toEqual([e.packets, e.src.size, e.dst.size, e.ports.size])
  }
  let checked = 0
  for (let row = 0; row < l.rows; row++) {
    const g = row * WIN_COLS
    const start = l.g[g + WinCol.HostStart]
    for (let r = start; r < start + l.g[g + WinCol.HostCount]; r++) {
      const e = naive.get(`${l.g[g + WinCol.Window]}|${ctx.addresses.format(l.kept.host[r])}`)
      const u = (c: number) => l.kept.u[r * HOST_COLS + c]
      if (!e) {
        expect(u(HostCol.PacketsOut)).toBe(0)
        continue
      }
      expect(u(HostCol.PacketsOut)).toBe(e.out)
      expect(l.kept.bytesOut[r]).toBe(e.out * 60)
      expect(u(HostCol.DstHosts)).toBe(e.dsts.size)
      expect(u(HostCol.DstPorts)).toBe(e.ports.size)
      checked++
    }
  }
  expect(checked).toBe(naive.size)
}
