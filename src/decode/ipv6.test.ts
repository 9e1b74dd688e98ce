import { describe, expect, it } from 'vitest'
import { Net } from '../model/packet-batch.ts'
import { concat, decode, eth, hex, ipv4, ipv6, transport, udp } from './frame-test-kit.ts'

const udpPayload = (n: number) => udp(40000, 40001, new Uint8Array(n))

describe('IPv6', () => {
  it('fills the network columns and counts the address pair', () => {
    const frame = eth(0x86dd, hex(`
      6 00 00000        // version 6, traffic class, flow label
      000c              // payload length 12
      11                // next header UDP
      2a                // hop limit 42
      20010db8000000000000000000000001   // source 2001:db8::1
      20010db8000000000000000000000002   // destination 2001:db8::2
      9c40 9c41 000c 0000 01020304       // UDP 40000 -> 40001, length 12
    `))
    const d = decode(1, frame)
    expect(d.layers).toEqual(['eth', 'ipv6', 'udp'])
    expect(d.batch.net[d.row]).toBe(Net.IPv6)
    expect(d.batch.ttl[d.row]).toBe(42)
    expect([d.src, d.dst]).toEqual(['2001:db8::1', '2001:db8::2'])
    expect(transport(d)).toEqual({ ipProto: 17, srcPort: 40000, dstPort: 40001, payloadLen: 4 })
    expect(d.pairs).toEqual(['2001:db8::1 2001:db8::2'])
  })

  it('walks hop-by-hop and destination options to the upper-layer header', () => {
    const chain = hex(`
      3c 00 0104 00000000   // Hop-by-Hop: next Destination Options, length 0 (8 bytes), PadN
      11 00 0104 00000000   // Destination Options: next UDP, 8 bytes
    `)
    const d = decode(1, eth(0x86dd, ipv6(0, concat(chain, udpPayload(2)))))
    expect(transport(d)).toEqual({ ipProto: 17, srcPort: 40000, dstPort: 40001, payloadLen: 2 })
    expect(d.pairs).toHaveLength(1)
  })

  it('caps the extension header chain at 16 with ipv6.exthdr_too_many', () => {
    const many = hex('3c000104 00000000'.repeat(40))
    const d = decode(1, eth(0x86dd, ipv6(60, concat(many, udpPayload(0)))))
    expect(d.anomalies).toEqual({ 'ipv6.exthdr_too_many': 1 })
    expect(d.layers).toEqual(['eth', 'ipv6'])
  })

  it('counts ipv6.trunc_exthdr for an extension header longer than the packet, with no conversation', () => {
    const d = decode(1, eth(0x86dd, ipv6(0, hex('11 05 0000 00000000'))))
    expect(d.anomalies).toEqual({ 'ipv6.trunc_exthdr': 1 })
    expect(d.pairs).toEqual([])
  })

  it('treats AH as an extension header (4-byte units)', () => {
    const ah = hex('11 04 0000 00000001 00000001 0000000000000000 00000000') // next UDP, length (4+2)*4 = 24
    const d = decode(1, eth(0x86dd, ipv6(51, concat(ah, udpPayload(0)))))
    expect(d.layers).toEqual(['eth', 'ipv6', 'udp', 'ah'])
  })

  it('decodes the transport header of a first fragment but counts its pair only with the last fragment', () => {
    const first = decode(1, eth(0x86dd, ipv6(44, concat(hex('11 00 0001 12345678'), udp(40000, 40001, new Uint8Array(8), 1000)))))
    expect(transport(first).srcPort).toBe(40000) // fragment header: next UDP, offset 0, M=1
    expect(first.pairs).toEqual([])
    expect(first.anomalies).toEqual({})
    const last = decode(1, eth(0x86dd, ipv6(44, concat(hex('11 00 00b8 12345678'), new Uint8Array(16)))))
    expect(last.layers).toEqual(['eth', 'ipv6']) // offset 23 (x8), M=0: no transport header
    expect(last.pairs).toHaveLength(1)
    const middle = decode(1, eth(0x86dd, ipv6(44, concat(hex('11 00 00b9 12345678'), new Uint8Array(16)))))
    expect(middle.pairs).toEqual([])
  })

  it('counts ipv6.trunc_pkt when the payload length exceeds the frame, and still the pair', () => {
    const d = decode(1, eth(0x86dd, ipv6(17, udpPayload(4), { payloadLength: 500 })))
    expect(d.anomalies).toEqual({ 'ipv6.trunc_pkt': 1 })
    expect(d.pairs).toHaveLength(1)
  })

  it('counts ipv6.pkt_too_small and ipv6.wrong_ip_version', () => {
    expect(decode(1, eth(0x86dd, hex('60000000 0000 11 40 2001'))).anomalies).toEqual({ 'ipv6.pkt_too_small': 1 })
    expect(decode(1, eth(0x86dd, ipv4(17, udpPayload(30)))).anomalies).toEqual({ 'ipv6.wrong_ip_version': 1 })
  })

  it('reads a jumbogram length from the Hop-by-Hop Jumbo Payload option', () => {
    const payload = concat(hex('11 00 c2 04 0000001c'), udpPayload(12)) // HBH: next UDP, Jumbo Payload 28 (8 + 20)
    const d = decode(1, eth(0x86dd, ipv6(0, concat(payload, new Uint8Array(6)), { payloadLength: 0 })))
    expect(transport(d).payloadLen).toBe(12)
    expect(d.pairs).toHaveLength(1)
  })

  it('registers no conversation for a Mobility header (as tshark)', () => {
    const d = decode(1, eth(0x86dd, ipv6(135, hex('3b 01 01 00 d88d 0000 0000000000000001'))))
    expect(d.pairs).toEqual([])
    expect(d.batch.ipProto[d.row]).toBe(135)
  })

  it('follows IPv6-in-IPv4 and IPv4-in-IPv6', () => {
    const d = decode(1, eth(0x0800, ipv4(41, ipv6(4, ipv4(17, udpPayload(1), { src: '192.0.2.9' })))))
    expect(d.layers).toEqual(['eth', 'ip', 'ipv6', 'udp'])
    expect(d.src).toBe('192.0.2.9')
    expect(d.pairs).toHaveLength(3)
  })

  it('follows Ethernet directly in IPv6 (next header 143)', () => {
    const inner = eth(0x0800, ipv4(17, udpPayload(0), { src: '192.0.2.1' }))
    const d = decode(1, eth(0x86dd, ipv6(143, inner)))
    expect(d.src).toBe('192.0.2.1')
    expect(d.srcMac).toBe('66:77:88:99:aa:bb')
  })
})

