import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BloomFilter, ScalableBloomFilter } from './bloom.ts'

describe('BloomFilter', () => {
  it('has no false negatives and a false-positive rate near the target at capacity', () => {
    const f = new BloomFilter(50_000, 0.01)
    for (let i = 0; i < 50_000; i++) f.add(i, 7)
    for (let i = 0; i < 50_000; i++) expect(f.has(i, 7)).toBe(true)
    let fp = 0
    const trials = 100_000
    for (let i = 0; i < trials; i++) if (f.has(i, 8)) fp++
    const rate = fp / trials
    expect(rate).toBeGreaterThan(0.005)
    expect(rate).toBeLessThan(0.015)
    expect(Math.abs(f.estimatedFpr() - rate)).toBeLessThan(0.005)
  })

  it('stays near a low target too (the blocked layout is sized by its own rate model)', () => {
    const f = new BloomFilter(40_000, 0.001)
    for (let i = 0; i < 40_000; i++) f.add(i, 3)
    let fp = 0
    const trials = 400_000
    for (let i = 0; i < trials; i++) if (f.has(i, 4)) fp++
    expect(fp / trials).toBeLessThan(0.0015)
    expect(Math.abs(f.estimatedFpr() - fp / trials)).toBeLessThan(0.0005)
  })

  it('reports first insertion as new and repeats as seen', () => {
    const f = new BloomFilter(1000, 0.001)
    expect(f.add(1, 2)).toBe(true)
    expect(f.add(1, 2)).toBe(false)
    expect(f.count).toBe(1)
  })

  it('merging equals the filter of the union (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat())), fc.array(fc.tuple(fc.nat(), fc.nat())), (a, b) => {
        const x = new BloomFilter(500, 0.01)
        const y = new BloomFilter(500, 0.01)
        const u = new BloomFilter(500, 0.01)
        a.forEach(([p, q]) => { x.add(p, q); u.add(p, q) })
        b.forEach(([p, q]) => { y.add(p, q); u.add(p, q) })
        x.merge(y)
        expect(Array.from(x.bits)).toEqual(Array.from(u.bits))
      }),
      { seed: 3, numRuns: 100 },
    )
  })
})

describe('ScalableBloomFilter', () => {
  it('keeps the compound false-positive rate under the target at 20x its initial capacity', () => {
    const f = new ScalableBloomFilter(5000, 0.01)
    let fresh = 0
    for (let i = 0; i < 100_000; i++) if (f.add(i, 1)) fresh++
    expect(f.stages).toBeGreaterThan(3)
    // A false positive at insertion hides a new item, so "fresh" undercounts by at most the rate.
    expect(fresh).toBeGreaterThan(100_000 * (1 - 0.01))
    for (let i = 0; i < 100_000; i += 7) expect(f.has(i, 1)).toBe(true)
    let fp = 0
    for (let i = 0; i < 100_000; i++) if (f.has(i, 2)) fp++
    expect(fp / 100_000).toBeLessThan(0.01)
    expect(f.estimatedFpr()).toBeLessThan(0.01)
  })
})
