import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { binWidth, overlapFraction, spreadInto } from './time-spread.ts'
import { orderBy } from './row-order.ts'

describe('spreading flows over time', () => {
  it('keeps the whole value when the bins cover the flow, in proportion to the overlap', () => {
    const out = new Float64Array(4)
    spreadInto(out, 100, 10, 105, 125, 200) // 5 s in bin 0, 10 s in bin 1, 5 s in bin 2
    expect([...out]).toEqual([50, 100, 50, 0])
    spreadInto(out, 100, 10, 131, 131, 7) // a one-packet flow lands in its bin
    expect(out[3]).toBe(7)
  })

  it('never creates or loses traffic inside the bins (property)', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }), (a, b, v) => {
      const [first, last] = a <= b ? [a, b] : [b, a]
      const out = new Float64Array(101)
      spreadInto(out, 0, 10, first, last, v)
      expect(out.reduce((s, x) => s + x, 0)).toBeCloseTo(v, 3)
    }), { seed: 7, numRuns: 500 })
  })

  it('gives the share of a flow inside a window', () => {
    expect(overlapFraction(0, 10, 5, 20)).toBeCloseTo(0.5)
    expect(overlapFraction(0, 10, 11, 20)).toBe(0)
    expect(overlapFraction(3, 3, 0, 5)).toBe(1)
  })

  it('picks round bin widths that keep to the bin budget', () => {
    expect(binWidth(0, 60, 60)).toBe(1)
    expect(binWidth(0, 3600, 60)).toBe(60)
    expect(binWidth(0, 0, 60)).toBe(0.001)
    expect(3600 / binWidth(0, 3600, 100)).toBeLessThanOrEqual(100)
  })
})

describe('row order', () => {
  it('sorts by key with ties by id, missing keys last in both directions', () => {
    const ids = Uint32Array.from([0, 1, 2, 3, 4])
    const keys = [5, NaN, 5, 1, 9]
    expect([...orderBy(ids, (id) => keys[id], false)]).toEqual([3, 0, 2, 4, 1])
    expect([...orderBy(ids, (id) => keys[id], true)]).toEqual([4, 0, 2, 3, 1])
  })
})
