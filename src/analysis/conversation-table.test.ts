import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ConversationTable } from './conversation-table.ts'

const SYN = 2
const ACK = 16

describe('ConversationTable row hints', () => {
  it('uses a hint only while it is the current row of the endpoints: a stale hint after TCP port reuse is ignored', () => {
    const t = new ConversationTable()
    const first = t.add(1, 40000, 2, 80, 1, 60, SYN, 1000)
    expect(t.add(2, 80, 1, 40000, 1.1, 60, SYN | ACK, 5000, first)).toBe(first)
    // A new SYN with another sequence number starts a second conversation on the same ports (Wireshark).
    const second = t.add(1, 40000, 2, 80, 50, 60, SYN, 9000, first)
    expect(second).not.toBe(first)
    // A packet of some other conversation in between, so the table's own last-row shortcut does not apply.
    t.add(3, 1, 4, 2, 51, 60, ACK, 0)
    // The old row as a hint (e.g. from a flow that started before the reuse): the packet still goes to the new row.
    expect(t.add(2, 80, 1, 40000, 52, 70, ACK, 0, first)).toBe(second)
    expect(t.packetsBA(second)).toBe(1)
    expect(t.packetsAB(first) + t.packetsBA(first)).toBe(2)
  })

  it('ignores hints that point at another conversation or past the rows', () => {
    const t = new ConversationTable()
    const a = t.add(1, 1000, 2, 53, 1, 80, -1, 0)
    const b = t.add(3, 1000, 2, 53, 2, 80, -1, 0)
    expect(t.add(1, 1000, 2, 53, 3, 80, -1, 0, b)).toBe(a)
    expect(t.add(3, 1000, 2, 53, 4, 80, -1, 0, 12345)).toBe(b)
    expect(t.packetsAB(a)).toBe(2)
    expect(t.packetsAB(b)).toBe(2)
  })

  it('gives the same rows and counts with any hints as without', () => {
    // Packets over a few endpoints with SYNs that sometimes reuse ports; hints drawn at random (valid or not).
    const packet = fc.record({
      a: fc.integer({ min: 1, max: 2 }), b: fc.integer({ min: 1, max: 2 }), pa: fc.integer({ min: 1, max: 2 }), pb: fc.constant(9),
      flags: fc.constantFrom(SYN, SYN | ACK, ACK, 1), seq: fc.integer({ min: 0, max: 3 }), hint: fc.integer({ min: -1, max: 8 }),
    })
    fc.assert(
      fc.property(fc.array(packet, { maxLength: 60 }), (packets) => {
        const plain = new ConversationTable()
        const hinted = new ConversationTable()
        packets.forEach((p, i) => {
          const r1 = plain.add(p.a, p.pa, p.b, p.pb, i, 100, p.flags, p.seq)
          const r2 = hinted.add(p.a, p.pa, p.b, p.pb, i, 100, p.flags, p.seq, p.hint)
          expect(r2).toBe(r1)
        })
        expect(hinted.rows).toBe(plain.rows)
        for (let r = 0; r < plain.rows; r++) {
          expect([hinted.packetsAB(r), hinted.packetsBA(r), hinted.flags(r)]).toEqual([plain.packetsAB(r), plain.packetsBA(r), plain.flags(r)])
        }
      }),
      { seed: 20260121, numRuns: 500 },
    )
  })
})
