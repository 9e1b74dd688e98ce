import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Utf8Slices } from './utf8-slices.ts'

const SEED = 3629

function decodeSliced(bytes: Uint8Array, cuts: readonly number[]): string {
  const u = new Utf8Slices()
  let out = ''
  let at = 0
  for (let c = 0; at < bytes.length; c++) {
    const n = cuts[c % cuts.length]
    out += u.decode(bytes.subarray(at, at + n))
    at += n
  }
  return out + u.flush()
}

const whole = (bytes: Uint8Array): string => new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes)
const cutsArb = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 })

describe('Utf8Slices', () => {
  it('carries a character cut by a slice end', () => {
    const bytes = new TextEncoder().encode('a→😀b')
    expect(decodeSliced(bytes, [1])).toBe('a→😀b')
    expect(decodeSliced(bytes, [2, 3])).toBe('a→😀b')
  })

  it('drops a byte order mark at the start only', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xef, 0xbb, 0xbf])
    expect(decodeSliced(bytes, [1])).toBe('a\uFEFF')
  })

  it('ends an incomplete character at the end of input as U+FFFD', () => {
    expect(decodeSliced(new Uint8Array([0x61, 0xe2, 0x82]), [2])).toBe('a\uFFFD')
  })

  it(`gives the same text as one-shot decoding for valid text cut anywhere (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), cutsArb, (s, cuts) => {
        const bytes = new TextEncoder().encode(s)
        expect(decodeSliced(bytes, cuts)).toBe(whole(bytes))
      }),
      { seed: SEED, numRuns: 3000 },
    )
  })

  it(`gives the same text as one-shot decoding for arbitrary bytes cut anywhere (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), cutsArb, (bytes, cuts) => {
        expect(decodeSliced(bytes, cuts)).toBe(whole(bytes))
      }),
      { seed: SEED, numRuns: 5000 },
    )
  })
})
