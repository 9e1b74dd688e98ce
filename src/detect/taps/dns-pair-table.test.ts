import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DnsPairTable, MAX_SERVERS } from './dns-pair-table.ts'

describe('DNS pair table', () => {
  it('finds every pair it added, past several growths, and no pair it did not add', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 300 })), { maxLength: 3000 }), (asks) => {
        const table = new DnsPairTable()
        const model = new Map<string, number>()
        for (const [client, domain] of asks) {
          const name = `d${domain}.test`
          const d = table.domainId(name)
          const found = d < 0 ? -1 : table.find(client, d)
          expect(found).toBe(model.get(`${client} ${name}`) ?? -1)
          if (found < 0) model.set(`${client} ${name}`, table.add(client, name, 1, 0, name))
        }
        expect(table.count).toBe(model.size)
        expect(table.find(9999, 0)).toBe(-1)
      }),
      { seed: 6, numRuns: 40 },
    )
  })

  it('lists pairs client by client in the order the clients first asked', () => {
    const table = new DnsPairTable()
    const a = table.add(7, 'a.test', 1, 0, 'x.a.test')
    const b = table.add(3, 'a.test', 1, 0, 'x.a.test')
    const c = table.add(7, 'b.test', 1, 0, 'x.b.test')
    const d = table.add(3, 'c.test', 1, 0, 'x.c.test')
    expect([...table.order()]).toEqual([a, c, b, d])
  })

  it('counts distinct subdomains with set semantics and keeps servers in first-asked order up to the cap', () => {
    const table = new DnsPairTable()
    const p = table.add(1, 'a.test', 100, 0, 'x.a.test')
    for (const sub of ['x', 'y', 'x', 'z', 'y']) table.addSub(p, sub)
    expect(table.distinctSubs(p)).toBe(3)
    for (let s = 0; s < 20; s++) table.addServer(p, 100 + (s % 12))
    expect(table.servers(p)).toEqual([100, 101, 102, 103, 104, 105, 106, 107].slice(0, MAX_SERVERS))
  })
})
