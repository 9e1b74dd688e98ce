import { describe, expect, it } from 'vitest'
import { defaultParams } from './detector.ts'
import { firstContacts } from './first-contacts.ts'
import { hostSweep, maySweep, NO_GATEWAYS, sweepOf } from './host-sweep.ts'
import { contextOf, officeTraffic, ping, rng, synProbe, tcpSession, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000

/** Office traffic plus a few sources that probe many hosts, some answered, some not, at random times. */
function mixed(seed: number): Pkt[] {
  const r = rng(seed)
  const out: Pkt[] = officeTraffic(T0, 600, seed)
  for (let s = 0; s < 6; s++) {
    const src = `10.9.${s}.${10 + s}`
    const hosts = 3 + Math.floor(r() * 40)
    for (let h = 0; h < hosts; h++) {
      const t = T0 + r() * 600
      const dst = `10.20.${h >> 6}.${(h % 250) + 1}`
      const kind = r()
      if (kind < 0.4) out.push(...synProbe(t, `${src}:${30000 + h}`, `${dst}:${[22, 80, 445][h % 3]}`, r() < 0.5))
      else if (kind < 0.7) out.push(...ping(t, src, dst, r() < 0.3))
      else out.push(...tcpSession(t, `${src}:${40000 + h}`, `${dst}:443`))
    }
  }
  return out.sort((a, b) => a.t - b.t)
}

describe('first contacts', () => {
  it('keeps each source\'s first-contact flows in time order, and makes the same contacts only when asked', () => {
    const ctx = contextOf(mixed(3))
    const sources = [...firstContacts(ctx, 5).values()]
    expect(sources.length).toBeGreaterThan(0)
    for (const s of sources) {
      const hosts = s.hosts
      expect(hosts.map((k) => k.flow)).toEqual([...s.hostFlows])
      for (let i = 1; i < s.hostFlows.length; i++) expect(s.hostFlows[i]).toBeGreaterThan(s.hostFlows[i - 1])
      // One destination per contact, its flow's responder.
      expect(new Set(hosts.map((k) => k.target)).size).toBe(hosts.length)
      for (const k of hosts) expect(k.target).toBe(ctx.c.respAddr[k.flow])
      expect(s.hosts).toBe(hosts)
    }
  })
})

describe('host sweep judged from flow ids', () => {
  it('decides exactly where sweepOf raises an alert, over many random inputs and thresholds', () => {
    let fired = 0
    let quiet = 0
    for (let seed = 1; seed <= 12; seed++) {
      const ctx = contextOf(mixed(seed))
      const base = defaultParams(hostSweep)
      const variants = [base, { ...base, threshold: 5, minTrwTargets: 2, fastThreshold: 3 }, { ...base, windowSeconds: 30, fastWindowSeconds: 1 }]
      for (const p of variants) {
        for (const s of firstContacts(ctx, Math.min(p.minTrwTargets, p.threshold, p.fastThreshold)).values()) {
          const expected = sweepOf(ctx, s.src, s.hosts, p) !== null
          expect(maySweep(ctx, s.hostFlows, NO_GATEWAYS, p)).toBe(expected)
          if (expected) fired++
          else quiet++
        }
      }
    }
    // Both answers occur, so the comparison means something.
    expect(fired).toBeGreaterThan(0)
    expect(quiet).toBeGreaterThan(0)
  })
})
