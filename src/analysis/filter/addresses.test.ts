import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AddressTable, formatIPv4, formatIPv6 } from '../../model/address-table.ts'
import { compareWords, parseAddressInto, parseIPv4, parseIPv6Into, parseMacInto } from './addresses.ts'
import { closest, editDistance } from './suggest.ts'

const words = (): Uint32Array => new Uint32Array(4)

describe('address text to words', () => {
  it('parses dotted quads and rejects near misses', () => {
    expect(parseIPv4('10.0.0.1')).toBe(0x0a000001)
    expect(parseIPv4('255.255.255.255')).toBe(0xffffffff)
    expect(parseIPv4('010.000.000.001')).toBe(0x0a000001)
    for (const bad of ['10.0.0.300', '10.0.0', '10.0.0.1.', '1.2.3.4.5', '1..2.3', '', '1.2.3.a', '1.2.3.0001']) expect(parseIPv4(bad)).toBe(-1)
  })

  it('reads back every IPv4 and IPv6 address AddressTable prints', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 4, maxLength: 4 }), fc.nat(15), (w, zeros) => {
        // Zero some words so "::" runs of every length and position occur.
        const v = w.map((x, i) => ((zeros >> i) & 1 ? 0 : x))
        const out = words()
        expect(parseIPv6Into(formatIPv6(v[0], v[1], v[2], v[3]), out)).toBe(true)
        expect([...out]).toEqual(v)
        expect(parseIPv4(formatIPv4(v[0]))).toBe(v[0])
      }),
      { seed: 7, numRuns: 1000 },
    )
  })

  it('parses IPv6 forms: compressed, full, upper case, embedded IPv4', () => {
    const out = words()
    expect(parseIPv6Into('::', out) && [...out]).toEqual([0, 0, 0, 0])
    expect(parseIPv6Into('::1', out) && [...out]).toEqual([0, 0, 0, 1])
    expect(parseIPv6Into('2001:DB8::', out) && [...out]).toEqual([0x20010db8, 0, 0, 0])
    expect(parseIPv6Into('1:2:3:4:5:6:7:8', out) && [...out]).toEqual([0x10002, 0x30004, 0x50006, 0x70008])
    expect(parseIPv6Into('::ffff:192.0.2.1', out) && [...out]).toEqual([0, 0, 0xffff, 0xc0000201])
    for (const bad of [':', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::', '1:', ':1', 'g::', '::1.2.3', '1:2:3:4:5:6:7:1.2.3.4']) {
      expect(parseIPv6Into(bad, out)).toBe(false)
    }
  })

  it('parses MACs in colon, hyphen and dotted forms like AddressTable stores them', () => {
    const table = new AddressTable()
    const id = table.mac(Uint8Array.of(0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff), 0)
    const out = words()
    expect(parseAddressInto(table.format(id), out)).toBe(48)
    expect([...out]).toEqual([0xaabbccdd, 0xeeff, 0, 0])
    for (const text of ['AA-BB-CC-DD-EE-FF', 'aabb.ccdd.eeff']) {
      expect(parseMacInto(text, out) && [...out]).toEqual([0xaabbccdd, 0xeeff, 0, 0])
    }
    for (const bad of ['aa:bb:cc:dd:ee', 'aa:bb:cc:dd:ee:fg', 'aa:bb-cc:dd:ee:ff', 'aabb:ccdd:eeff']) expect(parseMacInto(bad, out)).toBe(false)
  })

  it('tells address kinds apart and orders words without sign trouble', () => {
    const out = words()
    expect(parseAddressInto('1.2.3.4', out)).toBe(4)
    expect(parseAddressInto('fe80::1', out)).toBe(6)
    expect(parseAddressInto('not an address', out)).toBe(0)
    expect(parseAddressInto('', out)).toBe(0)
    expect(compareWords(Uint32Array.of(0x80000000), Uint32Array.of(1), 1)).toBe(1)
    expect(compareWords(Uint32Array.of(1, 2), Uint32Array.of(1, 3), 2)).toBe(-1)
  })
})

describe('suggestions', () => {
  it('counts edits, swaps as one', () => {
    expect(editDistance('ip.adr', 'ip.addr')).toBe(1)
    expect(editDistance('tcp.prot', 'tcp.port')).toBe(1)
    expect(editDistance('abc', 'xyz')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
  })

  it('suggests only close names', () => {
    expect(closest('ip.adr', ['ip.src', 'ip.addr', 'ip.dst'])).toBe('ip.addr')
    expect(closest('TLS.SIN', ['tls.sni', 'tls.ja3'])).toBe('tls.sni')
    expect(closest('zzzzzz', ['ip.addr', 'tcp'])).toBeNull()
    expect(closest('x'.repeat(10000), ['ip.addr'])).toBeNull()
  })
})
