import { describe, expect, it } from 'vitest'
import { DecodeContext } from '../decode/context.ts'
import { mulberry32 } from '../lib/hash.ts'
import { Statistics } from './statistics.ts'
import { type PacketSpec, buildBatches } from './test-batch.ts'

function traffic(seed: number, n: number): PacketSpec[] {
  const rnd = mulberry32(seed)
  const out: PacketSpec[] = []
  for (let i = 0; i < n; i++) {
    // Skewed talkers: a few heavy sources, many light destinations.
    const s = Math.floor(40 * rnd() ** 3)
    const d = Math.floor(3000 * rnd())
    out.push({ t: 1000 + i * 0.001, src: `10.0.${s >> 8}.${s & 255}`, dst: `10.9.${d >> 8}.${d & 255}`, proto: 'udp', sport: 1, dport: 2, len: 60 + Math.floor(rnd() * 1400) })
  }
  return out
}

function talkers(packets: PacketSpec[], maxConversations?: number) {
  const ctx = new DecodeContext()
  const stats = new Statistics({ maxConversations, topN: 10 })
  for (const b of buildBatches(ctx, packets, 512)) stats.consume(b, ctx)
  return stats.finish()
}

describe('top talkers', () => {
  it('is exact and says so when every conversation fits', () => {
    const packets = traffic(1, 5000)
    const r = talkers(packets)
    expect(r.sketches.topTalkers.exact).toBe(true)
    expect(r.topTalkers.every((t) => t.exact)).toBe(true)
    // A naive count: every packet adds its bytes to both of its addresses.
    const naive = new Map<string, { packets: number; bytes: number }>()
    for (const p of packets) {
      for (const a of [p.src ?? '', p.dst ?? '']) {
        const e = naive.get(a) ?? { packets: 0, bytes: 0 }
        e.packets++
        e.bytes += p.len ?? 60
        naive.set(a, e)
      }
    }
    const top = [...naive].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 10)
    expect(r.topTalkers.map((t) => [t.address, t.packets, t.bytes])).toEqual(top.map(([a, e]) => [a, e.packets, e.bytes]))
  })

  it('with overflow, the top 10 match the exact ones and each stays within the stated bound', () => {
    const packets = traffic(2, 20_000)
    const exact = talkers(packets)
    const sketched = talkers(packets, 200)
    const bound = sketched.sketches.topTalkers
    expect(bound.exact).toBe(false)
    expect(bound.overflowPackets).toBeGreaterThan(10_000)
    expect(sketched.topTalkers.map((t) => t.address)).toEqual(exact.topTalkers.map((t) => t.address))
    const truth = new Map(exact.topTalkers.map((t) => [t.address, t]))
    for (const t of sketched.topTalkers) {
      const e = truth.get(t.address)
      expect(e).toBeDefined()
      if (!e) continue
      expect(t.bytes).toBeGreaterThanOrEqual(e.bytes)
      expect(t.bytes - e.bytes).toBeLessThanOrEqual(bound.countMinBytes.maxOvercount)
      expect(t.packets - e.packets).toBeLessThanOrEqual(bound.countMinPackets.maxOvercount)
    }
    // The endpoint count is estimated from the exact part plus the overflow sketch's distinct addresses.
    expect(sketched.conversations.ip).toBeGreaterThan(0)
    expect(Math.abs(sketched.conversations.ip - exact.conversations.ip) / exact.conversations.ip).toBeLessThan(0.05)
  })
})
