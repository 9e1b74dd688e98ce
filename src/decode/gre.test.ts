import { describe, expect, it } from 'vitest'
import { concat, decode, eth, hex, ipv4, tcp, transport, udp } from './frame-test-kit.ts'

const innerTcp = () => ipv4(6, tcp(40000, 443, new Uint8Array(7)), { src: '172.16.0.1', dst: '172.16.0.2' })

describe('GRE', () => {
  it('skips checksum, key and sequence number and reaches the inner TCP header', () => {
    const gre = hex(`
      b000        // C=1, R=0, K=1, S=1, version 0
      0800        // protocol type IPv4
      abcd 0000   // checksum, reserved
      00000064    // key 100
      00000001    // sequence number 1
    `)
    const d = decode(1, eth(0x0800, ipv4(47, concat(gre, innerTcp()))))
    expect(d.layers).toEqual(['eth', 'ip', 'tcp', 'gre'])
    expect([d.src, d.dst]).toEqual(['172.16.0.1', '172.16.0.2'])
    expect(transport(d)).toEqual({ ipProto: 6, srcPort: 40000, dstPort: 443, payloadLen: 7 })
    expect(d.pairs).toEqual(['10.0.0.1 10.0.0.2', '172.16.0.1 172.16.0.2'])
  })

  it('follows transparent Ethernet bridging (0x6558) into an inner Ethernet frame, keeping the outer MACs', () => {
    const inner = concat(hex('020000000001 020000000002 0800'), innerTcp())
    const d = decode(1, eth(0x0800, ipv4(47, concat(hex('2000 6558 00000007'), inner)))) // K=1, TEB, key 7
    expect(d.srcMac).toBe('66:77:88:99:aa:bb')
    expect(transport(d).dstPort).toBe(443)
  })

  it('follows PPTP enhanced GRE (version 1) into PPP', () => {
    const gre = hex(`
      3081        // K=1, S=1, A=1, version 1
      880b        // protocol PPP
      0022 0001   // payload length, call id
      00000005    // sequence number
      00000004    // acknowledgment number
      ff03 0021   // PPP address, control, protocol IPv4
    `)
    const d = decode(1, eth(0x0800, ipv4(47, concat(gre, innerTcp()))))
    expect(d.layers).toEqual(['eth', 'ppp', 'ip', 'tcp', 'gre'])
    expect(d.src).toBe('172.16.0.1')
  })

  it('skips an ERSPAN type II header (sequence bit set) before the mirrored frame', () => {
    const erspan = hex('1000 88be 00000001  10640000 00000000') // S=1, ERSPAN; ERSPAN II header (8 bytes)
    const d = decode(1, eth(0x0800, ipv4(47, concat(erspan, eth(0x0800, innerTcp())))))
    expect(d.src).toBe('172.16.0.1')
  })

  it('walks RFC 1701 source route entries to the null entry', () => {
    const gre = hex('4000 0800 0000 0000  0800 00 04 0a000001  0000 00 00') // R=1; one SRE of 4 bytes; null SRE
    expect(decode(1, eth(0x0800, ipv4(47, concat(gre, innerTcp())))).src).toBe('172.16.0.1')
  })

  it('caps the source route entries with gre.too_many_source_routes', () => {
    const routes = hex(`4000 0800 0000 0000 ${'0800 00 04 0a000001 '.repeat(20)} 0000 00 00`)
    expect(decode(1, eth(0x0800, ipv4(47, concat(routes, innerTcp())))).anomalies).toEqual({ 'gre.too_many_source_routes': 1 })
  })

  it('counts gre.pkt_too_small, gre.wrong_version and gre.version1_malformed', () => {
    expect(decode(1, eth(0x0800, ipv4(47, hex('0000')))).anomalies).toEqual({ 'gre.pkt_too_small': 1 })
    expect(decode(1, eth(0x0800, ipv4(47, hex('b000 0800 0000')))).anomalies).toEqual({ 'gre.pkt_too_small': 1 })
    expect(decode(1, eth(0x0800, ipv4(47, hex('0002 0800 00000000')))).anomalies).toEqual({ 'gre.wrong_version': 1 })
    expect(decode(1, eth(0x0800, ipv4(47, hex('0001 0800 00000000')))).anomalies).toEqual({ 'gre.version1_malformed': 1 })
  })

  it('is carried in UDP too (GRE-in-UDP, port 4754)', () => {
    const d = decode(1, eth(0x0800, ipv4(17, udp(50000, 4754, concat(hex('0000 0800'), innerTcp())))))
    expect(d.layers).toEqual(['eth', 'ip', 'tcp', 'udp', 'gre'])
    expect(transport(d).srcPort).toBe(40000)
  })
})
