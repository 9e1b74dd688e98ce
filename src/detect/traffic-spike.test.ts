import { describe, expect, it } from 'vitest'
import { defaultParams } from './detector.ts'
import { contextOf, rng, udpExchange, type Pkt } from './test-traffic.ts'
import { tailLevel, trafficSpike } from './traffic-spike.ts'

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

  it('leaves bursts as tall as the reference\'s usual ones alone, and flags one far beyond them', () => {
    // Ordinary traffic with a bulk transfer every 10 s (a tenth of the windows): heavy-tailed, not spiky.
    const bursts = (extraAt: number | null): Pkt[] => {
      const out = steady(240, 40)
      for (let s = 5; s < 240; s += 10) {
        const rate = s === extraAt ? 3000 : 400
        for (let k = 0; k < rate; k++) out.push({ t: T0 + s + k / rate, src: '10.0.0.98:5000', dst: '10.0.0.50:7002', proto: 'udp', len: 1000 })
      }
      return out
    }
    const p = defaultParams(trafficSpike)
    expect(trafficSpike.run(contextOf(bursts(null), 0.3), p)).toEqual([])
    const alerts = trafficSpike.run(contextOf(bursts(205), 0.3), p)
    expect(alerts).toHaveLength(1)
    expect(alerts[0].start).toBeLessThanOrEqual(T0 + 205)
    expect(alerts[0].end).toBeGreaterThan(T0 + 205)
  })

  it('sets the tail level from the median and p95, higher for a smaller per-window share', () => {
    expect(tailLevel(100, 100, 0.001)).toBe(100)
    const loose = tailLevel(100, 200, 0.01)
    const strict = tailLevel(100, 200, 0.0001)
    // Exponential through (median, 0.5) and (p95, 0.05): b = 100 / ln 10; at 0.005 the level is one b-decade past p95.
    expect(tailLevel(100, 200, 0.005)).toBeCloseTo(300, 6)
    expect(loose).toBeGreaterThan(200)
    expect(strict).toBeGreaterThan(loose)
  })
})
