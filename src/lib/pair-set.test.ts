import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PairSet } from './pair-set.ts'

describe('PairSet', () => {
  it('treats (a, b) and (b, a) as one pair, including the pairs the recent-pair cache starts out holding', () => {
    const s = new PairSet()
    expect(s.add(1, 0)).toBe(true)
    expect(s.add(0, 1)).toBe(false)
    expect(s.add(0, 0)).toBe(true)
    expect(s.add(0, 0)).toBe(false)
    expect(s.add(0xffffffff, 7)).toBe(true)
    expect(s.add(7, 0xffffffff)).toBe(false)
    expect(s.size).toBe(3)
    expect(s.has(1, 0) && s.has(0, 0) && s.has(7, 0xffffffff)).toBe(true)
    expect(s.has(2, 0)).toBe(false)
  })

  it('agrees with a Set of normalised pairs through growth and repeats (fast-check seed 7)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 })), { maxLength: 6000 }), (pairs) => {
        const s = new PairSet()
        const model = new Set<string>()
        for (const [x, y] of pairs) {
          const k = x < y ? `${x},${y}` : `${y},${x}`
          expect(s.add(x, y)).toBe(!model.has(k))
          model.add(k)
        }
        expect(s.size).toBe(model.size)
        const seen: string[] = []
        s.forEach((a, b) => seen.push(`${a},${b}`))
        expect(seen.sort()).toEqual([...model].sort())
        for (const k of model) {
          const [a, b] = k.split(',').map(Number)
          expect(s.has(b, a)).toBe(true)
        }
      }),
      { seed: 7, numRuns: 40 },
    )
  })
})
