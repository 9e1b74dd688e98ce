import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../lib/hash.ts'
import { DistinctPerKey } from './distinct-per-key.ts'

describe('DistinctPerKey', () => {
  it('counts exactly below the threshold and answers newness exactly', () => {
    const d = new DistinctPerKey(100)
    expect(d.add(1, 10)).toBe(true)
    expect(d.add(1, 10)).toBe(false)
    expect(d.add(1, 11)).toBe(true)
    expect(d.add(2, 10)).toBe(true)
    expect(d.count(1)).toBe(2)
    expect(d.count(2)).toBe(1)
    expect(d.count(3)).toBe(0)
    expect(d.isSketched(1)).toBe(false)
  })

  it('switches a key to HyperLogLog at the threshold and keeps its count within 3 standard errors', () => {
    const d = new DistinctPerKey(64, 10)
    const rnd = mulberry32(4)
    const truth = new Set<number>()
    for (let i = 0; i < 50_000; i++) {
      const v = Math.floor(rnd() * 20_000)
      truth.add(v)
      d.add(7, v)
      d.add(8, v % 10) // a small key next to it stays exact
    }
    expect(d.isSketched(7)).toBe(true)
    expect(d.promotedKeys).toBe(1)
    expect(Math.abs(d.count(7) - truth.size) / truth.size).toBeLessThan(3 * d.sketchError)
    expect(d.count(8)).toBe(10)
  })

  it('starts from zero after reset, also for sketched keys', () => {
    const d = new DistinctPerKey(4)
    for (let v = 0; v < 100; v++) d.add(1, v)
    d.reset()
    expect(d.count(1)).toBe(0)
    expect(d.isSketched(1)).toBe(false)
    expect(d.add(1, 5)).toBe(true)
    expect(d.count(1)).toBe(1)
  })

  it('grows its set and key arrays for many keys and values', () => {
    const d = new DistinctPerKey(1000)
    for (let k = 1; k < 5000; k += 3) for (let v = 0; v < 5; v++) d.add(k, v)
    for (let k = 1; k < 5000; k += 3) expect(d.count(k)).toBe(5)
  })
})
