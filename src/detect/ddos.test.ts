import { describe, expect, it } from 'vitest'
import { ddos } from './ddos.ts'
import { defaultParams } from './detector.ts'
import { contextOf, synProbe, tcpSession, udpExchange, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000
const run = (pkts: Pkt[]) => ddos.run(contextOf(pkts), defaultParams(ddos))

describe('ddos', () => {
  it('raises fan-in from 300 sources sending unanswered traffic', () => {
    const pkts: Pkt[] = []
    for (let i = 0; i < 3000; i++) pkts.push(...synProbe(T0 + i / 1000, `172.16.${i % 300 >> 4}.${i % 300}:${2000 + i}`, '10.0.0.80:80'))
    const alerts = run(pkts)
    expect(alerts.map((a) => [a.category, a.dst[0]])).toEqual([['ddos', '10.0.0.80']])
    expect(alerts[0].srcCount).toBe(300)
  })

  it('raises reflection when many DNS servers send large answers the victim never asked for', () => {
    const pkts: Pkt[] = []
    for (let i = 0; i < 2000; i++) pkts.push({ t: T0 + i / 500, src: `8.8.${i % 20}.1:53`, dst: `10.0.0.9:${40000 + (i % 200)}`, proto: 'udp', len: 3000 })
    const alerts = run(pkts)
    expect(alerts.map((a) => [a.category, a.dst[0], a.mitre?.id])).toEqual([['ddos', '10.0.0.9', 'T1498.002']])
  })

  it('raises fan-in when the flooded server answers every SYN with a SYN-ACK that is never completed', () => {
    const pkts: Pkt[] = []
    for (let i = 0; i < 3000; i++) {
      const src = `172.16.${i % 300 >> 4}.${i % 300}:${2000 + i}`
      pkts.push({ t: T0 + i / 1000, src, dst: '10.0.0.80:80', proto: 'tcp', flags: 'S' }, { t: T0 + i / 1000 + 0.0003, src: '10.0.0.80:80', dst: src, proto: 'tcp', flags: 'SA' })
    }
    expect(run(pkts).map((a) => [a.category, a.dst[0], a.srcCount])).toEqual([['ddos', '10.0.0.80', 300]])
  })

  it('measures reflected answers in their busiest window, not over the victim\'s whole day of ordinary lookups', () => {
    const pkts: Pkt[] = []
    // An hour of ordinary lookups, then 30 s of reflected answers from 20 resolvers at 300 per second.
    for (let i = 0; i < 720; i++) pkts.push(...udpExchange(T0 + i * 5, `10.0.0.9:${50000 + i}`, '10.0.0.53:53'))
    for (let i = 0; i < 9000; i++) pkts.push({ t: T0 + 1800 + i / 300, src: `8.8.${i % 20}.1:53`, dst: '10.0.0.9:61000', proto: 'udp', len: 1200 })
    expect(run(pkts).map((a) => [a.category, a.dst[0]])).toEqual([['ddos', '10.0.0.9']])
  })

  it('raises a connection flood from one source, not a popular site with many clients', () => {
    const flood: Pkt[] = []
    for (let i = 0; i < 800; i++) flood.push(...tcpSession(T0 + i / 80, `10.0.0.66:${10000 + i}`, '10.0.0.80:80'))
    expect(run(flood).map((a) => a.explanation)).toEqual([expect.stringMatching(/connection flood/)])
    const popular: Pkt[] = []
    for (let i = 0; i < 800; i++) popular.push(...tcpSession(T0 + i / 80, `10.1.${i % 250}.${1 + (i % 7)}:${10000 + i}`, '10.0.0.80:80'))
    for (let i = 0; i < 200; i++) popular.push(...udpExchange(T0 + i / 20, `10.1.${i % 250}.3:${3000 + i}`, '10.0.0.53:53'))
    expect(run(popular)).toEqual([])
  })
})
