import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../lib/hash.ts'
import { WindowPairs } from './window-pairs.ts'

describe('WindowPairs', () => {
  it('answers newness per level with nested windows and counts exactly while the table has room', () => {
    const p = new WindowPairs(3)
    p.ensureHosts(10)
    p.openWindow(0, 1)
    p.openWindow(1, 1)
    p.openWindow(2, 1)
    expect(p.add(1, 100)).toBe(true)
    expect(p.add(1, 100)).toBe(false)
    expect(p.add(1, 101)).toBe(true)
    // A new finest window: (1, 100) is new there but not in the coarser windows.
    p.openWindow(0, 2)
    expect(p.add(1, 100)).toBe(false)
    expect([p.count(0, 1), p.count(1, 1), p.count(2, 1)]).toEqual([1, 2, 2])
    // A new coarsest window makes every pair new again, in every level opened with it.
    p.openWindow(0, 3)
    p.openWindow(1, 2)
    p.openWindow(2, 2)
    expect(p.add(1, 100)).toBe(true)
    expect([p.count(0, 1), p.count(1, 1), p.count(2, 1)]).toEqual([1, 1, 1])
    expect(p.count(0, 2)).toBe(0)
  })

  it('past its capacity, adds the sketched remainder within the HyperLogLog error', () => {
    const p = new WindowPairs(1, 1000, 12)
    p.ensureHosts(4)
    p.openWindow(0, 1)
    const rnd = mulberry32(8)
    const truth = new Set<number>()
    for (let i = 0; i < 60_000; i++) {
      const v = Math.floor(rnd() * 30_000)
      truth.add(v)
      p.add(3, v)
    }
    expect(p.untracked).toBe(0)
    expect(Math.abs(p.count(0, 3) - truth.size) / truth.size).toBeLessThan(3 * p.sketchError)
  })

  it('counts what neither the table nor the sketch pool could take as untracked', () => {
    const p = new WindowPairs(1, 16, 10, 1)
    p.ensureHosts(40)
    p.openWindow(0, 1)
    for (let host = 1; host <= 30; host++) p.add(host, 7)
    // 16 exact, host 17 gets the single sketch, 13 hosts untracked.
    expect(p.untracked).toBe(13)
    expect(p.count(0, 1)).toBe(1)
    expect(p.count(0, 17)).toBe(1)
    expect(p.count(0, 30)).toBe(0)
  })

  it('skips a level once it is dropped', () => {
    const p = new WindowPairs(2)
    p.ensureHosts(4)
    p.openWindow(0, 1)
    p.openWindow(1, 1)
    p.add(1, 5)
    p.dropLevel(0)
    p.add(1, 6)
    expect(p.count(1, 1)).toBe(2)
  })

  it('agrees with per-window sets through nested window changes, repeats and a dropped level (fast-check seed 11)', () => {
    // Ops: 0..5 add a pair from a small space (so pairs recur within a window, as the recent-pair cache expects);
    // 6 opens a new window at level 0, 7 at levels 0-1, 8 at all levels (nesting as windows.ts does); 9 drops level 0.
    const op = fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 9 }))
    fc.assert(
      fc.property(fc.array(op, { maxLength: 1500 }), (ops) => {
        const L = 3
        const p = new WindowPairs(L)
        p.ensureHosts(8)
        const serial = [1, 1, 1]
        const sets: Set<string>[] = [new Set(), new Set(), new Set()]
        let first = 0
        for (let k = 0; k < L; k++) p.openWindow(k, 1)
        for (const [kind, key, value] of ops) {
          if (kind <= 5) {
            const pair = `${key},${value}`
            const isNew = !sets[L - 1].has(pair)
            for (let k = first; k < L; k++) sets[k].add(pair)
            expect(p.add(key, value)).toBe(isNew)
          } else if (kind <= 8) {
            const upTo = kind - 6
            for (let k = first; k <= upTo; k++) {
              serial[k]++
              sets[k] = new Set()
              p.openWindow(k, serial[k])
            }
          } else if (first === 0) {
            p.dropLevel(0)
            first = 1
          }
        }
        for (let k = first; k < L; k++) {
          for (let key = 1; key <= 6; key++) {
            const expected = [...sets[k]].filter((pair) => pair.startsWith(`${key},`)).length
            expect(p.count(k, key)).toBe(expected)
          }
        }
      }),
      { seed: 11, numRuns: 200 },
    )
  })
})
