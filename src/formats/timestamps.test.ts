import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ulpsFrom } from './read-test-utils.ts'
import { partsToSeconds, precisionName, ticksToSeconds, tsResolution } from './timestamps.ts'

const SEED = 20240613

describe('ticksToSeconds', () => {
  it(`is within one ulp of the exact value for any 64-bit count and resolution (seed ${SEED})`, () => {
    const resolution = fc.oneof(fc.integer({ min: 0, max: 18 }), fc.integer({ min: 0x80, max: 0x80 + 63 }))
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), resolution, (ticks, byte) => {
        const r = tsResolution(byte)
        const t = ticksToSeconds(Number(ticks >> 32n), Number(ticks & 0xffffffffn), r.div, r.divBig)
        expect(ulpsFrom(t, ticks, r.divBig)).toBeLessThanOrEqual(1)
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })

  it('is correctly rounded below 2^53 ticks', () => {
    for (const ticks of [1n, 999_999n, 1_700_000_000_123_456n, (1n << 53n) - 1n]) {
      const t = ticksToSeconds(Number(ticks >> 32n), Number(ticks & 0xffffffffn), 1e6, 1_000_000n)
      expect(ulpsFrom(t, ticks, 1_000_000n)).toBeLessThanOrEqual(0.5)
    }
  })

  it('never goes backwards across a second boundary (nanosecond counts above 2^53)', () => {
    let previous = -Infinity
    for (let ticks = 1_700_000_000_999_999_990n; ticks <= 1_700_000_001_000_000_010n; ticks++) {
      const t = ticksToSeconds(Number(ticks >> 32n), Number(ticks & 0xffffffffn), 1e9, 1_000_000_000n)
      expect(t).toBeGreaterThanOrEqual(previous)
      expect(ulpsFrom(t, ticks, 1_000_000_000n)).toBeLessThanOrEqual(1)
      previous = t
    }
  })
})

describe('partsToSeconds', () => {
  it('carries an oversized fraction into the seconds', () => {
    expect(partsToSeconds(10, 1_500_000, 1e6)).toBe(11.5)
    expect(partsToSeconds(0, 0, 1e9)).toBe(0)
    expect(ulpsFrom(partsToSeconds(4294967295, 999_999_999, 1e9), 4294967295n * 1_000_000_000n + 999_999_999n, 1_000_000_000n)).toBeLessThanOrEqual(1)
  })
})

describe('tsResolution', () => {
  it('decodes the decimal and binary forms and caps the exponent', () => {
    expect(tsResolution(6)).toMatchObject({ div: 1e6, capped: false })
    expect(tsResolution(9)).toMatchObject({ div: 1e9, capped: false })
    expect(tsResolution(0)).toMatchObject({ div: 1, capped: false })
    expect(tsResolution(0x80 | 10)).toMatchObject({ div: 1024, divBig: 1024n, capped: false })
    expect(tsResolution(0x7f)).toMatchObject({ div: 1e18, capped: true })
    expect(tsResolution(0xff)).toMatchObject({ div: 2 ** 63, divBig: 1n << 63n, capped: true })
  })

  it('names the common resolutions', () => {
    expect(precisionName(1e6)).toBe('micro')
    expect(precisionName(1e9)).toBe('nano')
    expect(precisionName(1e3)).toBe('0.001')
  })
})
