import { describe, expect, it } from 'vitest'
import { AddrKind, AddressTable } from './address-table.ts'

const v6 = Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef])
const mac = Uint8Array.from([0xf2, 0x00, 0x00, 0x00, 0x00, 0x01])

describe('AddressTable', () => {
  it('interns each address once, whatever its top bit (ids stable across the caches)', () => {
    const t = new AddressTable()
    const high = t.ipv4(0xc6120001) // 198.18.0.1: above 2^31
    const low = t.ipv4(0x0a000001)
    expect(t.ipv4(0xc6120001)).toBe(high)
    expect(t.ipv4(0x0a000001)).toBe(low)
    expect(t.format(high)).toBe('198.18.0.1')
    expect(t.ipv4Value(high)).toBe(0xc6120001)
    const m = t.mac(mac, 0)
    expect(t.mac(mac, 0)).toBe(m)
    expect(t.format(m)).toBe('f2:00:00:00:00:01')
    const a6 = t.ipv6(v6, 0)
    expect(t.ipv6(v6, 0)).toBe(a6)
    expect(t.format(a6)).toBe('2001:db8::dead:beef')
    expect(t.count).toBe(4)
  })

  it('keeps ids right through many addresses (cache collisions, table growth)', () => {
    const t = new AddressTable()
    const ids = new Map<number, number>()
    for (let i = 0; i < 20000; i++) ids.set(i * 2654435761 >>> 0, t.ipv4(i * 2654435761))
    for (const [addr, id] of ids) {
      expect(t.ipv4(addr)).toBe(id)
      expect(t.ipv4Value(id)).toBe(addr)
    }
  })

  it('keeps MAC and IPv4 ids apart and right when their caches collide and the table grows', () => {
    const t = new AddressTable()
    const macIds = new Map<string, number>()
    const v4Ids = new Map<number, number>()
    const bytes = new Uint8Array(6)
    for (let i = 0; i < 12000; i++) {
      // MACs differing only in the low 16 bits or only in the high 32 bits, with an IPv4 address between them.
      const hi = (i % 7) * 0x01000193
      const lo = (i * 40503) & 0xffff
      bytes[0] = hi >>> 24
      bytes[1] = (hi >>> 16) & 255
      bytes[2] = (hi >>> 8) & 255
      bytes[3] = hi & 255
      bytes[4] = lo >>> 8
      bytes[5] = lo & 255
      const key = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':')
      const id = t.mac(bytes, 0)
      if (macIds.has(key)) expect(id).toBe(macIds.get(key))
      else macIds.set(key, id)
      const v4 = (hi ^ lo) >>> 0
      const v4Id = t.ipv4(v4)
      if (v4Ids.has(v4)) expect(v4Id).toBe(v4Ids.get(v4))
      else v4Ids.set(v4, v4Id)
    }
    expect(t.count).toBe(macIds.size + v4Ids.size)
    for (const [key, id] of macIds) {
      expect(t.kind(id)).toBe(AddrKind.MAC)
      expect(t.format(id)).toBe(key)
    }
    for (const [v4, id] of v4Ids) {
      expect(t.ipv4(v4)).toBe(id)
      expect(t.ipv4Value(id)).toBe(v4)
    }
  })

  it('keeps IPv6 ids right when addresses differ in any one word and the cache evicts', () => {
    const t = new AddressTable()
    const ids = new Map<string, number>()
    const bytes = new Uint8Array(16)
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 6000; i++) {
        bytes.set(v6)
        const w = i % 4 // which 32-bit word differs from the base address
        bytes[w * 4 + 2] = (i >>> 8) & 255
        bytes[w * 4 + 3] = i & 255
        const key = Array.from(bytes).join('.')
        const id = t.ipv6(bytes, 0)
        expect(t.kind(id)).toBe(AddrKind.IPv6)
        if (ids.has(key)) expect(id).toBe(ids.get(key))
        else ids.set(key, id)
      }
    }
    // Distinct addresses got distinct ids (a wrong cache hit would hand one address another's id).
    expect(new Set(ids.values()).size).toBe(ids.size)
    expect(t.count).toBe(ids.size)
    expect(ids.size).toBeGreaterThan(5000)
  })

  it('copies entries to another table so every id names the same address there', () => {
    const a = new AddressTable()
    const b = new AddressTable()
    a.ipv4(0xc0a80001)
    a.mac(mac, 0)
    expect(b.appendEntries(a.entriesFrom(1))).toBe(true)
    const from = a.size
    a.ipv6(v6, 0)
    a.ipv4(0xffffffff)
    expect(b.appendEntries(a.entriesFrom(from))).toBe(true)
    expect(b.size).toBe(a.size)
    for (let id = 1; id < a.size; id++) {
      expect(b.kind(id)).toBe(a.kind(id))
      expect(b.format(id)).toBe(a.format(id))
    }
    // Interning in the copy finds the copied ids.
    expect(b.ipv4(0xffffffff)).toBe(a.ipv4(0xffffffff))
    expect(b.kind(b.mac(mac, 0))).toBe(AddrKind.MAC)
  })

  it('refuses entries that do not continue the table', () => {
    const a = new AddressTable()
    a.ipv4(1)
    a.ipv4(2)
    const b = new AddressTable()
    expect(b.appendEntries(a.entriesFrom(2))).toBe(false)
    expect(b.size).toBe(1)
  })
})
