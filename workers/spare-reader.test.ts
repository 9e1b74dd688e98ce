import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ReaderPort } from './reader-source.ts'
import { SpareReader } from './spare-reader.ts'

class FakePort implements ReaderPort {
  onmessage: ReaderPort['onmessage'] = null
  onerror: ReaderPort['onerror'] = null
  terminated = false
  postMessage(): void {}
  terminate(): void {
    this.terminated = true
  }
}

/** A SpareReader over fake ports, with every port it made. */
function countedPool(): { made: FakePort[]; pool: SpareReader } {
  const made: FakePort[] = []
  const pool = new SpareReader(() => {
    const p = new FakePort()
    made.push(p)
    return p
  })
  return { made, pool }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('SpareReader', () => {
  it('hands out the prepared reader once, then starts new ones', () => {
    vi.useFakeTimers()
    const { made, pool } = countedPool()
    pool.prepare(1000)
    pool.prepare(1000)
    vi.advanceTimersByTime(1000)
    expect(made).toHaveLength(1)
    expect(pool.take()).toBe(made[0])
    expect(pool.take()).toBe(made[1])
    expect(made).toHaveLength(2)
  })

  it('never hands out a spare that failed to start', () => {
    vi.useFakeTimers()
    const { made, pool } = countedPool()
    pool.prepare(0)
    vi.advanceTimersByTime(0)
    made[0].onerror?.(new Event('error'))
    const taken = pool.take()
    expect(taken).toBe(made[1])
    expect(made[0].terminated).toBe(true)
  })

  it('answers null where no reader can start', () => {
    vi.useFakeTimers()
    const pool = new SpareReader(() => {
      throw new Error('no Worker here')
    })
    pool.prepare(0)
    vi.advanceTimersByTime(0)
    expect(pool.take()).toBeNull()
  })
})
