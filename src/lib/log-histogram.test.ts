import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mulberry32 } from './hash.ts'
import { LogHistogram } from './log-histogram.ts'

describe('LogHistogram', () => {
  it('reports quantiles within its relative error of the exact ones', () => {
    const rnd = mulberry32(21)
    const h = new LogHistogram()
    const values: number[] = []
    for (let i = 0; i < 20_000; i++) {
      const v = Math.exp(Math.log(1e-4) + rnd() * Math.log(1e5)) // log-uniform, 0.1 ms .. 10 s
      values.push(v)
      h.add(v)
    }
    values.sort((a, b) => a - b)
    for (const q of [0.01, 0.5, 0.9, 0.99, 1]) {
      const exact = values[Math.max(0, Math.ceil(q * values.length) - 1)]
      expect(Math.abs(h.quantile(q) - exact) / exact).toBeLessThanOrEqual(h.relativeError + 1e-9)
    }
  })

  it('ignores unknown values, counts zeros, and is NaN when empty', () => {
    const h = new LogHistogram()
    expect(h.quantile(0.5)).toBeNaN()
    h.add(Number.NaN)
    h.add(-1)
    h.add(Infinity)
    expect(h.count).toBe(0)
    h.add(0)
    h.add(0)
    h.add(5)
    expect(h.quantile(0.5)).toBe(0)
    expect(h.quantile(1)).toBe(5)
  })

  it('merging equals the histogram of the union (property)', () => {
    const pos = fc.double({ min: 0, max: 2000, noNaN: true })
    fc.assert(
      fc.property(fc.array(pos), fc.array(pos), (a, b) => {
        const x = new LogHistogram()
        const y = new LogHistogram()
        const u = new LogHistogram()
        a.forEach((v) => { x.add(v); u.add(v) })
        b.forEach((v) => { y.add(v); u.add(v) })
        x.merge(y)
        expect(Array.from(x.counts)).toEqual(Array.from(u.counts))
        expect(x.quantile(0.5)).toEqual(u.quantile(0.5))
      }),
      { seed: 5, numRuns: 100 },
    )
  })
})
