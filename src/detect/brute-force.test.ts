import { describe, expect, it } from 'vitest'
import { bruteForce } from './brute-force.ts'
import { defaultParams } from './detector.ts'
import { contextOf, synProbe, tcpSession, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000
const run = (pkts: Pkt[]) => bruteForce.run(contextOf(pkts), defaultParams(bruteForce))

describe('brute force', () => {
  it('raises 40 short SSH logins from one client', () => {
    const pkts: Pkt[] = []
    for (let i = 0; i < 40; i++) pkts.push(...tcpSession(T0 + i * 3, `10.0.0.66:${40000 + i}`, '10.0.0.22:22', { up: 900, down: 1200, requests: 3 }))
    const alerts = run(pkts)
    expect(alerts.map((a) => [a.category, a.src[0], a.dst[0], a.ports[0]])).toEqual([['brute-force', '10.0.0.66', '10.0.0.22', 22]])
    expect(alerts[0].mitre?.id).toBe('T1110.001')
  })

  it('does not raise 10 logins, nor 40 long working sessions', () => {
    const few: Pkt[] = []
    for (let i = 0; i < 10; i++) few.push(...tcpSession(T0 + i * 3, `10.0.0.66:${40000 + i}`, '10.0.0.22:22'))
    expect(run(few)).toEqual([])
    const work: Pkt[] = []
    for (let i = 0; i < 40; i++) work.push(...tcpSession(T0 + i * 100, `10.0.0.66:${40000 + i}`, '10.0.0.22:22', { up: 5000, down: 50000, requests: 5, gap: 10 }))
    expect(run(work)).toEqual([])
  })

  it('reports repeated refused connections on any port at low severity, but not a flood of them', () => {
    const retries: Pkt[] = []
    for (let i = 0; i < 60; i++) retries.push(...synProbe(T0 + i * 5, `10.0.0.30:${30000 + i}`, '10.0.0.40:8080', true))
    const a = run(retries)
    expect(a.map((x) => [x.severity, x.ports[0]])).toEqual([['low', 8080]])
    const burst: Pkt[] = []
    for (let i = 0; i < 600; i++) burst.push(...synProbe(T0 + i / 600, `10.0.0.30:${30000 + i}`, '10.0.0.40:8080', true))
    expect(run(burst)).toEqual([])
  })
})
