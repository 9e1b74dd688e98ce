import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DnsAnswer, DnsFact } from '../model/app-facts.ts'
import { DnsFactPack } from './dns-fact-pack.ts'

const u16 = fc.integer({ min: 0, max: 0xffff })
const name = fc.oneof(fc.constantFrom('example.org', 'a.b', '', 'WWW-CMU.ANDREW.cmu.edu'), fc.string({ maxLength: 20 }))
const answer: fc.Arbitrary<DnsAnswer> = fc.record({ name, type: u16, ttl: fc.integer({ min: 0, max: 0xffffffff }), data: name })

/** A fact with the decoder's fields in the decoder's order. */
const fact: fc.Arbitrary<DnsFact> = fc
  .tuple(u16, fc.boolean(), fc.nat(15), fc.nat(15), fc.option(name, { nil: null }), u16, u16, u16, fc.array(answer, { maxLength: 5 }), fc.tuple(u16, u16, u16, u16))
  .map(([id, isResponse, opcode, rcode, qname, qtype, qclass, questions, answers, counts]) => ({
    kind: 'dns', id, isResponse, opcode, rcode, qname, qtype, qclass, questions, answers, counts,
  }))

describe('DnsFactPack', () => {
  it('gives back facts equal to the packed ones, field order included (property, seed 11)', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 300 }), (facts) => {
        const pack = new DnsFactPack()
        const rows = facts.map((f) => pack.pack(f))
        expect(rows).toEqual(facts.map((_, i) => i))
        expect(pack.size).toBe(facts.length)
        for (let i = 0; i < facts.length; i++) {
          expect(pack.isResponse(i)).toBe(facts[i].isResponse)
          expect(JSON.stringify(pack.fact(i))).toBe(JSON.stringify(facts[i]))
        }
      }),
      { seed: 11, numRuns: 60 },
    )
  })

  it('refuses, changing nothing, a fact with a value its columns cannot hold or with other fields', () => {
    const good: DnsFact = { kind: 'dns', id: 1, isResponse: true, opcode: 0, rcode: 3, qname: 'x.test', qtype: 1, qclass: 1, questions: 1, answers: [], counts: [1, 0, 0, 0] }
    const pack = new DnsFactPack()
    const bad: unknown[] = [
      { ...good, id: 70_000 },
      { ...good, opcode: 16 },
      { ...good, qtype: -1 },
      { ...good, questions: 1.5 },
      { ...good, counts: [1, 0, 0] },
      { ...good, answers: [{ name: 'a', type: 1, ttl: 2 ** 32, data: 'b' }] },
      { ...good, answers: [{ name: 'a', type: 1, ttl: 5, data: 'b', extra: 1 }] },
      { ...good, extra: true },
      // The same fields in another order would come back in the decoder's order: kept as an object instead.
      { id: 1, kind: 'dns', isResponse: true, opcode: 0, rcode: 3, qname: 'x.test', qtype: 1, qclass: 1, questions: 1, answers: [], counts: [1, 0, 0, 0] },
    ]
    for (const f of bad) expect(pack.pack(f as DnsFact)).toBe(-1)
    expect(pack.size).toBe(0)
    expect(pack.pack(good)).toBe(0)
    expect(pack.fact(0)).toEqual(good)
  })

  it('crosses a structured clone as exported data and refuses columns that do not fit', () => {
    const pack = new DnsFactPack()
    const f: DnsFact = { kind: 'dns', id: 9, isResponse: true, opcode: 0, rcode: 0, qname: 'q.test', qtype: 28, qclass: 1, questions: 1, answers: [{ name: 'q.test', type: 28, ttl: 60, data: '2001:db8::1' }], counts: [1, 1, 0, 0] }
    for (let i = 0; i < 500; i++) pack.pack({ ...f, id: i })
    const other = new DnsFactPack()
    other.adoptPack(structuredClone(pack.exportPack()))
    expect(other.size).toBe(500)
    expect(other.fact(499)).toEqual({ ...f, id: 499 })
    const e = pack.exportPack()
    expect(() => new DnsFactPack().adoptPack({ ...e, columns: { ...e.columns, qtype: new Uint16Array(3) } })).toThrow(/qtype/)
  })
})
