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
})
