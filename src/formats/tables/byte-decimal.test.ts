import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { plainDecimalFromBytes } from './byte-decimal.ts'

const SEED = Number(process.env.FC_SEED ?? 1990)
const encode = (s: string): Uint8Array => new TextEncoder().encode(s)
const read = (s: string): number => plainDecimalFromBytes(encode(`x,${s},y`), 2, 2 + s.length)

describe('plainDecimalFromBytes', () => {
  it('reads the long decimals that Python and Java write exactly as Number() does', () => {
    for (const s of ['518.9348180336762', '0.0519457013574657', '23887.99224453891', '-20600', '1.0003621220351258', '997842.0', '0', '-0', '.5', '7.', '00012'])
      expect(Object.is(read(s), Number(s)), s).toBe(true)
  })

  it('leaves numbers at a rounding boundary and very long numbers to the platform, with the same result', () => {
    // 2^53 + 1 lies exactly between two doubles; 9007199254740993.0000 as well, with trailing zeros.
    for (const s of ['9007199254740993', '9007199254740993.0000', '1' + '0'.repeat(30), '0.' + '3'.repeat(40), '1'.repeat(400)])
      expect(Object.is(read(s), Number(s)), s).toBe(true)
  })

  it(`agrees with Number() on every double's shortest spelling (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (x) => {
        const s = x.toFixed(Math.min(20, Math.max(0, 17 - Math.max(1, Math.ceil(Math.log10(Math.abs(x) + 1))))))
        const plain = String(x).includes('e') ? s : String(x)
        expect(Object.is(read(plain), Number(plain)), plain).toBe(true)
      }),
      { seed: SEED, numRuns: 20_000 },
    )
  })

  it(`agrees with Number() on random digit strings of 14 to 22 digits (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 22 }), fc.nat(), fc.boolean(), (ds, at, negative) => {
        const digits = ds.join('')
        const dot = at % (digits.length + 1)
        const s = `${negative ? '-' : ''}${digits.slice(0, dot)}.${digits.slice(dot)}`
        expect(Object.is(read(s), Number(s)), s).toBe(true)
      }),
      { seed: SEED, numRuns: 20_000 },
    )
  })
})
