import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_MAX_PAIRS, PairSet } from './pair-set.ts'

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

  it('stays exact up to its cap, then estimates within a few standard errors and says so', () => {
    const s = new PairSet(1000)
    for (let i = 0; i < 1000; i++) s.add(i, i + 1_000_000)
    expect(s.size).toBe(1000)
    expect(s.estimated).toBe(false)
    // Repeats of stored pairs, in either order, change nothing.
    for (let i = 0; i < 1000; i++) expect(s.add(i + 1_000_000, i)).toBe(false)
    expect(s.estimated).toBe(false)
    const extra = 200_000
    for (let i = 0; i < extra; i++) s.add(5_000_000 + i, 7_000_000 + (i % 9973))
    expect(s.estimated).toBe(true)
    const relErr = Math.abs(s.size - (1000 + extra)) / (1000 + extra)
    // 2^14 registers: standard error 0.8 %; 4 % is five of them.
    expect(relErr).toBeLessThan(0.04)
    // Pairs seen again (stored or sketched) are not counted twice.
    const before = s.size
    for (let i = 0; i < extra; i++) s.add(7_000_000 + (i % 9973), 5_000_000 + i)
    for (let i = 0; i < 1000; i++) s.add(i, i + 1_000_000)
    expect(s.size).toBe(before)
    // The table keeps exactly the first 1000 pairs.
    let listed = 0
    s.forEach(() => listed++)
    expect(listed).toBe(1000)
    expect(s.has(999, 1_000_999)).toBe(true)
    expect(s.has(5_000_000, 7_000_000)).toBe(false)
  })

  it('holds the default cap of pairs exactly, in a table that stops growing there', () => {
    const s = new PairSet()
    for (let i = 0; i < DEFAULT_MAX_PAIRS; i++) s.add(i, 0xffffffff - i)
    expect(s.size).toBe(DEFAULT_MAX_PAIRS)
    expect(s.estimated).toBe(false)
    s.add(0xfffffff, 0xffffff)
    expect(s.estimated).toBe(true)
    expect(s.size).toBe(DEFAULT_MAX_PAIRS + 1)
    // keys (2 x uint32) + used (1 byte) per slot: 2^19 slots at the cap, not 2^20.
    const bytes = (s as unknown as { keys: Uint32Array; used: Uint8Array }).keys.byteLength + (s as unknown as { used: Uint8Array }).used.byteLength
    expect(bytes).toBe(9 * 2 * DEFAULT_MAX_PAIRS)
  })

  it('treats a cap that is not a positive number as the default', () => {
    expect(new PairSet(0).maxPairs).toBe(DEFAULT_MAX_PAIRS)
    expect(new PairSet(Number.NaN).maxPairs).toBe(DEFAULT_MAX_PAIRS)
    expect(new PairSet(3.7).maxPairs).toBe(3)
  })
})
