import { afterEach, describe, expect, it, vi } from 'vitest'
import { frameSteps } from './frame-steps.ts'

let queue: FrameRequestCallback[] = []
function stubFrames(): void {
  queue = []
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => queue.push(f))
  vi.stubGlobal('cancelAnimationFrame', (id: number) => { queue[id - 1] = () => undefined })
}
function nextFrame(): void {
  const now = queue
  queue = []
  for (const f of now) f(0)
}
afterEach(() => vi.unstubAllGlobals())

describe('frameSteps', () => {
  it('runs the first step now and one more per frame until a step says it is done', () => {
    stubFrames()
    const seen: number[] = []
    let n = 0
    frameSteps().run(() => { seen.push(n++); return n < 3 })
    expect(seen).toEqual([0])
    nextFrame()
    expect(seen).toEqual([0, 1])
    nextFrame()
    nextFrame()
    expect(seen).toEqual([0, 1, 2])
    expect(queue).toHaveLength(0)
  })

  it('starts from the next frame when asked', () => {
    stubFrames()
    const seen: string[] = []
    frameSteps().run(() => { seen.push('step'); return false }, true)
    expect(seen).toEqual([])
    nextFrame()
    expect(seen).toEqual(['step'])
  })

  it('a new run or cancel() stops the job in progress', () => {
    stubFrames()
    const steps = frameSteps()
    const seen: string[] = []
    steps.run(() => { seen.push('a'); return true })
    steps.run(() => { seen.push('b'); return true })
    nextFrame()
    expect(seen).toEqual(['a', 'b', 'b'])
    steps.cancel()
    nextFrame()
    nextFrame()
    expect(seen).toEqual(['a', 'b', 'b'])
  })

  it('without requestAnimationFrame runs the first step only', () => {
    vi.stubGlobal('requestAnimationFrame', undefined)
    let runs = 0
    frameSteps().run(() => { runs++; return true }, true)
    expect(runs).toBe(1)
  })
})
