import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mulberry32 } from './hash.ts'
import { HyperLogLog } from './hyperloglog.ts'

describe('HyperLogLog', () => {
  it('estimates 100,000 distinct values within 3 standard errors, for several seeds', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rnd = mulberry32(seed)
      const h = new HyperLogLog(12)
      const values = new Set<number>()
      while (values.size < 100_000) {
        const v = Math.floor(rnd() * 2 ** 32)
        values.add(v)
        h.add(v)
      }
      const rel = Math.abs(h.estimate() - 100_000) / 100_000
      expect(rel).toBeLessThan(3 * h.relativeStandardError) // 4.9 % at p = 12
    }
  })

  it('averages close to the truth: mean relative error over 20 seeds is within 1 standard error', () => {
    let sum = 0
    for (let seed = 100; seed < 120; seed++) {
      const h = new HyperLogLog(12)
      const base = seed * 1_000_000
      for (let i = 0; i < 100_000; i++) h.add(base + i)
      sum += Math.abs(h.estimate() - 100_000) / 100_000
    }
    expect(sum / 20).toBeLessThan(new HyperLogLog(12).relativeStandardError)
  })

  it('is nearly exact for small sets (linear counting) and ignores duplicates', () => {
    const h = new HyperLogLog(12)
    for (let rep = 0; rep < 5; rep++) for (let i = 0; i < 200; i++) h.add(i)
    expect(Math.abs(h.estimate() - 200)).toBeLessThan(4)
    expect(new HyperLogLog(12).estimate()).toBe(0)
  })

  it('merging two sketches equals the sketch of the union (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 300 }), fc.array(fc.nat(), { maxLength: 300 }), (a, b) => {
        const x = new HyperLogLog(8)
        const y = new HyperLogLog(8)
        const u = new HyperLogLog(8)
        a.forEach((v) => { x.add(v); u.add(v) })
        b.forEach((v) => { y.add(v); u.add(v) })
        x.merge(y)
        expect(Array.from(x.registers)).toEqual(Array.from(u.registers))
      }),
      { seed: 42, numRuns: 200 },
    )
  })

  it('refuses to merge sketches of different precision', () => {
    expect(() => new HyperLogLog(10).merge(new HyperLogLog(12))).toThrow(RangeError)
  })
})
