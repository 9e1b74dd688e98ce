import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PacketBatch } from '../model/packet-batch.ts'
import { BASE_LADDER, IoGraph } from './io-graph.ts'

describe('IoGraph', () => {
  it('every rung of the base ladder is a whole multiple of the previous one', () => {
    for (let i = 1; i < BASE_LADDER.length; i++) {
      const r = BASE_LADDER[i] / BASE_LADDER[i - 1]
      expect(Math.abs(r - Math.round(r))).toBeLessThan(1e-9)
    }
  })

  it('re-buckets to 1 s exactly as counting per second would', () => {
    const g = new IoGraph()
    const times = [100.2, 100.7, 101.1, 103.999, 104.0]
    times.forEach((t, i) => g.addPacket(t, 10 * (i + 1)))
    g.addFlowStart(101.5)
    const s = g.series(1)
    expect(s.start).toBe(100)
    expect(s.bucketSeconds).toBe(1)
    expect(Array.from(s.packets)).toEqual([2, 1, 0, 1, 1])
    expect(Array.from(s.bytes)).toEqual([30, 30, 0, 40, 50])
    expect(Array.from(s.flowsStarted)).toEqual([0, 1, 0, 0, 0])
  })

  it('coarsens its base when the capture outgrows the bucket budget, keeping every total', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 5000, noNaN: true }), { minLength: 1, maxLength: 300 }), (offsets) => {
        const g = new IoGraph(64)
        offsets.forEach((o) => g.addPacket(1_600_000_000 + o, 1))
        expect(g.used).toBeLessThanOrEqual(64)
        const s = g.series(0)
        expect(s.packets.reduce((a, b) => a + b, 0)).toBe(offsets.length)
        // Each packet lands in the bucket that contains it.
        const sorted = [...offsets].sort((a, b) => a - b)
        const last = 1_600_000_000 + sorted[sorted.length - 1]
        expect(Math.floor((last - s.start) / s.bucketSeconds)).toBe(s.packets.length - 1)
      }),
      { seed: 9, numRuns: 100 },
    )
  })

  it('caps the points of a requested series and counts packets before the origin', () => {
    const g = new IoGraph()
    for (let i = 0; i < 10_000; i++) g.addPacket(50 + i * 0.01, 1)
    g.addPacket(10, 1)
    expect(g.beforeOrigin).toBe(1)
    const s = g.series(0.001, 500)
    expect(s.packets.length).toBeLessThanOrEqual(500)
    expect(s.packets.reduce((a, b) => a + b, 0)).toBe(10_001)
  })
})

describe('IoGraph.consume', () => {
  it('counts a batch exactly as packet-by-packet adds do, odd timestamps included', () => {
    const times = [Number.NaN, 100.5, 100.2, 99, 250.75, Infinity, 100.5, 1e6]
    const b = new PacketBatch(16)
    times.forEach((t, i) => {
      b.clearRow(i)
      b.time[i] = t
      b.origLen[i] = 10 + i
    })
    b.count = times.length
    const batch = new IoGraph(64)
    batch.consume(b)
    const single = new IoGraph(64)
    times.forEach((t, i) => single.addPacket(t, 10 + i))
    expect(batch.series(0)).toEqual(single.series(0))
    expect(batch.beforeOrigin).toBe(single.beforeOrigin)
  })
})
