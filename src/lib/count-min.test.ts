import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CountMinSketch } from './count-min.ts'
import { mulberry32 } from './hash.ts'

describe('CountMinSketch', () => {
  it('never undercounts, and overcounts by more than epsilon*N for at most a delta fraction of keys', () => {
    const rnd = mulberry32(11)
    const cm = new CountMinSketch(0.001, 0.01)
    const truth = new Map<number, number>()
    // A skewed stream: 200,000 draws over 50,000 keys, key ~ floor(50000 * u^3).
    for (let i = 0; i < 200_000; i++) {
      const k = Math.floor(50_000 * rnd() ** 3)
      const w = 1 + Math.floor(rnd() * 1500)
      cm.add(k, w)
      truth.set(k, (truth.get(k) ?? 0) + w)
    }
    const bound = cm.bound()
    expect(bound.total).toBe([...truth.values()].reduce((a, b) => a + b, 0))
    let over = 0
    for (const [k, v] of truth) {
      const e = cm.estimate(k)
      expect(e).toBeGreaterThanOrEqual(v)
      if (e - v > bound.maxOvercount) over++
    }
    expect(over / truth.size).toBeLessThanOrEqual(bound.delta)
  })

  it('merging equals the sketch of both streams (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1000), fc.integer({ min: 1, max: 100 }))), fc.array(fc.tuple(fc.nat(1000), fc.integer({ min: 1, max: 100 }))), (a, b) => {
        const x = new CountMinSketch(0.05, 0.05)
        const y = new CountMinSketch(0.05, 0.05)
        const u = new CountMinSketch(0.05, 0.05)
        a.forEach(([k, w]) => { x.add(k, w); u.add(k, w) })
        b.forEach(([k, w]) => { y.add(k, w); u.add(k, w) })
        x.merge(y)
        expect(Array.from(x.counters)).toEqual(Array.from(u.counters))
        expect(x.total).toBe(u.total)
      }),
      { seed: 7, numRuns: 100 },
    )
  })

  it('sizes itself from epsilon and delta and ignores non-positive weights', () => {
    const cm = new CountMinSketch(0.01, 0.001)
    expect(cm.width).toBe(Math.ceil(Math.E / 0.01))
    expect(cm.depth).toBe(Math.ceil(Math.log(1000)))
    cm.add(5, 0)
    cm.add(5, -3)
    cm.add(5, Number.NaN)
    expect(cm.total).toBe(0)
    expect(cm.estimate(5)).toBe(0)
  })
})
