// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TopologyEdge } from './topology-collapse.ts'
import { createEdgeLines, type EdgeStyle } from './topology-lines.ts'
import type { Point } from './topology-layout.ts'

/** Animation frames run only when the test says so. */
function manualFrames(): { run: () => void; pending: () => number } {
  let queue: FrameRequestCallback[] = []
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => queue.push(f))
  vi.stubGlobal('cancelAnimationFrame', () => { queue = [] })
  return {
    run: () => {
      const now = queue
      queue = []
      for (const f of now) f(0)
    },
    pending: () => queue.length,
  }
}

const at: Record<string, Point> = { a: { x: 1, y: 2 }, b: { x: 3, y: 4 }, c: { x: 5, y: 6 }, d: { x: 7, y: 8 } }
const style = (dimmed = false): EdgeStyle => ({ pos: (id) => at[id] ?? { x: 0, y: 0 }, width: (e) => e.weight, dimmed: () => dimmed })
const edge = (source: string, target: string, weight = 1): TopologyEdge => ({ source, target, weight })
const all = [edge('a', 'b', 4), edge('a', 'c', 3), edge('b', 'c', 2), edge('c', 'd', 1), edge('a', 'd', 0.5)]

function layer(): SVGGElement {
  const g = document.createElementNS('http://www.w3.org/2000/svg', 'g')
  document.body.append(g)
  return g
}
const drawn = (g: SVGGElement): string[] => [...g.querySelectorAll('line')]
  .map((l) => ['stroke-width', 'x1', 'y1', 'x2', 'y2', 'opacity'].map((a) => l.getAttribute(a) ?? '-').join(' '))

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('edge lines', () => {
  it('draws a slice per frame and ends with the same lines as a join at once', () => {
    const frames = manualFrames()
    const whole = layer()
    createEdgeLines(whole).join(all, style())
    const sliced = layer()
    createEdgeLines(sliced).join(all, style(), 2)
    expect(sliced.querySelectorAll('line')).toHaveLength(2)
    frames.run()
    expect(sliced.querySelectorAll('line')).toHaveLength(4)
    frames.run()
    expect(frames.pending()).toBe(0)
    expect(drawn(sliced)).toEqual(drawn(whole))
    expect(drawn(whole)[0]).toBe('4 1 2 3 4 -')
  })

  it('a new join replaces one in progress and leaves no stray line', () => {
    const frames = manualFrames()
    const g = layer()
    const lines = createEdgeLines(g)
    lines.join(all, style())
    lines.join([edge('b', 'd'), edge('c', 'a'), edge('d', 'a'), edge('d', 'b')], style(), 1)
    lines.place(style(true)) // dims the old lines and the new one already drawn
    lines.join([edge('a', 'b', 2)], style(), 1)
    frames.run()
    expect(drawn(g)).toEqual(['2 1 2 3 4 -'])
    lines.place(style(true))
    expect(drawn(g)).toEqual(['2 1 2 3 4 0.2'])
  })

  it('a staged join draws nothing in this task, then a slice per frame, and says when the last line is in', () => {
    const frames = manualFrames()
    const g = layer()
    let done = 0
    createEdgeLines(g).join(all, style(), 2, { fromNextFrame: true, onDone: () => done++ })
    expect(g.querySelectorAll('line')).toHaveLength(0)
    expect(frames.pending()).toBe(1)
    const counts: number[] = []
    while (frames.pending() > 0) {
      frames.run()
      counts.push(g.querySelectorAll('line').length)
    }
    expect(counts).toEqual([2, 4, 5])
    expect(done).toBe(1)
    const whole = layer()
    createEdgeLines(whole).join(all, style())
    expect(drawn(g)).toEqual(drawn(whole))
  })

  it('a staged join that is replaced never reports done', () => {
    const frames = manualFrames()
    const g = layer()
    const lines = createEdgeLines(g)
    let done = 0
    lines.join(all, style(), 2, { fromNextFrame: true, onDone: () => done++ })
    frames.run()
    lines.join([edge('a', 'b')], style())
    frames.run()
    expect(done).toBe(0)
    expect(drawn(g)).toEqual(['1 1 2 3 4 -'])
  })

  it('moves only the lines at a dragged node', () => {
    const g = layer()
    const lines = createEdgeLines(g)
    lines.join(all, style())
    const moved: Record<string, Point> = { ...at, d: { x: 70, y: 80 } }
    lines.placeAt('d', (id) => moved[id] ?? { x: 0, y: 0 })
    expect(drawn(g).filter((l) => l.includes('70 80'))).toEqual(['1 5 6 70 80 -', '0.5 1 2 70 80 -'])
    expect(drawn(g).filter((l) => l.includes('7 8'))).toHaveLength(0)
  })
})
