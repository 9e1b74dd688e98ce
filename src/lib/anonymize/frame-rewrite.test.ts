import { describe, expect, it } from 'vitest'
import { concat, decode, eth, hex, ipv4, ipv6, tcp, udp } from '../../decode/frame-test-kit.ts'
import { Anonymizer } from './anonymizer.ts'
import { rewriteFrameAddresses } from './frame-rewrite.ts'

const anon = new Anonymizer(Uint8Array.from({ length: 32 }, (_, i) => 255 - i))

/** One's-complement sum of 16-bit words (a trailing odd byte padded with zero). */
function sum16(parts: readonly Uint8Array[]): number {
  let s = 0
  for (const p of parts) for (let i = 0; i < p.length; i += 2) s += (p[i] << 8) | (p[i + 1] ?? 0)
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16)
  return s
}

const word = (v: number) => Uint8Array.of(v >> 8, v & 0xff)

/** Fills in the IPv4 header checksum and the TCP/UDP checksum of an Ethernet/IPv4 frame (a from-scratch oracle). */
function fillIPv4Checksums(f: Uint8Array): Uint8Array {
  const ip = 14
  const ihl = (f[ip] & 15) * 4
  f[ip + 10] = f[ip + 11] = 0
  f.set(word(~sum16([f.subarray(ip, ip + ihl)]) & 0xffff), ip + 10)
  const proto = f[ip + 9]
  const l4 = ip + ihl
  const len = f.length - l4
  const at = proto === 6 ? l4 + 16 : l4 + 6
  f[at] = f[at + 1] = 0
  const pseudo = concat(f.subarray(ip + 12, ip + 20), Uint8Array.of(0, proto), word(len))
  f.set(word(~sum16([pseudo, f.subarray(l4)]) & 0xffff), at)
  return f
}

function ipv4ChecksumsValid(f: Uint8Array): boolean {
  const ip = 14
  const ihl = (f[ip] & 15) * 4
  const proto = f[ip + 9]
  const l4 = ip + ihl
  const pseudo = concat(f.subarray(ip + 12, ip + 20), Uint8Array.of(0, proto), word(f.length - l4))
  return sum16([f.subarray(ip, ip + ihl)]) === 0xffff && sum16([pseudo, f.subarray(l4)]) === 0xffff
}

function ipv6UdpChecksumValid(f: Uint8Array): boolean {
  const ip = 14
  const l4 = ip + 40
  const pseudo = concat(f.subarray(ip + 8, ip + 40), Uint8Array.of(0, 0), word(f.length - l4), Uint8Array.of(0, 0, 0, 17))
  return sum16([pseudo, f.subarray(l4)]) === 0xffff
}

