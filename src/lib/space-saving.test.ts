import { describe, expect, it } from 'vitest'
import { mulberry32 } from './hash.ts'
import { SpaceSaving } from './space-saving.ts'

function stream(seed: number, n: number, keys: number): [number, number][] {
  const rnd = mulberry32(seed)
  const out: [number, number][] = []
  for (let i = 0; i < n; i++) out.push([Math.floor(keys * rnd() ** 4), 1 + Math.floor(rnd() * 100)])
  return out
}

function exact(items: [number, number][]): Map<number, number> {
  const m = new Map<number, number>()
  for (const [k, w] of items) m.set(k, (m.get(k) ?? 0) + w)
  return m
}

describe('SpaceSaving', () => {
  it('brackets every monitored key and monitors every key heavier than N/k', () => {
    const items = stream(3, 100_000, 20_000)
    const ss = new SpaceSaving(100)
    for (const [k, w] of items) ss.add(k, w)
    const truth = exact(items)
    const total = [...truth.values()].reduce((a, b) => a + b, 0)
    expect(ss.total).toBe(total)
    const top = ss.top()
    for (const h of top) {
      const t = truth.get(h.key) ?? 0
      expect(h.count).toBeGreaterThanOrEqual(t)
      expect(h.count - h.error).toBeLessThanOrEqual(t)
      expect(h.count - t).toBeLessThanOrEqual(ss.maxOvercount)
    }
    const monitored = new Set(top.map((h) => h.key))
    for (const [k, v] of truth) if (v > total / 100) expect(monitored.has(k)).toBe(true)
  })

  it('finds the exact top 10 of a skewed stream', () => {
    const items = stream(5, 50_000, 5000)
    const ss = new SpaceSaving(200)
    for (const [k, w] of items) ss.add(k, w)
    const truth = [...exact(items)].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k]) => k)
    expect(ss.top(10).map((h) => h.key)).toEqual(truth)
  })

  it('a merged summary keeps the guarantees for the combined stream', () => {
    const a = stream(8, 30_000, 8000)
    const b = stream(9, 30_000, 8000)
    const x = new SpaceSaving(64)
    const y = new SpaceSaving(64)
    a.forEach(([k, w]) => x.add(k, w))
    b.forEach(([k, w]) => y.add(k, w))
    const m = x.merged(y)
    const truth = exact([...a, ...b])
    const total = [...truth.values()].reduce((s, v) => s + v, 0)
    expect(m.total).toBe(total)
    const monitored = new Set(m.top().map((h) => h.key))
    for (const h of m.top()) {
      const t = truth.get(h.key) ?? 0
      expect(h.count).toBeGreaterThanOrEqual(t)
      expect(h.count - t).toBeLessThanOrEqual(total / 64)
    }
    for (const [k, v] of truth) if (v > total / 64) expect(monitored.has(k)).toBe(true)
  })

  it('is exact while it has room', () => {
    const ss = new SpaceSaving(10)
    ss.add(1, 5)
    ss.add(2, 3)
    ss.add(1, 1)
    expect(ss.top()).toEqual([{ key: 1, count: 6, error: 0 }, { key: 2, count: 3, error: 0 }])
    expect(ss.estimate(3)).toBe(0)
  })
})
