import { describe, expect, it } from 'vitest'
import { estimateSwitches, growthExponent, linearFit, sizeTable, stressTable, type StressRow } from './scaling-table.ts'

const row = (over: Partial<StressRow>): StressRow => ({
  generatedFlows: 1_000_000,
  bytes: 188e6,
  packets: 2_200_000,
  detect: true,
  flows: 1_000_000,
  estimates: [],
  wallSeconds: 20,
  cpuSeconds: 18,
  peakRssBytes: 250e6,
  ...over,
})

describe('estimateSwitches', () => {
  it('names every true xxxEstimated flag, overflowed conversations and inexact top talkers', () => {
    const summary = {
      flows: 5,
      flowsEstimated: true,
      endpointsEstimated: false,
      conversations: { ip: 3, overflowPackets: 12 },
      topTalkers: [{ address: 'a', exact: true }, { address: 'b', exact: false }],
    }
    expect(estimateSwitches(summary)).toEqual(['flows', 'conversations', 'topTalkers'])
  })

  it('is empty for an exact summary and does not repeat conversations when the flag is present too', () => {
    expect(estimateSwitches({ flowsEstimated: false, conversations: { overflowPackets: 0 }, topTalkers: [{ exact: true }] })).toEqual([])
    expect(estimateSwitches({ conversationsEstimated: true, conversations: { overflowPackets: 4 } })).toEqual(['conversations'])
  })
})

describe('growthExponent', () => {
  it('is 1 for a cost proportional to size and 0 for a constant cost', () => {
    expect(growthExponent([{ size: 1e6, cost: 10 }, { size: 1e7, cost: 100 }, { size: 3e6, cost: 30 }])).toBeCloseTo(1, 10)
    expect(growthExponent([{ size: 1e6, cost: 200 }, { size: 1e7, cost: 200 }])).toBeCloseTo(0, 10)
  })

  it('compares the smallest and largest sizes whatever the order, and ignores unmeasured costs', () => {
    expect(growthExponent([{ size: 4, cost: 16 }, { size: 2, cost: null }, { size: 1, cost: 1 }])).toBeCloseTo(2, 10)
    expect(growthExponent([{ size: 1, cost: null }, { size: 2, cost: 5 }])).toBeNull()
  })
})

describe('linearFit', () => {
  it('recovers the fixed cost and the slope of points on a line, whatever the order', () => {
    const fit = linearFit([{ size: 4e6, cost: 1.5 + 4 }, { size: 2e5, cost: 1.5 + 0.2 }, { size: 2e6, cost: 1.5 + 2 }])
    expect(fit?.fixed).toBeCloseTo(1.5, 9)
    expect(fit?.perUnit).toBeCloseTo(1e-6, 15)
  })

  it('is null without two distinct measured sizes', () => {
    expect(linearFit([{ size: 1, cost: 2 }, { size: 1, cost: 3 }])).toBeNull()
    expect(linearFit([{ size: 1, cost: 2 }, { size: 5, cost: null }])).toBeNull()
  })
})

describe('stressTable', () => {
  it('sorts by flow count, detection first, and marks the memory target', () => {
    const text = stressTable(
      [
        row({ generatedFlows: 10_000_000, flows: 9_950_000, estimates: ['flows'], peakRssBytes: 290e6 }),
        row({ detect: false, peakRssBytes: 180e6 }),
        row({ peakRssBytes: 310e6 }),
      ],
      300e6,
    )
    const lines = text.split('\n')
    expect(lines).toHaveLength(5)
    expect(lines[0]).toContain('<= 300 MB')
    expect(lines[2]).toMatch(/^\| 1,000,000 \| on \|.*\| no \|.*\| 310 \| MISSED \|$/)
    expect(lines[3]).toMatch(/^\| 1,000,000 \| off \|.*\| 180 \| met \|$/)
    expect(lines[4]).toMatch(/^\| 10,000,000 \| on \|.*\| 9,950,000 \| flows \|.*\| 290 \| met \|$/)
  })
})

describe('sizeTable', () => {
  it('derives throughput per CPU second and CPU per packet, and says n/a without CPU time', () => {
    const text = sizeTable([
      { capture: 'a', bytes: 100e6, packets: 200_000, flows: 16_000, wallSeconds: 3, cpuSeconds: 2, peakRssBytes: 150e6 },
      { capture: 'b', bytes: 1e9, packets: 2_000_000, flows: 150_000, wallSeconds: 30, cpuSeconds: null, peakRssBytes: null },
    ])
    const [, , a, b] = text.split('\n')
    expect(a).toBe('| a | 100 | 200,000 | 16,000 | 3.0 | 2.0 | 50 | 10.00 | 150 |')
    expect(b).toBe('| b | 1000 | 2,000,000 | 150,000 | 30.0 | n/a | n/a | n/a | n/a |')
  })
})