describe('IPv6 end-point addresses (as tshark conversations and Zeek connections key them)', () => {
  // ipv6() in the kit writes 2001:db8::1 -> 2001:db8::2; these headers name other end points.
  const final = '20010db8000000000000000000000009' // 2001:db8::9
  const home = '20010db80000000000000000000000aa' // 2001:db8::aa

  it('takes the last address of a type 0 Routing header with Segments Left > 0 as the destination', () => {
    const routing = hex(`11 04 00 01 00000000   // next UDP, length (4+1)*8 = 40, type 0, segments left 1, reserved
      20010db8000000000000000000000005 ${final}`)
    const d = decode(1, eth(0x86dd, ipv6(43, concat(routing, udpPayload(0)))))
    expect([d.src, d.dst]).toEqual(['2001:db8::1', '2001:db8::9'])
    expect(d.pairs).toEqual(['2001:db8::1 2001:db8::9'])
    expect(transport(d).srcPort).toBe(40000)
  })

  it('keeps the header destination when Segments Left is 0', () => {
    const routing = hex(`11 02 00 00 00000000 ${final}`) // type 0, one address, segments left 0
    const d = decode(1, eth(0x86dd, ipv6(43, concat(routing, udpPayload(0)))))
    expect(d.dst).toBe('2001:db8::2')
  })

  it('takes the home address of a type 2 Routing header and Segment List[0] of a Segment Routing header', () => {
    const type2 = hex(`11 02 02 01 00000000 ${final}`)
    expect(decode(1, eth(0x86dd, ipv6(43, concat(type2, udpPayload(0))))).dst).toBe('2001:db8::9')
    const srh = hex(`11 04 04 01 01 00 0000   // next UDP, 40 bytes, type 4, segments left 1, last entry 1, flags, tag
      ${final} 20010db8000000000000000000000002`)
    expect(decode(1, eth(0x86dd, ipv6(43, concat(srh, udpPayload(0))))).dst).toBe('2001:db8::9')
  })

  it('takes the Home Address destination option as the source', () => {
    const dstOpts = hex(`11 02 0102 0000 c9 10 ${home}`) // next UDP, 24 bytes: PadN(2), Home Address (16)
    const d = decode(1, eth(0x86dd, ipv6(60, concat(dstOpts, udpPayload(0)))))
    expect([d.src, d.dst]).toEqual(['2001:db8::aa', '2001:db8::2'])
    expect(d.pairs).toEqual(['2001:db8::2 2001:db8::aa'])
  })

  it('ignores a Home Address option whose length runs past its header', () => {
    const dstOpts = hex(`11 00 c9 10 00000000`) // 8-byte header, option claims 16 bytes
    const d = decode(1, eth(0x86dd, ipv6(60, concat(dstOpts, udpPayload(0)))))
    expect(d.src).toBe('2001:db8::1')
    expect(transport(d).ipProto).toBe(17)
  })
})
