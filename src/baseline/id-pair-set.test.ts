import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addCapped, groupByFirst, IdPairSet } from './id-pair-set.ts'

describe('IdPairSet', () => {
  it('holds what a Set of pair texts holds, in insertion order, through rehashes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 31 - 1 })), { maxLength: 3000 }), (pairs) => {
        const set = new IdPairSet()
        const reference = new Map<string, [number, number]>()
        for (const [a, b] of pairs) {
          const key = `${a},${b}`
          expect(set.add(a, b)).toBe(!reference.has(key))
          reference.set(key, reference.get(key) ?? [a, b])
        }
        expect(set.size).toBe(reference.size)
        const held = [...reference.values()]
        for (let i = 0; i < set.size; i++) expect([set.firstAt(i), set.secondAt(i)]).toEqual(held[i])
        for (const [a, b] of pairs) expect(set.has(a, b)).toBe(true)
        expect(set.has(41, 0)).toBe(false)
      }),
      { seed: 6, numRuns: 60 },
    )
  })

  it('addCapped answers as a per-owner Set filled only below its cap', () => {
    const set = new IdPairSet()
    const counts = new Int32Array(2)
    const sets = [new Set<number>(), new Set<number>()]
    let seed = 11
    for (let k = 0; k < 2000; k++) {
      seed = (seed * 1103515245 + 12345) % 2147483648
      const owner = seed & 1
      const value = (seed >>> 4) % 300
      const expected = sets[owner].size < 100 ? (sets[owner].add(value), true) : sets[owner].has(value)
      expect(addCapped(set, counts, owner, value, 100)).toBe(expected)
      expect(counts[owner]).toBe(sets[owner].size)
    }
  })

  it('groups second members by first member in insertion order', () => {
    const set = new IdPairSet()
    for (const [a, b] of [[2, 9], [0, 5], [2, 1], [0, 5], [3, 7], [0, 4]]) set.add(a, b)
    const { start, values } = groupByFirst(set, 4)
    expect([...start]).toEqual([0, 2, 2, 4, 5])
    expect([...values]).toEqual([5, 4, 9, 1, 7])
  })
})
