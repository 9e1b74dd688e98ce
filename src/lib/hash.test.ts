import { describe, expect, it } from 'vitest'
import { fmix32, hashPair, hashUnorderedEndpoints, hashWord, mulberry32 } from './hash.ts'

describe('hash', () => {
  it('fmix32 gives distinct outputs for 100,000 consecutive inputs (it is a bijection)', () => {
    const seen = new Set<number>()
    for (let i = 0; i < 100_000; i++) seen.add(fmix32(i))
    expect(seen.size).toBe(100_000)
  })

  it('spreads consecutive ids evenly over 64 buckets (chi-square well below the 0.1% critical value)', () => {
    const buckets = new Float64Array(64)
    const n = 64_000
    for (let i = 0; i < n; i++) buckets[hashWord(i) >>> 26]++
    let chi = 0
    for (const b of buckets) chi += (b - n / 64) ** 2 / (n / 64)
    expect(chi).toBeLessThan(103) // chi-square, 63 degrees of freedom, p = 0.001
  })

  it('hashPair depends on order, the unordered endpoint hash does not', () => {
    expect(hashPair(1, 2)).not.toBe(hashPair(2, 1))
    expect(hashUnorderedEndpoints(5, 80, 9, 40000)).toBe(hashUnorderedEndpoints(9, 40000, 5, 80))
    expect(hashUnorderedEndpoints(5, 80, 9, 40000)).not.toBe(hashUnorderedEndpoints(5, 40000, 9, 80))
  })

  it('mulberry32 is deterministic per seed and stays in [0, 1)', () => {
    const a = mulberry32(7)
    const b = mulberry32(7)
    for (let i = 0; i < 1000; i++) {
      const x = a()
      expect(x).toBe(b())
      expect(x >= 0 && x < 1).toBe(true)
    }
  })
})
