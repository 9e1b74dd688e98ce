import { describe, expect, it } from 'vitest'
import { connectingSources, unansweredTargets } from './ddos-candidates.ts'
import { contextOf, synProbe, tcpSession, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000

describe('ddos candidates', () => {
  it('marks the targets with at least `min` unanswered flows and the sources with at least `min` completed connections', () => {
    const pkts: Pkt[] = []
    // 12 unanswered SYNs to .80, 3 to .81; 6 completed sessions from .5, 2 from .6.
    for (let i = 0; i < 12; i++) pkts.push(...synProbe(T0 + i, `172.16.0.${i + 1}:${2000 + i}`, '10.0.0.80:80'))
    for (let i = 0; i < 3; i++) pkts.push(...synProbe(T0 + 20 + i, `172.16.1.${i + 1}:${3000 + i}`, '10.0.0.81:80'))
    for (let i = 0; i < 6; i++) pkts.push(...tcpSession(T0 + 30 + i, `10.0.0.5:${4000 + i}`, '10.0.0.90:443'))
    for (let i = 0; i < 2; i++) pkts.push(...tcpSession(T0 + 40 + i, `10.0.0.6:${5000 + i}`, '10.0.0.90:443'))
    const ctx = contextOf(pkts.sort((a, b) => a.t - b.t))
    const ids = new Map<string, number>()
    for (let id = 0; id < ctx.count; id++) for (const a of [ctx.c.origAddr[id], ctx.c.respAddr[id]]) ids.set(ctx.addr(a), a)
    const id = (text: string): number => ids.get(text) ?? -1
    const targets = unansweredTargets(ctx, 10)
    expect(targets.has(id('10.0.0.80'))).toBe(true)
    expect(targets.has(id('10.0.0.81'))).toBe(false)
    expect(targets.has(id('10.0.0.90'))).toBe(false)
    expect(unansweredTargets(ctx, 3).has(id('10.0.0.81'))).toBe(true)
    const sources = connectingSources(ctx, 5)
    expect(sources.has(id('10.0.0.5'))).toBe(true)
    expect(sources.has(id('10.0.0.6'))).toBe(false)
    // An id past the table (not expected from flows) is never marked.
    expect(sources.has(1e9)).toBe(false)
  })
})
