import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { busiestHosts } from './learn-hosts-rank.ts'

describe('busiestHosts', () => {
  it('keeps what sorting by (total descending, id ascending) and cutting keeps, in that order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 0, maxLength: 400 }), fc.integer({ min: 1, max: 50 }), (totals, limit) => {
        const ids = totals.map((_, i) => i * 3 + 1)
        const total = (id: number): number => totals[(id - 1) / 3]
        const expected = ids.slice().sort((x, y) => total(y) - total(x) || x - y).slice(0, limit)
        expect(busiestHosts(ids, total, limit)).toEqual(expected)
      }),
      { seed: 20261121, numRuns: 500 },
    )
  })
})
