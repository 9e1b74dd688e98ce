import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { epochFromNumber, parseTableTime, parseTimeBytes } from './table-times.ts'

const SEED = Number(process.env.FC_SEED ?? 8601)

const utc = (...a: [number, number, number, number?, number?, number?]): number => Date.UTC(a[0], a[1] - 1, a[2], a[3] ?? 0, a[4] ?? 0, a[5] ?? 0) / 1000

describe('parseTableTime', () => {
  it('reads ISO 8601 with and without zone', () => {
    expect(parseTableTime('2017-07-05 18:12:15.650811')).toBeCloseTo(utc(2017, 7, 5, 18, 12, 15) + 0.650811, 6)
    expect(parseTableTime('2017-07-05T18:12:15Z')).toBe(utc(2017, 7, 5, 18, 12, 15))
    expect(parseTableTime('2021-06-06T15:59:46.457984+0200')).toBeCloseTo(utc(2021, 6, 6, 13, 59, 46) + 0.457984, 6)
    expect(parseTableTime('2021-06-06T15:59:46-05:30')).toBe(utc(2021, 6, 6, 21, 29, 46))
    expect(parseTableTime('2024-02-13')).toBe(utc(2024, 2, 13))
  })

  it('reads Argus and CIC day-first dates, with seconds or without, 12-hour with AM/PM', () => {
    expect(parseTableTime('2019/04/04 16:24:47.672448')).toBeCloseTo(utc(2019, 4, 4, 16, 24, 47) + 0.672448, 6)
    expect(parseTableTime('3/7/2017 8:55')).toBe(utc(2017, 7, 3, 8, 55))
    expect(parseTableTime('3/7/2017 8:55', false)).toBe(utc(2017, 3, 7, 8, 55))
    expect(parseTableTime('14/02/2018 08:31:01')).toBe(utc(2018, 2, 14, 8, 31, 1))
    expect(parseTableTime('20/01/1970 05:20:20 AM')).toBe(utc(1970, 1, 20, 5, 20, 20))
    expect(parseTableTime('20/01/1970 12:20:20 AM')).toBe(utc(1970, 1, 20, 0, 20, 20))
    expect(parseTableTime('20/01/1970 01:20:20 PM')).toBe(utc(1970, 1, 20, 13, 20, 20))
  })

  it("reads tshark's frame.time", () => {
    expect(parseTableTime('Feb 13, 2024 14:34:38.788187000 CET')).toBeCloseTo(utc(2024, 2, 13, 14, 34, 38) + 0.788187, 6)
  })

  it('reads epoch numbers in s, ms, µs and ns', () => {
    expect(parseTableTime('1601998366.785668')).toBe(1601998366.785668)
    expect(parseTableTime('1.678820036625E12')).toBe(1678820036.625)
    expect(epochFromNumber(1678820036625000)).toBe(1678820036.625)
    expect(epochFromNumber(1678820036625000000)).toBeCloseTo(1678820036.625, 3)
  })

  it('gives seconds of the day for a time alone', () => {
    expect(parseTableTime('14:34:38.5')).toBe(14 * 3600 + 34 * 60 + 38.5)
  })

  it('gives NaN for what is not a time', () => {
    for (const s of ['', 'XXXXXXXXXX.XXXXXX', '2017-13-01', '32/1/2017 1:00', '2017-07-05 25:00', '10:61', 'yesterday', '1/2/17', '2017-07-05 10:00 junk', '1e309']) {
      expect(parseTableTime(s), s).toBeNaN()
    }
  })
})

describe('timestamps read from bytes', () => {
  const bytesOf = (s: string): Uint8Array => new TextEncoder().encode(`,${s},`)
  const fromBytes = (s: string, dayFirst = true): number => parseTimeBytes(bytesOf(s), 1, 1 + new TextEncoder().encode(s).length, dayFirst)

  it('give the same double as the text parser, on the fast ISO path and off it', () => {
    const cases = [
      '2017-07-05 18:12:15.650811', '2017-07-05T18:12:15Z', '2017-07-05 18:12:15', '2017-07-05 18:12:15,5',
      '2017-02-31 23:59:60.999999999999999999', '2021-06-06T15:59:46.457984+0200', '2017-07-05  18:12:15',
      '3/7/2017 8:55', '20/01/1970 05:20:20 AM', 'Feb 13, 2024 14:34:38.788187000 CET', '2019/04/04 16:24:47.672448',
      '2017-07-05 24:00:00', '2017-13-05 10:00:00', '2017-07-05 18:12:15.', '0999-07-05 18:12:15', '2017-07-05',
      '14:34:38.788', '1499277135.650811', '-5', '2017-07-05 18:12:15 PM', 'x017-07-05 18:12:15', '2017-07-05 18:12:15é',
    ]
    for (const c of cases) {
      for (const dayFirst of [true, false]) expect(Object.is(fromBytes(c, dayFirst), parseTableTime(c, dayFirst)), c).toBe(true)
    }
  })

  it(`agree with the text parser on random ISO-like stamps (seed ${SEED})`, () => {
    const two = fc.integer({ min: 0, max: 99 }).map((v) => String(v).padStart(2, '0'))
    fc.assert(
      fc.property(fc.integer({ min: 900, max: 2999 }), two, two, two, two, two, fc.constantFrom(' ', 'T', 't', '_'), fc.constantFrom('', '.', ',', 'Z'), fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 20 }), (y, mo, d, h, mi, s, sep, tail, frac) => {
        const text = `${y}-${mo}-${d}${sep}${h}:${mi}:${s}${tail}${tail === '.' || tail === ',' ? frac.join('') : ''}`
        expect(Object.is(fromBytes(text), parseTableTime(text)), text).toBe(true)
      }),
      { seed: SEED, numRuns: 3000 },
    )
  })
})
