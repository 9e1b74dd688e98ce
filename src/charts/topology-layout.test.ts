import { describe, expect, it } from 'vitest'
import { defaultTicks, layoutGraph } from './topology-layout.ts'

const ring = (n: number) => ({
  nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, radius: 5 })),
  edges: Array.from({ length: n }, (_, i) => ({ source: `n${i}`, target: `n${(i + 1) % n}` })),
})

describe('layoutGraph', () => {
  it('is deterministic for a seed, finite, and centred (the chart zooms to fit)', () => {
    const { nodes, edges } = ring(40)
    const a = layoutGraph(nodes, edges, { width: 400, height: 300, seed: 3 })
    const b = layoutGraph(nodes, edges, { width: 400, height: 300, seed: 3 })
    expect([...a]).toEqual([...b])
    let sx = 0
    let sy = 0
    for (const p of a.values()) {
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true)
      sx += p.x
      sy += p.y
    }
    expect(sx / a.size).toBeCloseTo(200, 0)
    expect(sy / a.size).toBeCloseTo(150, 0)
  })

  it('pulls linked nodes closer than unlinked ones', () => {
    const { nodes, edges } = ring(30)
    const p = layoutGraph(nodes, edges, { width: 600, height: 600 })
    const d = (a: string, b: string): number => Math.hypot((p.get(a)?.x ?? 0) - (p.get(b)?.x ?? 0), (p.get(a)?.y ?? 0) - (p.get(b)?.y ?? 0))
    expect(d('n0', 'n1')).toBeLessThan(d('n0', 'n15'))
  })

  it('on an update pins known nodes and places new ones next to their neighbours', () => {
    const { nodes, edges } = ring(20)
    const first = layoutGraph(nodes, edges, { width: 400, height: 400 })
    const grown = [...nodes, { id: 'new', radius: 5 }]
    const next = layoutGraph(grown, [...edges, { source: 'new', target: 'n4' }], { width: 400, height: 400, previous: first })
    for (const [id, p] of first) expect(next.get(id)).toEqual(p)
    const n4 = first.get('n4') ?? { x: NaN, y: NaN }
    const fresh = next.get('new') ?? { x: NaN, y: NaN }
    expect(Math.hypot(fresh.x - n4.x, fresh.y - n4.y)).toBeLessThan(80)
  })

  it('ignores edges to unknown nodes and self-loops, and handles empty input', () => {
    expect(layoutGraph([], [{ source: 'a', target: 'b' }], { width: 10, height: 10 }).size).toBe(0)
    const p = layoutGraph([{ id: 'a', radius: 1 }], [{ source: 'a', target: 'a' }, { source: 'a', target: 'zz' }], { width: 100, height: 100 })
    expect(p.get('a')).toEqual({ x: 50, y: 50 })
  })

  it('spends about 150k node-ticks at most', () => {
    expect(defaultTicks(100)).toBe(300)
    expect(defaultTicks(1000)).toBe(150)
    expect(defaultTicks(5000)).toBe(30)
    expect(defaultTicks(100_000)).toBe(30)
  })
})
