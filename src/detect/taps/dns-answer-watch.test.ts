import { describe, expect, it } from 'vitest'
import type { AppFact } from '../../model/app-facts.ts'
import { build, type Pkt } from '../test-traffic.ts'

const T0 = 1_700_000_000

function dns(id: number, isResponse: boolean, data = '192.0.2.1'): AppFact {
  const answers = isResponse ? [{ name: 'www.bank.test', type: 1, ttl: 60, data }] : []
  return { kind: 'dns', id, isResponse, opcode: 0, rcode: 0, qname: 'www.bank.test', qtype: 1, qclass: 1, questions: 1, answers, counts: [1, answers.length, 0, 0] } as AppFact
}

const ask = (t: number, id: number, port = 30000): Pkt => ({ t, src: `10.0.0.8:${port}`, dst: '10.0.0.1:53', proto: 'udp', len: 40, app: 1, fact: dns(id, false) })
const reply = (t: number, id: number, data?: string, port = 30000): Pkt => ({ t, src: '10.0.0.1:53', dst: `10.0.0.8:${port}`, proto: 'udp', len: 60, app: 1, fact: dns(id, true, data) })

describe('DNS answer watch', () => {
  it('matches answers to each of several questions asked from one port, and counts a guessed ID once per answer', () => {
    const { taps } = build([ask(T0, 1), ask(T0 + 0.1, 2), reply(T0 + 0.2, 2), reply(T0 + 0.3, 77), reply(T0 + 0.4, 1)])
    expect(taps.dnsAnswers.pendingQuestions).toBe(2)
    // The guessed ID 77 arrives while question 1 is still unanswered.
    expect([...taps.dnsAnswers.tallies.values()].map((s) => [s.mismatched, s.conflicting])).toEqual([[1, 0]])
  })

  it('counts a second answer with different data as conflicting, on a port with one question or several', () => {
    const one = build([ask(T0, 5), reply(T0 + 0.1, 5, '192.0.2.1'), reply(T0 + 0.2, 5, '203.0.113.9')])
    expect([...one.taps.dnsAnswers.tallies.values()].map((s) => s.conflicting)).toEqual([1])
    const several = build([ask(T0, 5), ask(T0, 6), reply(T0 + 0.1, 6, '192.0.2.1'), reply(T0 + 0.2, 6, '192.0.2.1'), reply(T0 + 0.3, 6, '203.0.113.9')])
    expect([...several.taps.dnsAnswers.tallies.values()].map((s) => s.conflicting)).toEqual([1])
  })

  it('sweeps old questions of single- and multi-question ports alike', () => {
    const pkts: Pkt[] = [ask(T0, 1, 40000), ask(T0, 2, 40000), ask(T0, 3, 40001)]
    // Questions every 5 s from new ports move capture time on; the first three are long gone by the end.
    for (let q = 1; q <= 20; q++) pkts.push(ask(T0 + q * 5, 100 + q, 41000 + q))
    const { taps } = build(pkts)
    expect(taps.dnsAnswers.pendingQuestions).toBeLessThanOrEqual(7)
  })
})
