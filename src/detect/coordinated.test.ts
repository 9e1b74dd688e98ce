import { describe, expect, it } from 'vitest'
import { coordinated } from './coordinated.ts'
import { defaultParams } from './detector.ts'
import { contextOf, synProbe, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000

describe('coordinated activity', () => {
  it('groups four sources probing the same ten hosts in the same window', () => {
    const pkts: Pkt[] = []
    for (let s = 0; s < 4; s++) for (let h = 0; h < 10; h++) pkts.push(...synProbe(T0 + s * 3 + h * 0.1, `203.0.113.${10 + s}:${40000 + h}`, `10.0.5.${h}:22`))
    const alerts = coordinated.run(contextOf(pkts), defaultParams(coordinated))
    expect(alerts).toHaveLength(1)
    expect(alerts[0].srcCount).toBe(4)
    expect(alerts[0].dstCount).toBe(10)
  })

  it('does not group sources probing disjoint targets', () => {
    const pkts: Pkt[] = []
    for (let s = 0; s < 4; s++) for (let h = 0; h < 10; h++) pkts.push(...synProbe(T0 + s * 3 + h * 0.1, `203.0.113.${10 + s}:${40000 + h}`, `10.0.${5 + s}.${h}:22`))
    expect(coordinated.run(contextOf(pkts), defaultParams(coordinated))).toEqual([])
  })
})
