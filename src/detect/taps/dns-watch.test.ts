import { describe, expect, it } from 'vitest'
import type { DnsFact } from '../../model/app-facts.ts'
import { DnsWatch } from './dns-watch.ts'

const T0 = 1_700_000_000

function fact(qname: string, isResponse = false, rcode = 0, qtype = 1): DnsFact {
  return { kind: 'dns', id: 1, isResponse, opcode: 0, rcode, qname, qtype, qclass: 1, questions: 1, answers: [], counts: [1, 0, 0, 0] }
}

describe('DNS watch', () => {
  it('keeps per-pair sums, the longest label and NXDOMAIN answers of each (client, domain)', () => {
    const w = new DnsWatch()
    w.addFact(fact('abc.defghij.tunnel.example.com', false, 0, 16), 5, 9, T0 + 2)
    w.addFact(fact('x.tunnel.example.com'), 5, 9, T0)
    w.addFact(fact('x.tunnel.example.com', true, 3), 5, 9, T0 + 3)
    w.addFact(fact('www.example.org'), 6, 9, T0 + 1)
    const pairs = [...w.domains()]
    expect(pairs.map((s) => [s.client, s.domain])).toEqual([[5, 'example.com'], [6, 'example.org']])
    const [a] = pairs
    expect([a.queries, a.distinctSubs, a.maxLabel, a.txt, a.nxdomain, a.first, a.last]).toEqual([2, 2, 7, 1, 1, T0, T0 + 2])
    expect(a.subLengthSum).toBe('abc.defghij.tunnel'.length + 'x.tunnel'.length)
    expect(a.example).toBe('abc.defghij.tunnel.example.com')
    expect(w.nxByClient.get(5)?.names.size).toBe(1)
  })

  it('leaves out pairs with fewer distinct subdomains than asked for', () => {
    const w = new DnsWatch()
    for (let i = 0; i < 40; i++) w.addFact(fact(`q${i}.data.example.net`), 1, 2, T0 + i)
    w.addFact(fact('www.example.org'), 1, 2, T0)
    expect([...w.domains(30)].map((s) => s.domain)).toEqual(['example.net'])
    expect(w.pairCount).toBe(2)
  })
})
