import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { compareFidelity, normalisedEmd, wasserstein1, type FlowMeasures } from './fidelity.ts'

function measures(protocols: Record<string, number>, services: Record<string, number>, sizes: number[]): FlowMeasures {
  return {
    protocols: new Map(Object.entries(protocols)),
    services: new Map(Object.entries(services)),
    sizes: Float64Array.from(sizes),
    durationsMs: Float64Array.from(sizes),
    gapsMs: Float64Array.from(sizes),
    flows: sizes.length,
    packets: Object.values(protocols).reduce((a, b) => a + b, 0),
  }
}

describe('Wasserstein-1', () => {
  it('is the shift between a sample and the same sample moved by d', () => {
    expect(wasserstein1([0, 1, 2, 3], [5, 6, 7, 8])).toBeCloseTo(5, 12)
  })

  it('matches the area between the CDFs of two point masses split unevenly', () => {
    // F_a jumps 0 -> 1 at 0; F_b has 1/2 at 0 and 1/2 at 4: the CDFs differ by 1/2 over [0, 4): area 2.
    expect(wasserstein1([0, 0], [0, 4])).toBeCloseTo(2, 12)
  })

  it('is symmetric, zero on identical samples and obeys the triangle inequality', () => {
    const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 })
    fc.assert(
      fc.property(sample, sample, sample, (a, b, c) => {
        const ab = wasserstein1(a, b)
        expect(ab).toBeCloseTo(wasserstein1(b, a), 6)
        expect(wasserstein1(a, [...a].reverse())).toBeCloseTo(0, 9)
        expect(ab).toBeLessThanOrEqual(wasserstein1(a, c) + wasserstein1(c, b) + 1e-6 * (1 + ab))
      }),
      { seed: 7, numRuns: 200 },
    )
  })
})

describe('normalised EMD', () => {
  it('is 1 for two point masses at the ends of the range and 0 for equal samples', () => {
    expect(normalisedEmd([0, 0, 0], [999, 999])).toBeCloseTo(1, 12)
    expect(normalisedEmd([5, 50, 500], [500, 50, 5])).toBe(0)
  })

  it('measures on log10(1 + x): a sample 10x larger than another differs by about one decade', () => {
    const a = [9, 99, 999]
    const b = [99, 999, 9999]
    // log values 1,2,3 vs 2,3,4: W1 = 1, range 3.
    expect(normalisedEmd(a, b)).toBeCloseTo(1 / 3, 12)
  })
})

describe('compareFidelity', () => {
  it('gives JSD 0 and EMD 0 for identical measures and passes', () => {
    const m = measures({ tcp: 80, udp: 20 }, { 'tcp/443': 60, 'udp/53': 20, 'tcp/80': 20 }, [100, 200, 5000])
    const r = compareFidelity(m, m)
    expect([r.protocolJsd, r.portJsd, r.sizeEmd, r.durationEmd, r.interArrivalEmd]).toEqual([0, 0, 0, 0, 0])
    expect(r.pass).toBe(true)
  })

  it('gives JSD 1 for disjoint protocol mixes and fails', () => {
    const r = compareFidelity(measures({ tcp: 10 }, { 'tcp/1': 10 }, [1]), measures({ udp: 10 }, { 'udp/2': 10 }, [1]))
    expect(r.protocolJsd).toBeCloseTo(1, 12)
    expect(r.pass).toBe(false)
  })

  it('pools the ports outside the source top 20 as "other"', () => {
    const many: Record<string, number> = {}
    for (let p = 1; p <= 25; p++) many[`tcp/${p}`] = 100 - p
    const twin: Record<string, number> = { ...many }
    // Moving packets between two ports that are both outside the top 20 changes nothing.
    twin['tcp/24'] += twin['tcp/25']
    delete twin['tcp/25']
    expect(compareFidelity(measures({ tcp: 1 }, many, [1]), measures({ tcp: 1 }, twin, [1])).portJsd).toBe(0)
  })

  it('computes the JSD of a known pair of mixes (1/2,1/2 vs 1,0: 0.3113 bits)', () => {
    const r = compareFidelity(measures({ tcp: 1, udp: 1 }, {}, [1]), measures({ tcp: 1 }, {}, [1]))
    // JSD = 1/2 KL(P||M) + 1/2 KL(Q||M), M = (3/4, 1/4): 1/2 (1/2 log2(2/3) + 1/2 log2 2) + 1/2 log2(4/3).
    const expected = 0.5 * (0.5 * Math.log2(0.5 / 0.75) + 0.5 * Math.log2(0.5 / 0.25)) + 0.5 * Math.log2(1 / 0.75)
    expect(r.protocolJsd).toBeCloseTo(expected, 12)
    expect(expected).toBeCloseTo(0.3113, 4)
  })
})
