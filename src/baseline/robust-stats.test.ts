import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bandOf, bandOfSparse, charEntropy, jensenShannon, mad, median, quantilesOf, robustZ } from './robust-stats.ts'

describe('robust statistics', () => {
  it('median and MAD ignore a minority of outliers', () => {
    const values = [10, 11, 9, 10, 12, 10, 1000, 9, 11, 10]
    expect(median(values)).toBe(10)
    expect(mad(values)).toBe(1)
    expect(robustZ(1000, 10, 1)).toBeGreaterThan(100)
  })

  it('falls back to the floor when the MAD is zero', () => {
    expect(robustZ(5, 0, 0, 1)).toBe(5)
  })

  it('returns null quantiles and an empty band for no data', () => {
    expect(quantilesOf([])).toBeNull()
    expect(bandOf([]).windows).toBe(0)
  })

  it('gives the same band from the sparse form as from the dense series', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.array(fc.tuple(fc.nat(79), fc.double({ min: 0, max: 1e6, noNaN: true })), { maxLength: 40 }), (windows, entries) => {
        const dense = new Float64Array(windows)
        const byWindow = new Map<number, number>()
        for (const [w, v] of entries) if (w < windows) byWindow.set(w, v)
        const active = [...byWindow.keys()].sort((a, b) => a - b)
        for (const w of active) dense[w] = byWindow.get(w) ?? 0
        const a = bandOf(dense)
        const b = bandOfSparse(active, active.map((w) => byWindow.get(w) ?? 0), windows)
        for (const k of ['median', 'mad', 'p95', 'max', 'ewma', 'ewmStd'] as const) expect(b[k]).toBeCloseTo(a[k], 6)
        expect(b.windows).toBe(a.windows)
      }),
      { seed: 6, numRuns: 300 },
    )
  })

  it('measures character entropy and Jensen-Shannon divergence in bits', () => {
    expect(charEntropy('aaaa')).toBe(0)
    expect(charEntropy('abcd')).toBeCloseTo(2, 10)
    const a = new Map([['tcp', 1]])
    const b = new Map([['udp', 1]])
    expect(jensenShannon(a, a)).toBe(0)
    expect(jensenShannon(a, b)).toBeCloseTo(1, 10)
    expect(jensenShannon(new Map([['tcp', 3], ['udp', 1]]), new Map([['tcp', 1], ['udp', 1]]))).toBeGreaterThan(0)
  })
})
