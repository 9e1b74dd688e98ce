import { describe, expect, it } from 'vitest'
import { anomalyScore, tailThreshold } from './anomaly-score.ts'
import { defaultParams } from './detector.ts'
import { IsolationForest } from './isolation-forest.ts'
import { contextOf, officeTraffic, rng, tcpSession, type Pkt } from './test-traffic.ts'

describe('isolation forest', () => {
  const r = rng(1)
  const rows = 500
  const data = new Float64Array(rows * 3)
  for (let i = 0; i < data.length; i++) data[i] = r()
  // One outlier in the data, as an unsupervised forest sees it.
  data.set([0.5, 0.5, 9], 0)
  const forest = new IsolationForest(data, rows, 3, { trees: 100, seed: 3 })

  it('scores an outlier far above ordinary points, the same on every run', () => {
    const inlier = forest.score([0.5, 0.5, 0.5])
    const outlier = forest.score([0.5, 0.5, 9])
    expect(outlier).toBeGreaterThan(0.65)
    expect(inlier).toBeLessThan(0.5)
    expect(new IsolationForest(data, rows, 3, { trees: 100, seed: 3 }).score([0.5, 0.5, 9])).toBe(outlier)
    expect(forest.scoreAbove([0.5, 0.5, 9], 0.5)).toBeCloseTo(outlier, 10)
  })

  it('credits the feature that isolates the outlier', () => {
    const contributions = new Float64Array(3)
    forest.score([0.5, 0.5, 9], contributions)
    expect(contributions[2]).toBeGreaterThan(contributions[0])
    expect(contributions[2]).toBeGreaterThan(contributions[1])
    expect(contributions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10)
  })
})

describe('anomaly score', () => {
  it('singles out a huge long upload among office flows and names its features', () => {
    const pkts: Pkt[] = [...officeTraffic(1_700_000_000, 400, 12), ...tcpSession(1_700_000_300, '10.0.0.13:55555', '203.0.113.9:6667', { up: 30000, down: 10, requests: 300, gap: 0.5 })]
    const alerts = anomalyScore.run(contextOf(pkts), defaultParams(anomalyScore))
    expect(alerts.length).toBeGreaterThan(0)
    expect(alerts[0].src[0]).toBe('10.0.0.13')
    expect(alerts[0].explanation).toMatch(/log bytes sent|byte asymmetry|log duration|log packets sent/)
  })

  it('needs enough flows to learn from', () => {
    expect(anomalyScore.run(contextOf(officeTraffic(1_700_000_000, 20, 12)), defaultParams(anomalyScore))).toEqual([])
  })
})

describe('anomaly score level per hour', () => {
  // Scores of ordinary flows: 0.35 .. 0.55 with an exponential-looking upper tail.
  const r = rng(11)
  const scores = Array.from({ length: 5000 }, () => 0.35 + Math.min(0.6, -0.03 * Math.log(1 - r())))

  it('rises with the flows tested and falls with the alarms allowed', () => {
    const few = tailThreshold(scores, 1000, 0.2)
    const many = tailThreshold(scores, 1_000_000, 0.2)
    const generous = tailThreshold(scores, 1_000_000, 20)
    expect(many).toBeGreaterThan(few)
    expect(generous).toBeLessThan(many)
  })

  it('lets ordinary flows like the reference pass it about as often as allowed', () => {
    const tested = 200_000
    const level = tailThreshold(scores, tested, 2)
    const fresh = rng(12)
    let above = 0
    for (let k = 0; k < tested; k++) if (0.35 + Math.min(0.6, -0.03 * Math.log(1 - fresh())) > level) above++
    // Expected 2; the exponential fit of the top 10% is not exact, so allow a few either way, never dozens.
    expect(above).toBeLessThanOrEqual(8)
  })

  it('gives no level from too few reference scores', () => {
    expect(tailThreshold(scores.slice(0, 10), 1000, 0.2)).toBe(Infinity)
  })
})