describe('rewriteFrameAddresses', () => {
  it('maps MACs and IPv4 addresses and keeps the IPv4 and TCP checksums valid', () => {
    const original = fillIPv4Checksums(eth(0x0800, ipv4(6, tcp(40000, 443, new Uint8Array(33).fill(7)), { src: '192.168.1.10', dst: '10.0.0.1' })))
    expect(ipv4ChecksumsValid(original)).toBe(true)
    const f = original.slice()
    expect(rewriteFrameAddresses(anon, 1, f, 0, f.length)).toBe(true)
    expect(ipv4ChecksumsValid(f)).toBe(true)
    const d = decode(1, f)
    expect(d.src).toBe(anon.address('192.168.1.10'))
    expect(d.dst).toBe(anon.address('10.0.0.1'))
    expect(d.srcMac).toBe(anon.address('66:77:88:99:aa:bb'))
    expect(d.layers).toEqual(['eth', 'ip', 'tcp'])
    expect(f.subarray(14 + 20 + 20)).toEqual(original.subarray(14 + 20 + 20)) // the payload is untouched
  })

  it('keeps the checksum right when the payload it covers was not captured (incremental update)', () => {
    const full = fillIPv4Checksums(eth(0x0800, ipv4(17, udp(5353, 53, new Uint8Array(200).fill(3)), { src: '172.16.0.5', dst: '172.16.0.9' })))
    const whole = full.slice()
    rewriteFrameAddresses(anon, 1, whole, 0, whole.length)
    const cut = full.slice(0, 60) // snaplen 60: most of the UDP payload missing
    rewriteFrameAddresses(anon, 1, cut, 0, cut.length)
    expect(cut).toEqual(whole.subarray(0, 60))
    expect(ipv4ChecksumsValid(whole)).toBe(true)
  })

  it('maps IPv6 addresses and keeps the UDP checksum valid; a zero UDP/IPv4 checksum stays zero', () => {
    const f6 = eth(0x86dd, ipv6(17, udp(1000, 53, new Uint8Array(12).fill(1)), { srcLow: 0x10, dstLow: 0x20 }))
    const pseudo = concat(f6.subarray(22, 54), Uint8Array.of(0, 0), word(20), Uint8Array.of(0, 0, 0, 17))
    f6.set(word(~sum16([pseudo, f6.subarray(54)]) & 0xffff), 54 + 6)
    expect(ipv6UdpChecksumValid(f6)).toBe(true)
    rewriteFrameAddresses(anon, 1, f6, 0, f6.length)
    expect(ipv6UdpChecksumValid(f6)).toBe(true)
    expect(decode(1, f6).src).toBe(anon.address('2001:db8::10'))
    const noSum = eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(4))))
    rewriteFrameAddresses(anon, 1, noSum, 0, noSum.length)
    expect(noSum[14 + 20 + 6] | noSum[14 + 20 + 7]).toBe(0)
  })

  it('rewrites ARP sender and target, and the IPv4 header quoted in an ICMP error', () => {
    const arp = eth(0x0806, hex('0001 0800 06 04 0001 66778899aabb c0a8010a 000000000000 c0a80101'))
    rewriteFrameAddresses(anon, 1, arp, 0, arp.length)
    const a = 14
    expect(Array.from(arp.subarray(a + 14, a + 18)).join('.')).toBe(anon.address('192.168.1.10'))
    expect(Array.from(arp.subarray(a + 24, a + 28)).join('.')).toBe(anon.address('192.168.1.1'))
    const quoted = ipv4(17, udp(1, 53, new Uint8Array(0)), { src: '10.0.0.7', dst: '8.8.8.8' })
    const icmp = eth(0x0800, ipv4(1, concat(hex('0303 0000 00000000'), quoted), { src: '8.8.8.8', dst: '10.0.0.7' }))
    rewriteFrameAddresses(anon, 1, icmp, 0, icmp.length)
    const q = 14 + 20 + 8
    expect(Array.from(icmp.subarray(q + 12, q + 16)).join('.')).toBe(anon.address('10.0.0.7'))
  })

  it('follows VLAN tags, and knows raw IP and Linux cooked captures; refuses link types it cannot rewrite', () => {
    const tagged = eth(0x8100, concat(hex('0005 0800'), ipv4(17, udp(1, 2, new Uint8Array(4)), { src: '10.9.9.9' })))
    rewriteFrameAddresses(anon, 1, tagged, 0, tagged.length)
    expect(Array.from(tagged.subarray(18 + 12, 18 + 16)).join('.')).toBe(anon.address('10.9.9.9'))
    const raw = ipv4(17, udp(1, 2, new Uint8Array(4)), { src: '10.9.9.9' })
    rewriteFrameAddresses(anon, 101, raw, 0, raw.length)
    expect(Array.from(raw.subarray(12, 16)).join('.')).toBe(anon.address('10.9.9.9'))
    const sll = concat(hex('0000 0001 0006 66778899aabb 0000 0800'), ipv4(17, udp(1, 2, new Uint8Array(4)), { src: '10.9.9.9' }))
    rewriteFrameAddresses(anon, 113, sll, 0, sll.length)
    expect(Array.from(sll.subarray(16 + 12, 16 + 16)).join('.')).toBe(anon.address('10.9.9.9'))
    expect(rewriteFrameAddresses(anon, 105, new Uint8Array(40), 0, 40)).toBe(false) // 802.11: not rewritten
  })

  it('never reads past the captured bytes: any cut of a frame is rewritten without a throw', () => {
    const f = fillIPv4Checksums(eth(0x0800, ipv4(6, tcp(1, 2, new Uint8Array(10)), { src: '10.1.1.1' })))
    for (let n = 0; n <= f.length; n++) {
      const cut = f.slice(0, n)
      expect(() => rewriteFrameAddresses(anon, 1, cut, 0, n)).not.toThrow()
    }
  })
})
