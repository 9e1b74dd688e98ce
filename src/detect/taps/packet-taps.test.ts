import { describe, expect, it } from 'vitest'
import type { AppFact } from '../../model/app-facts.ts'
import { build, dnsQuery, udpExchange, type Pkt } from '../test-traffic.ts'

const T0 = 1_700_000_000

describe('packet taps', () => {
  it('keeps every DNS question per client and domain, beyond the first of a flow', () => {
    const pkts: Pkt[] = []
    for (let i = 0; i < 50; i++) pkts.push(...udpExchange(T0 + i, '10.0.0.8:5353', '10.0.0.1:53', { fact: dnsQuery(`n${i}.data.example.org`, 16), app: 1 }))
    const { analysis, taps } = build(pkts)
    expect(analysis.flows.count).toBe(1)
    const pair = [...taps.dns.domains()][0]
    expect(pair.domain).toBe('example.org')
    expect(pair.queries).toBe(50)
    expect(pair.distinctSubs).toBe(50)
    expect(pair.txt).toBe(50)
  })

  it('counts a repeated subdomain once and keeps the servers asked in first-asked order', () => {
    const pkts: Pkt[] = []
    const asks: [string, string][] = [['a.x.example.org', '10.0.0.1'], ['b.x.example.org', '10.0.0.2'], ['a.x.example.org', '10.0.0.1'], ['c.x.example.org', '10.0.0.3']]
    asks.forEach(([name, server], i) => pkts.push(...udpExchange(T0 + i, `10.0.0.8:${4000 + i}`, `${server}:53`, { fact: dnsQuery(name), app: 1 })))
    const { analysis, taps } = build(pkts)
    const pairs = [...taps.dns.domains()]
    expect(pairs).toHaveLength(1)
    expect([pairs[0].queries, pairs[0].distinctSubs, pairs[0].example]).toEqual([4, 3, 'a.x.example.org'])
    expect(pairs[0].servers.map((id) => analysis.ctx.addresses.format(id))).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3'])
  })

  it('forgets DNS questions past their lifetime as time moves on, and still counts guessed IDs of recent ones', () => {
    const dns = (id: number, isResponse: boolean): AppFact => ({ kind: 'dns', id, isResponse, opcode: 0, rcode: 0, qname: 'www.bank.test', qtype: 1, qclass: 1, questions: 1, answers: [], counts: [1, 0, 0, 0] })
    const pkts: Pkt[] = []
    // 200 unanswered questions, one every 5 s from a new port: only the last few tens of seconds stay remembered.
    for (let q = 0; q < 200; q++) pkts.push({ t: T0 + q * 5, src: `10.0.0.8:${20000 + q}`, dst: '10.0.0.1:53', proto: 'udp', len: 40, app: 1, fact: dns(q, false) })
    // An answer with a wrong ID to the last question's port, a second after it was asked.
    pkts.push({ t: T0 + 199 * 5 + 1, src: '10.0.0.1:53', dst: '10.0.0.8:20199', proto: 'udp', len: 60, app: 1, fact: dns(9999, true) })
    const { taps } = build(pkts)
    expect(taps.dnsAnswers.pendingQuestions).toBeLessThanOrEqual(7)
    expect([...taps.dnsAnswers.tallies.values()].map((s) => s.mismatched)).toEqual([1])
  })

  it('skips local and reverse names', () => {
    const pkts = [...udpExchange(T0, '10.0.0.8:5353', '224.0.0.251:5353', { fact: dnsQuery('printer.local'), app: 1 }), ...udpExchange(T0 + 1, '10.0.0.8:4000', '10.0.0.1:53', { fact: dnsQuery('1.0.0.10.in-addr.arpa', 12), app: 1 })]
    expect(build(pkts).taps.dns.pairCount).toBe(0)
  })

  it('records ARP claims and the target bindings of unicast frames, not of broadcasts or tunnels', () => {
    const pkts: Pkt[] = [
      { t: T0, src: '10.0.0.1', dst: '10.0.0.2', proto: 'arp', smac: '02:00:00:00:00:01', dmac: 'ff:ff:ff:ff:ff:ff' },
      { t: T0 + 1, src: '10.0.0.2', dst: '10.0.0.1', proto: 'arp', smac: '02:00:00:00:00:02', dmac: '02:00:00:00:00:01' },
    ]
    const { analysis, taps } = build(pkts)
    const ip = (text: string): number => [...taps.arp.byIp.keys()].find((id) => analysis.ctx.addresses.format(id) === text) ?? -1
    const one = taps.arp.byIp.get(ip('10.0.0.1')) ?? []
    expect(one.map((b) => [analysis.ctx.addresses.format(b.mac), b.claims, b.targets])).toEqual([['02:00:00:00:00:01', 1, 1]])
    expect(taps.arp.byIp.get(ip('10.0.0.2'))?.length).toBe(1)
  })

  it('keeps HTTP requests that match an indicator, with their endpoints', () => {
    const fact = { kind: 'http-request' as const, method: 'GET', uri: '/?q=%27%20union%20select%201', version: 'HTTP/1.1', host: 'h', userAgent: null }
    const { taps } = build([{ t: T0, src: '10.0.0.66:40000', dst: '10.0.0.80:80', proto: 'tcp', flags: 'PA', len: 100, fact, app: 3 }])
    expect(taps.http.requests).toBe(1)
    expect(taps.http.hits.map((h) => [h.dstPort, h.rules])).toEqual([[80, ['sqli-union']]])
  })
})
