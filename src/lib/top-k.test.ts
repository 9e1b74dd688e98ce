import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { topByKey } from './top-k.ts'

describe('topByKey', () => {
  it('gives exactly the first k of the full sort (larger key first, ties by smaller item)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), fc.integer({ min: 0, max: 220 }), (keyList, k) => {
        const items = keyList.map((_, i) => i * 3 + 1)
        const sorted = items.map((it, i) => ({ it, key: keyList[i] })).sort((a, b) => b.key - a.key || a.it - b.it).map((x) => x.it)
        expect(topByKey(items, keyList, k)).toEqual(sorted.slice(0, k))
      }),
      { seed: 7, numRuns: 300 },
    )
  })

  it('handles no items and non-positive k', () => {
    expect(topByKey([], [], 5)).toEqual([])
    expect(topByKey([1, 2], [3, 4], 0)).toEqual([])
    expect(topByKey([1, 2], [3, 4], -1)).toEqual([])
  })
})
