import { describe, expect, it } from 'vitest'
import { defaultParams } from './detector.ts'
import { contextOf, rng, udpExchange, type Pkt } from './test-traffic.ts'
import { trafficSpike } from './traffic-spike.ts'

const T0 = 1_700_000_000

/** Steady traffic: about `perSecond` packets each second for `seconds`, plus extra traffic in [from, to). */
function steady(seconds: number, perSecond: number, extra: { from: number; to: number; perSecond: number } | null = null): Pkt[] {
  const r = rng(5)
  const out: Pkt[] = []
  for (let s = 0; s < seconds; s++) {
    const n = perSecond / 2 + Math.floor(r() * 3)
    for (let k = 0; k < n; k++) out.push(...udpExchange(T0 + s + k / n, `10.0.0.${1 + (k % 9)}:${2000 + k}`, '10.0.0.50:7000'))
    if (extra !== null && s >= extra.from && s < extra.to) {
      for (let k = 0; k < extra.perSecond; k++) out.push({ t: T0 + s + k / extra.perSecond, src: '10.0.0.99:5000', dst: '10.0.0.50:7001', proto: 'udp', len: 1000 })
    }
  }
  return out
}

describe('traffic spike', () => {
  it('flags a burst of ten times the usual rate and names the sender', () => {
    const alerts = trafficSpike.run(contextOf(steady(120, 40, { from: 80, to: 83, perSecond: 600 })), defaultParams(trafficSpike))
    expect(alerts).toHaveLength(1)
    expect(alerts[0].src[0]).toBe('10.0.0.99')
    expect(alerts[0].baselineSource).toBe('self')
    expect(alerts[0].observed).toBeGreaterThan(alerts[0].baseline ?? Infinity)
  })

  it('stays quiet for steady traffic with ordinary jitter', () => {
    expect(trafficSpike.run(contextOf(steady(120, 40)), defaultParams(trafficSpike))).toEqual([])
  })

  it('flags a drop against a baseline learned from the first part', () => {
    const pkts = steady(120, 60).filter((p) => p.t < T0 + 90 || p.t >= T0 + 100 || p.src.startsWith('10.0.0.1:'))
    // Test traffic is light: the drop rule's minimum median is lowered to fit it.
    const alerts = trafficSpike.run(contextOf(pkts, 0.5), { ...defaultParams(trafficSpike), minPackets: 40 })
    expect(alerts.map((a) => a.explanation)).toEqual([expect.stringMatching(/fell/)])
    expect(alerts[0].baselineSource).toBe('baseline')
  })
})
