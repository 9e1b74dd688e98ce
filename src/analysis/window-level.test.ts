import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { kthSmallest } from './window-level.ts'

describe('kthSmallest', () => {
  it('returns the value a sort would put at that rank, for any counts (many ties included)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 300 }), fc.nat(), (values, r) => {
        const rank = r % values.length
        const sorted = Float64Array.from(values).sort()
        expect(kthSmallest(Float64Array.from(values), rank)).toBe(sorted[rank])
      }),
      { seed: 20261121, numRuns: 2000 },
    )
  })

  it('handles sorted, reversed and constant inputs', () => {
    const n = 1000
    const up = Float64Array.from({ length: n }, (_, i) => i)
    const down = Float64Array.from({ length: n }, (_, i) => n - i)
    expect(kthSmallest(up.slice(), 488)).toBe(488)
    expect(kthSmallest(down.slice(), 0)).toBe(1)
    expect(kthSmallest(down.slice(), n - 1)).toBe(n)
    expect(kthSmallest(new Float64Array(n).fill(7), 500)).toBe(7)
  })
})
