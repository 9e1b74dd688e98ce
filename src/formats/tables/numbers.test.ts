import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NumberReader, NumberStatus, parseCount, parseDecimal, strictDecimal } from './numbers.ts'

const SEED = 5_2024
/** The accepted grammar, written independently of the parser. */
const GRAMMAR = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/

describe('strictDecimal', () => {
  it('reads the decimal grammar', () => {
    expect(strictDecimal('0')).toBe(0)
    expect(strictDecimal('42')).toBe(42)
    expect(strictDecimal('-1')).toBe(-1)
    expect(strictDecimal('+7')).toBe(7)
    expect(strictDecimal('0.000011')).toBe(0.000011)
    expect(strictDecimal('1.')).toBe(1)
    expect(strictDecimal('.5')).toBe(0.5)
    expect(strictDecimal('1.678820036625E12')).toBe(1678820036625)
    expect(strictDecimal('2e-3')).toBe(0.002)
    expect(strictDecimal('16.858420557165704')).toBe(16.858420557165704)
    expect(Object.is(strictDecimal('-0'), -0)).toBe(true)
    expect(strictDecimal('00012')).toBe(12)
  })

  it('rejects what Number() would let through', () => {
    for (const s of ['', ' 1', '1 ', '0x10', '1e', 'e5', '.', '-', '+', '1.2.3', '1,5', 'Infinity', 'NaN', '--1', '1_000', '١٢']) {
      expect(strictDecimal(s), JSON.stringify(s)).toBeUndefined()
    }
  })

  it('reads a range of a longer string', () => {
    expect(strictDecimal('ab123cd', 2, 5)).toBe(123)
    expect(strictDecimal('ab123cd', 2, 2)).toBeUndefined()
  })

  it('turns a finite spelling that overflows into Infinity', () => {
    expect(strictDecimal('1e309')).toBe(Infinity)
    expect(strictDecimal('-1e309')).toBe(-Infinity)
    expect(strictDecimal('1e-400')).toBe(0)
    expect(strictDecimal('9'.repeat(400))).toBe(Infinity)
  })

  it(`agrees exactly with the platform on every double it prints (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 }), (d, digits) => {
        for (const s of [String(d), d.toExponential(), d.toPrecision(Math.max(1, digits)), Math.abs(d) < 1e21 ? d.toFixed(digits) : String(d)]) {
          expect(Object.is(strictDecimal(s), Number(s)), s).toBe(true)
        }
      }),
      { seed: SEED, numRuns: 3000 },
    )
  })

  it(`is never looser than Number() (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[-+]?[0-9]{0,20}(\.[0-9]{0,20})?([eE][-+]?[0-9]{0,4})?$/), (s) => {
        const v = strictDecimal(s)
        if (v !== undefined) expect(Object.is(v, Number(s))).toBe(true)
        else expect(GRAMMAR.test(s), s).toBe(false)
      }),
      { seed: SEED, numRuns: 3000 },
    )
  })
})

describe('parseDecimal and parseCount', () => {
  it('gives NaN / -1 for what is not a number', () => {
    expect(parseDecimal('3.5')).toBe(3.5)
    expect(parseDecimal('x')).toBeNaN()
    expect(parseCount('65535', 65535)).toBe(65535)
    expect(parseCount('65536', 65535)).toBe(-1)
    expect(parseCount('-1')).toBe(-1)
    expect(parseCount('')).toBe(-1)
    expect(parseCount('1'.repeat(17))).toBe(-1)
  })
})

describe('NumberReader', () => {
  it('reads the words a dialect declares and counts them', () => {
    const r = new NumberReader({ nan: ['NaN'], infinity: ['Infinity'], missing: ['-', '(empty)'] })
    expect(r.read('Infinity')).toBe(Infinity)
    expect(r.status).toBe(NumberStatus.infinity)
    expect(r.read('-Infinity')).toBe(-Infinity)
    expect(r.read('NaN')).toBeNaN()
    expect(r.status).toBe(NumberStatus.nan)
    expect(r.read('-')).toBeNaN()
    expect(r.status).toBe(NumberStatus.missing)
    expect(r.read('')).toBeNaN()
    expect(r.status).toBe(NumberStatus.missing)
    expect(r.read('1e309')).toBe(Infinity)
    expect(r.status).toBe(NumberStatus.overflow)
    expect(r.read('nan')).toBeNaN()
    expect(r.status).toBe(NumberStatus.invalid)
    expect(r.read('12')).toBe(12)
    expect(r.status).toBe(NumberStatus.ok)
    expect(r.tally).toEqual({ nan: 1, infinity: 2, overflow: 1, invalid: 1 })
  })

  it('treats words it was not given as invalid', () => {
    const r = new NumberReader({})
    expect(r.read('Infinity')).toBeNaN()
    expect(r.status).toBe(NumberStatus.invalid)
  })
})
