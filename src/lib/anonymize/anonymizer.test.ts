import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6, parseMac } from './address-text.ts'
import { Anonymizer } from './anonymizer.ts'
import { HmacKey } from './hmac-sha256.ts'
import { PrefixPreservingMap } from './prefix-preserving.ts'

const KEY = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1)
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')

/** Length of the common leading bit string of two equal-length byte arrays. */
function commonPrefixBits(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length * 8; i++) {
    const m = 0x80 >> (i & 7)
    if ((a[i >> 3] & m) !== (b[i >> 3] & m)) return i
  }
  return a.length * 8
}

describe('HMAC-SHA-256', () => {
  it('matches RFC 4231 test case 2', () => {
    const h = new HmacKey(new TextEncoder().encode('Jefe')).mac(new TextEncoder().encode('what do ya want for nothing?'))
    expect(hex(h)).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843')
  })

  it('matches RFC 4231 test case 6 (a key longer than the block)', () => {
    const h = new HmacKey(new Uint8Array(131).fill(0xaa)).mac(new TextEncoder().encode('Test Using Larger Than Block-Size Key - Hash Key First'))
    expect(hex(h)).toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54')
  })
})

describe('prefix-preserving IP anonymisation', () => {
  const map = new PrefixPreservingMap(KEY)

  it('keeps exactly the common prefix of any two addresses (subnets stay subnets), IPv4 and IPv6 (seed 5)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.uint8Array({ minLength: 4, maxLength: 4 }), (a, b) => {
        expect(commonPrefixBits(map.mapBytes(a), map.mapBytes(b))).toBe(commonPrefixBits(a, b))
      }),
      { seed: 5, numRuns: 300 },
    )
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.nat(127), (a, flip) => {
        const b = a.slice()
        b[flip >> 3] ^= 0x80 >> (flip & 7) // b differs from a first at bit `flip`
        expect(commonPrefixBits(map.mapBytes(a), map.mapBytes(b))).toBe(flip)
      }),
      { seed: 5, numRuns: 100 },
    )
  })

  it('is a bijection: a whole /20 maps onto 4,096 distinct addresses of one /20, and unmapBytes undoes it', () => {
    const images = new Set<number>()
    let prefix: string | null = null
    for (let i = 0; i < 4096; i++) {
      const a = 0x0a000000 | (0x123 << 12) | i // 10.18.48.0/20
      const m = map.mapIPv4(a)
      images.add(m)
      const p = (m >>> 12).toString(16)
      prefix ??= p
      expect(p).toBe(prefix)
    }
    expect(images.size).toBe(4096)
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (a) => {
        expect(map.unmapBytes(map.mapBytes(a))).toEqual(a)
      }),
      { seed: 6, numRuns: 50 },
    )
  })

  it('depends on the key: two keys map the same address differently', () => {
    const other = new PrefixPreservingMap(KEY.map((b) => b ^ 1))
    const addresses = ['192.168.1.10', '10.0.0.1', '8.8.8.8', '172.16.5.4'].map((s) => parseIPv4(s) as Uint8Array)
    const same = addresses.filter((a) => hex(map.mapBytes(a)) === hex(other.mapBytes(a)))
    expect(same.length).toBe(0)
  })
})

describe('Anonymizer on text', () => {
  const anon = new Anonymizer(KEY)

  it('maps whole addresses of every kind and keeps the form', () => {
    const v4 = anon.address('192.168.1.10') as string
    expect(parseIPv4(v4)).not.toBeNull()
    expect(v4).not.toBe('192.168.1.10')
    const v6 = anon.address('2001:db8::1') as string
    expect(parseIPv6(v6)).not.toBeNull()
    expect(v6).toBe(formatIPv6(parseIPv6(v6) as Uint8Array))
    expect(anon.address('2001:DB8:0:0:0:0:0:1')).toBe(v6) // the same address in another text form
    const mac = anon.address('00:11:22:33:44:55') as string
    expect(parseMac(mac)).not.toBeNull()
    expect(parseInt(mac.slice(0, 2), 16) & 0x03).toBe(0x02) // locally administered unicast
    expect(anon.address('ff:ff:ff:ff:ff:ff')).toBe('ff:ff:ff:ff:ff:ff') // broadcast kept
    expect(anon.address('not an address')).toBeNull()
  })

  it('keeps the vendor part of MACs when asked', () => {
    const keep = new Anonymizer(KEY, { keepOui: true })
    expect(keep.address('00:11:22:33:44:55')?.startsWith('00:11:22:')).toBe(true)
  })

  it('replaces addresses inside text: ports, flow ids, brackets, sentences; leaves times and names alone', () => {
    const a = anon.address('10.0.0.1') as string
    const b = anon.address('10.0.0.2') as string
    expect(anon.text('10.0.0.1:443')).toBe(`${a}:443`)
    expect(anon.text('10.0.0.1-10.0.0.2-51000-443-6')).toBe(`${a}-${b}-51000-443-6`)
    expect(anon.text('Host 10.0.0.1 scanned 10.0.0.2.')).toBe(`Host ${a} scanned ${b}.`)
    expect(anon.text('[2001:db8::1]:53')).toBe(`[${anon.address('2001:db8::1')}]:53`)
    expect(anon.text('12:03:04.123 www.example.com 1.5')).toBe('12:03:04.123 www.example.com 1.5')
  })

  it('anonymises JSON values and keys without recursion or prototype changes', () => {
    const input = JSON.parse('{"talkers":[{"address":"10.0.0.1","bytes":5}],"10.0.0.2":{"n":1},"__proto__":{"x":"10.0.0.1"}}')
    const out = anon.json(input) as Record<string, unknown>
    const text = JSON.stringify(out)
    expect(text).not.toContain('10.0.0.1')
    expect(text).not.toContain('10.0.0.2')
    expect(Object.hasOwn(out, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>).x).toBeUndefined()
    let deep: unknown = '10.0.0.1'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(() => anon.json(deep)).not.toThrow()
  })

  it('a passphrase gives the same mapping every time; random keys differ', () => {
    const a = Anonymizer.fromPassphrase('correct horse battery staple').address('10.1.2.3')
    const b = Anonymizer.fromPassphrase('correct horse battery staple').address('10.1.2.3')
    const c = Anonymizer.fromPassphrase('another passphrase').address('10.1.2.3')
    expect(a).toBe(b)
    expect(c).not.toBe(a)
    expect(Anonymizer.random().address('10.1.2.3')).not.toBe(Anonymizer.random().address('10.1.2.3'))
  })

  it('formats addresses canonically', () => {
    expect(formatIPv4(Uint8Array.of(10, 0, 0, 1))).toBe('10.0.0.1')
    expect(formatIPv6(parseIPv6('2001:db8:0:0:1:0:0:1') as Uint8Array)).toBe('2001:db8::1:0:0:1')
    expect(formatIPv6(parseIPv6('::ffff:192.0.2.1') as Uint8Array)).toBe('::ffff:c000:201')
    expect(parseIPv6('1::2::3')).toBeNull()
    expect(parseIPv4('256.1.1.1')).toBeNull()
  })
})
