import { describe, expect, it } from 'vitest'
import { IsolationForest } from './isolation-forest.ts'
import { rng } from './test-traffic.ts'

describe('isolation forest batch scoring', () => {
  const r = rng(5)
  const dims = 4
  const rows = 700
  const data = new Float64Array(rows * dims)
  for (let i = 0; i < data.length; i++) data[i] = r() * (i % dims === 3 ? 100 : 1)
  const forest = new IsolationForest(data, rows, dims, { trees: 24, subsample: 64, seed: 11 })
  // Points to score: ordinary rows, far outliers, and values the trees never saw (NaN goes right at every split).
  const n = 300
  const points = new Float64Array(n * dims)
  for (let i = 0; i < points.length; i++) points[i] = i % 37 === 0 ? 50 + r() * 1000 : i % 101 === 0 ? Number.NaN : r() * (i % dims === 3 ? 100 : 1)

  function one(i: number): Float64Array {
    return points.subarray(i * dims, (i + 1) * dims)
  }

  it('gives exactly scoreAbove for each point, early stops included', () => {
    for (const floor of [0.45, 0.5, 0.55, 2]) {
      const out = new Float64Array(n)
      forest.scoreManyAbove(points, n, floor, out)
      for (let i = 0; i < n; i++) expect(out[i]).toBe(forest.scoreAbove(one(i), floor))
    }
  })

  it('gives exactly score() with a floor of -Infinity, and honours other probe counts', () => {
    const out = new Float64Array(n)
    forest.scoreManyAbove(points, n, -Infinity, out)
    for (let i = 0; i < n; i++) expect(out[i]).toBe(forest.score(one(i)))
    forest.scoreManyAbove(points, n, 0.5, out, 3)
    for (let i = 0; i < n; i++) expect(out[i]).toBe(forest.scoreAbove(one(i), 0.5, 3))
  })

  it('scores only as many points as fit in both buffers', () => {
    const out = new Float64Array(5).fill(-1)
    forest.scoreManyAbove(points.subarray(0, 3 * dims), 10, -Infinity, out)
    expect(out[2]).toBe(forest.score(one(2)))
    expect(out[3]).toBe(-1)
  })
})
