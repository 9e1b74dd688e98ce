import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ByteReader, Truncated } from './byte-reader.ts'

describe('ByteReader', () => {
  it('reads i32 as the same 32 bits as u32, signed (fast-check seed 3)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 16 }), fc.nat(12), (buf, offset) => {
        const at = Math.min(offset, buf.length - 4)
        const r = new ByteReader().reset(buf, 0, buf.length)
        expect(r.i32(at)).toBe(r.u32(at) | 0)
        expect(r.i32(at) >>> 0).toBe(r.u32(at))
      }),
      { seed: 3, numRuns: 300 },
    )
  })

  it('throws Truncated for an i32 that runs past the end, as u32 does', () => {
    const r = new ByteReader().reset(Uint8Array.from([0x80, 0, 0, 1, 0xff]), 0, 5)
    expect(r.i32(0)).toBe(-0x7fffffff)
    expect(() => r.i32(2)).toThrow(Truncated)
    expect(() => r.i32(-1)).toThrow(Truncated)
    r.end = 3
    expect(() => r.i32(0)).toThrow(Truncated)
  })
})
