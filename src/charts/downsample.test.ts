import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bandPath, linePath } from './downsample.ts'

const identity = (v: number): number => v

/** Parses "M1,2L3,4..." into [x, y] points and counts pen lifts (M commands). */
function points(d: string): { pts: [number, number][]; moves: number } {
  const pts: [number, number][] = []
  let moves = 0
  for (const m of d.matchAll(/([MLZ])(?:(-?[\d.e]+),(-?[\d.e]+))?/g)) {
    if (m[1] === 'M') moves++
    if (m[2] !== undefined) pts.push([Number(m[2]), Number(m[3])])
  }
  return { pts, moves }
}

describe('linePath', () => {
  it('keeps every point of a short series', () => {
    expect(linePath([0, 1, 2], [5, 6, 7], identity, identity, 10)).toBe('M0,5L1,6L2,7')
  })

  it('breaks the line at non-finite values instead of drawing them', () => {
    expect(linePath([0, 1, 2, 3], [1, NaN, 3, 4], identity, identity, 10)).toBe('M0,1M2,3L3,4')
  })

  it('keeps first, min, max and last of each pixel column, in time order', () => {
    // 10 columns, 100 points: x = i / 10.
    const times = Array.from({ length: 100 }, (_, i) => i / 10)
    const values = times.map((_, i) => [3, 9, 1, 4, 4, 4, 4, 4, 4, 5][i % 10] + Math.floor(i / 10))
    const { pts } = points(linePath(times, values, identity, identity, 10))
    expect(pts.slice(0, 4)).toEqual([[0, 3], [0.1, 9], [0.2, 1], [0.9, 5]])
    expect(pts).toHaveLength(40)
  })

  it('property: per column, the drawn min and max equal the data min and max, with at most 4 points', () => {
    const column = fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 3, maxLength: 50 })
    fc.assert(
      fc.property(fc.array(column, { minLength: 1, maxLength: 20 }), fc.integer({ min: 3, max: 50 }), (cols, perCol) => {
        // Column c holds perCol points at x = c + j / perCol (j / perCol <= 0.98 survives 2-decimal rounding).
        const times: number[] = []
        const values: number[] = []
        cols.forEach((col, c) => {
          for (let j = 0; j < perCol; j++) {
            times.push(c + j / perCol)
            values.push(col[j % col.length])
          }
        })
        const { pts } = points(linePath(times, values, identity, identity, cols.length))
        const round = (v: number): number => Math.round(v * 100) / 100 + 0
        for (let c = 0; c < cols.length; c++) {
          const data = values.slice(c * perCol, (c + 1) * perCol)
          const drawn = pts.filter(([x]) => Math.floor(x) === c).map(([, y]) => y + 0)
          expect(Math.min(...drawn)).toBe(round(Math.min(...data)))
          expect(Math.max(...drawn)).toBe(round(Math.max(...data)))
          expect(drawn.length).toBeLessThanOrEqual(4)
          expect(drawn[0]).toBe(round(data[0]))
          expect(drawn[drawn.length - 1]).toBe(round(data[data.length - 1]))
        }
      }),
      { seed: 20240301, numRuns: 200 },
    )
  })
})

describe('bandPath', () => {
  it('closes one polygon per run of finite bounds', () => {
    const d = bandPath([0, 1, 2, 3], [1, 1, NaN, 2], [5, 6, 7, 8], identity, identity, 10)
    expect(d).toBe('M0,5L1,6L1,1L0,1ZM3,8L3,2Z')
  })

  it('keeps each column at least as wide as its data when reducing', () => {
    const times = Array.from({ length: 1000 }, (_, i) => i / 100) // 10 columns
    const lower = times.map((t) => -t - (Math.floor(t * 100) % 7))
    const upper = times.map((t) => t + (Math.floor(t * 100) % 5))
    const { pts, moves } = points(bandPath(times, lower, upper, identity, identity, 10))
    expect(moves).toBe(1)
    expect(pts.length).toBeLessThanOrEqual(4 * 10)
    expect(Math.max(...pts.map(([, y]) => y))).toBe(Math.max(...upper))
    expect(Math.min(...pts.map(([, y]) => y))).toBe(Math.round(Math.min(...lower) * 100) / 100)
  })
})
