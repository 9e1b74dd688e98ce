import { describe, expect, it } from 'vitest'
import { defaultParams } from './detector.ts'
import { flood } from './flood.ts'
import { contextOf, ping, rng, synProbe, tcpSession, udpExchange, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000
const run = (pkts: Pkt[]) => flood.run(contextOf(pkts), defaultParams(flood))

describe('flood', () => {
  it('raises a SYN flood against the target of 2,000 spoofed SYNs in one second', () => {
    const r = rng(1)
    const pkts: Pkt[] = []
    for (let i = 0; i < 2000; i++) pkts.push(...synProbe(T0 + i / 2000, `${1 + Math.floor(r() * 200)}.${Math.floor(r() * 250)}.${Math.floor(r() * 250)}.9:${1024 + i}`, '10.10.10.10:80'))
    const alerts = run(pkts)
    expect(alerts.map((a) => [a.category, a.dst[0]])).toEqual([['syn-flood', '10.10.10.10']])
    expect(alerts[0].srcCount).toBeGreaterThan(1000)
    expect(alerts[0].mitre?.id).toBe('T1498.001')
  })

  it('does not call a busy web server that completes its handshakes a SYN flood', () => {
    const pkts: Pkt[] = []
    for (let i = 0; i < 600; i++) pkts.push(...tcpSession(T0 + i / 300, `10.0.${1 + (i % 200)}.7:${20000 + i}`, '10.10.10.10:443'))
    for (let i = 0; i < 30; i++) pkts.push(...synProbe(T0 + i / 30, `10.9.0.${i}:3000`, '10.10.10.10:443'))
    expect(run(pkts)).toEqual([])
  })

  it('raises a UDP flood for unanswered datagrams, not for a busy answered resolver', () => {
    const flood1: Pkt[] = []
    for (let i = 0; i < 3000; i++) flood1.push({ t: T0 + i / 1000, src: `10.0.0.66:${1000 + (i % 60000)}`, dst: '10.0.0.5:9999', proto: 'udp', len: 512 })
    expect(run(flood1).map((a) => a.category)).toEqual(['udp-flood'])
    const dns: Pkt[] = []
    for (let i = 0; i < 3000; i++) dns.push(...udpExchange(T0 + i / 1000, `10.0.${i % 50}.3:${1024 + i}`, '10.0.0.53:53'))
    expect(run(dns)).toEqual([])
  })

  it('raises an ICMP flood for ping -f, not for an ordinary ping', () => {
    const f: Pkt[] = []
    for (let i = 0; i < 1000; i++) f.push(...ping(T0 + i / 200, '10.0.0.66', '10.0.0.5', true, i))
    expect(run(f).map((a) => a.category)).toEqual(['icmp-flood'])
    const slow: Pkt[] = []
    for (let i = 0; i < 300; i++) slow.push(...ping(T0 + i, '10.0.0.66', '10.0.0.5', true, i))
    expect(run(slow)).toEqual([])
  })

  it('raises a DHCP flood from one MAC, not a client renewing its lease', () => {
    const burst: Pkt[] = []
    for (let i = 0; i < 300; i++) burst.push({ t: T0 + i / 60, src: '0.0.0.0:68', dst: '255.255.255.255:67', proto: 'udp', len: 300, smac: '02:00:00:00:00:01', dmac: 'ff:ff:ff:ff:ff:ff' })
    const a = run(burst)
    expect(a.map((x) => [x.category, x.src[0]])).toEqual([['udp-flood', '02:00:00:00:00:01']])
    const lease: Pkt[] = []
    for (let i = 0; i < 4; i++) lease.push(...udpExchange(T0 + i * 2, '10.0.0.20:68', '10.0.0.1:67', { up: 300, down: 300 }))
    expect(run(lease)).toEqual([])
  })
})
