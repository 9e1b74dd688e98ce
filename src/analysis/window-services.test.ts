import { describe, expect, it } from 'vitest'
import { TOP_PORTS } from './window-columns.ts'
import { ServiceTally } from './window-services.ts'

const top = (t: ServiceTally): [number, number][] => {
  const tp = new Float64Array(2 * TOP_PORTS)
  t.takeTop(tp, 0)
  return Array.from({ length: TOP_PORTS }, (_, j) => [tp[2 * j], tp[2 * j + 1]] as [number, number]).filter(([k]) => k >= 0)
}

describe('ServiceTally', () => {
  it('keeps the busiest ports, ties to the lower key, and starts the next window empty', () => {
    const t = new ServiceTally()
    for (const [key, n] of [[443, 5], [53, 7], [80, 5], [65536 + 53, 1]]) for (let i = 0; i < n; i++) t.add(key)
    expect(top(t).slice(0, 4)).toEqual([[53, 7], [80, 5], [443, 5], [65536 + 53, 1]])
    expect(top(t)).toEqual([])
  })

  it('keeps only TOP_PORTS of many ports', () => {
    const t = new ServiceTally()
    for (let key = 1; key <= TOP_PORTS + 5; key++) for (let i = 0; i < key; i++) t.add(key)
    const kept = top(t)
    expect(kept).toHaveLength(TOP_PORTS)
    expect(kept[0]).toEqual([TOP_PORTS + 5, TOP_PORTS + 5])
    expect(kept[TOP_PORTS - 1][0]).toBe(6)
  })

  it('rolls a window into the coarser one, keeping both counts', () => {
    const fine = new ServiceTally()
    const coarse = new ServiceTally()
    coarse.add(22)
    fine.add(22)
    fine.add(22)
    fine.add(123)
    fine.rollInto(coarse)
    expect(top(coarse)).toEqual([[22, 3], [123, 1]])
  })
})
