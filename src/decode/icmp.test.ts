import { describe, expect, it } from 'vitest'
import { concat, decode, eth, hex, ipv4, ipv6, transport, udp } from './frame-test-kit.ts'

describe('ICMP', () => {
  it('puts type and code in the port columns and the echo identifier in icmpId', () => {
    const icmp = hex(`
      08 00        // type 8 (echo request), code 0
      f7ff         // checksum
      1234 0001    // identifier 0x1234, sequence 1
      6162636465   // data
    `)
    const d = decode(1, eth(0x0800, ipv4(1, icmp)))
    expect(d.layers).toEqual(['eth', 'ip', 'icmp'])
    expect(transport(d)).toEqual({ ipProto: 1, srcPort: 8, dstPort: 0, payloadLen: 5 })
    expect(d.batch.icmpId[d.row]).toBe(0x1234)
  })

  it('reads the quoted header of an error one level deep without counting its pair or writing columns', () => {
    const quoted = ipv4(17, udp(40000, 33434, new Uint8Array(0)), { src: '10.0.0.2', dst: '203.0.113.9' }).subarray(0, 28)
    const icmp = concat(hex('03 03 0000 00000000'), quoted) // destination unreachable, port unreachable, unused
    const d = decode(1, eth(0x0800, ipv4(1, icmp, { src: '10.0.0.1', dst: '10.0.0.2' })))
    expect(d.pairs).toEqual(['10.0.0.1 10.0.0.2']) // tshark's conversation table leaves the quoted pair out
    expect([d.src, d.dst]).toEqual(['10.0.0.1', '10.0.0.2'])
    expect(transport(d)).toEqual({ ipProto: 1, srcPort: 3, dstPort: 3, payloadLen: 28 })
    expect(d.layers).toEqual(['eth', 'ip', 'icmp'])
    expect(d.anomalies).toEqual({})
  })

  it('does not recurse into an ICMP error quoted inside an ICMP error', () => {
    const innermost = ipv4(17, udp(1, 2, new Uint8Array(0)), { src: '192.0.2.77' })
    const middle = ipv4(1, concat(hex('0b00 0000 00000000'), innermost), { src: '192.0.2.66' })
    const d = decode(1, eth(0x0800, ipv4(1, concat(hex('0300 0000 00000000'), middle))))
    expect(d.pairs).toEqual(['10.0.0.1 10.0.0.2'])
    expect(d.anomalies).toEqual({})
  })

  it('counts anomalies for a quoted header that is not IPv4 or is too short', () => {
    const wrongVersion = decode(1, eth(0x0800, ipv4(1, hex('0b00 0000 00000000 65000000'))))
    expect(wrongVersion.anomalies).toEqual({ 'icmpv4.ipv4_unknown_ver': 1 })
    const short = decode(1, eth(0x0800, ipv4(1, hex('0300 0000 00000000 4500001c 0000'))))
    expect(short.anomalies).toEqual({ 'icmpv4.ipv4_trunc_pkt': 1 })
    const badIhl = decode(1, eth(0x0800, ipv4(1, hex('0300 0000 00000000 4200001c 00000000 40110000 0a000002'))))
    expect(badIhl.anomalies).toEqual({ 'icmpv4.ipv4_hlen_too_small': 1 })
  })

  it('counts icmpv4.trunc_pkt for an error that quotes nothing', () => {
    expect(decode(1, eth(0x0800, ipv4(1, hex('0300 0000 00000000')))).anomalies).toEqual({ 'icmpv4.trunc_pkt': 1 })
  })

  it('counts icmpv4.pkt_too_small for fewer than 8 bytes', () => {
    const d = decode(1, eth(0x0800, ipv4(1, hex('0800 f7ff'))))
    expect(d.anomalies).toEqual({ 'icmpv4.pkt_too_small': 1 })
    expect(transport(d).srcPort).toBe(8)
  })
})

describe('ICMPv6', () => {
  it('reads type, code and the echo identifier', () => {
    const icmp = hex(`
      80 00     // type 128 (echo request), code 0
      0000      // checksum
      beef 0007 // identifier, sequence
      00000000  // data
    `)
    const d = decode(1, eth(0x86dd, ipv6(58, icmp)))
    expect(d.layers).toEqual(['eth', 'ipv6', 'icmpv6'])
    expect(transport(d)).toEqual({ ipProto: 58, srcPort: 128, dstPort: 0, payloadLen: 4 })
    expect(d.batch.icmpId[d.row]).toBe(0xbeef)
  })

  it('checks the quoted IPv6 header of an error without counting its pair', () => {
    const quoted = ipv6(17, udp(1, 2, new Uint8Array(0)), { srcLow: 2, dstLow: 0x99 })
    const d = decode(1, eth(0x86dd, ipv6(58, concat(hex('01 04 0000 00000000'), quoted))))
    expect(d.pairs).toEqual(['2001:db8::1 2001:db8::2'])
    expect(transport(d).srcPort).toBe(1)
    expect(d.anomalies).toEqual({})
  })

  it('counts icmpv6.ipv6_unknown_version, icmpv6.ipv6_trunc_pkt, icmpv6.trunc_pkt and icmpv6.pkt_too_small', () => {
    expect(decode(1, eth(0x86dd, ipv6(58, hex('0300 0000 00000000 45000000')))).anomalies).toEqual({ 'icmpv6.ipv6_unknown_version': 1 })
    expect(decode(1, eth(0x86dd, ipv6(58, hex('0300 0000 00000000 60000000')))).anomalies).toEqual({ 'icmpv6.ipv6_trunc_pkt': 1 })
    expect(decode(1, eth(0x86dd, ipv6(58, hex('0100 0000 00000000')))).anomalies).toEqual({ 'icmpv6.trunc_pkt': 1 })
    expect(decode(1, eth(0x86dd, ipv6(58, hex('80'))))).toMatchObject({ anomalies: { 'icmpv6.pkt_too_small': 1 } })
  })
})
