import { describe, expect, it } from 'vitest'
import { countedBytes } from './counted-bytes.ts'

describe('countedBytes', () => {
  it('counts index reads and leaves methods working on the real array', () => {
    const c = countedBytes(new Uint8Array([1, 2, 3, 4]))
    expect(c.bytes[0] + c.bytes[3]).toBe(5)
    expect(c.bytes[9]).toBeUndefined()
    expect(c.reads()).toBe(3)
    expect([...c.bytes.subarray(1, 3)]).toEqual([2, 3])
    expect(c.bytes.length).toBe(4)
    expect(c.reads()).toBe(3)
  })
})
