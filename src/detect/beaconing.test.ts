import { describe, expect, it } from 'vitest'
import { beaconing, regularity } from './beaconing.ts'
import { defaultParams } from './detector.ts'
import { contextOf, rng, tcpSession, udpExchange, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000
const run = (pkts: Pkt[]) => beaconing.run(contextOf(pkts), defaultParams(beaconing))

describe('beaconing', () => {
  it('scores a regular series near 1 and a random one lower', () => {
    expect(regularity([60, 60, 60, 60]).madm).toBe(1)
    const r = rng(3)
    const random = Array.from({ length: 50 }, () => 1 + r() * 200)
    expect(regularity(random).madm).toBeLessThan(0.7)
  })

  it('raises a 60 s beacon with a few seconds of jitter', () => {
    const r = rng(7)
    const pkts: Pkt[] = []
    for (let i = 0; i < 30; i++) pkts.push(...tcpSession(T0 + i * 60 + (r() - 0.5) * 4, `10.0.0.15:${50000 + i}`, '203.0.113.66:8443', { up: 220, down: 140 }))
    const alerts = run(pkts)
    expect(alerts.map((a) => [a.src[0], a.dst[0], a.ports[0]])).toEqual([['10.0.0.15', '203.0.113.66', 8443]])
  })

  it('does not raise irregular browsing to the same server, nor periodic DNS', () => {
    const r = rng(9)
    const pkts: Pkt[] = []
    let t = T0
    for (let i = 0; i < 30; i++) {
      t += 1 + r() * r() * 600
      pkts.push(...tcpSession(t, `10.0.0.15:${50000 + i}`, '203.0.113.66:443', { up: 200 + Math.floor(r() * 3000), down: 1000 + Math.floor(r() * 90000) }))
    }
    for (let i = 0; i < 30; i++) pkts.push(...udpExchange(T0 + i * 60, `10.0.0.15:${30000 + i}`, '10.0.0.1:53'))
    expect(run(pkts)).toEqual([])
  })
})
