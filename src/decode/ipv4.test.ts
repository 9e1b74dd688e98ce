import { describe, expect, it } from 'vitest'
import { Net } from '../model/packet-batch.ts'
import { concat, decode, eth, hex, ipv4, ipv6, tcp, transport, udp } from './frame-test-kit.ts'

const udpPayload = (n: number) => udp(40000, 40001, new Uint8Array(n))

describe('IPv4', () => {
  it('fills the network columns and counts the address pair', () => {
    const frame = eth(0x0800, hex(`
      45          // version 4, IHL 5
      00          // type of service
      001c        // total length 28
      abcd 0000   // identification, flags/fragment offset
      3f          // TTL 63
      11          // protocol UDP
      0000        // header checksum (not checked)
      c0000201    // source 192.0.2.1
      c6336402    // destination 198.51.100.2
      9c40 9c41 0008 0000   // UDP 40000 -> 40001, length 8
      000000000000          // Ethernet padding (not part of the packet)
    `))
    const d = decode(1, frame)
    expect(d.layers).toEqual(['eth', 'ip', 'udp'])
    expect(d.batch.net[d.row]).toBe(Net.IPv4)
    expect(d.batch.ttl[d.row]).toBe(63)
    expect([d.src, d.dst]).toEqual(['192.0.2.1', '198.51.100.2'])
    expect(transport(d)).toEqual({ ipProto: 17, srcPort: 40000, dstPort: 40001, payloadLen: 0 })
    expect(d.pairs).toEqual(['192.0.2.1 198.51.100.2'])
    expect(d.anomalies).toEqual({})
  })

  it('counts ipv4.wrong_ip_version and decodes an IPv6 packet labelled IPv4 as IPv6 (as tshark does)', () => {
    const d = decode(1, eth(0x0800, ipv6(17, udpPayload(0))))
    expect(d.anomalies).toEqual({ 'ipv4.wrong_ip_version': 1 })
    expect(d.layers).toEqual(['eth', 'ipv6', 'udp'])
    const other = decode(1, eth(0x0800, hex('55000014 00000000 4011 0000 0a000001 0a000002')))
    expect(other.anomalies).toEqual({ 'ipv4.wrong_ip_version': 1 })
    expect(other.pairs).toEqual([])
  })

  it('counts ipv4.hlen_too_small for IHL < 5 and registers no conversation', () => {
    const d = decode(1, eth(0x0800, hex('44 00 0014 0000 0000 40 11 0000 0a000001 0a000002')))
    expect(d.anomalies).toEqual({ 'ipv4.hlen_too_small': 1 })
    expect(d.pairs).toEqual([])
    expect(d.batch.net[d.row]).toBe(0)
  })

  it('counts ipv4.iplen_smaller_than_hlen and registers no conversation', () => {
    const d = decode(1, eth(0x0800, ipv4(17, udpPayload(0), { totalLength: 10 })))
    expect(d.anomalies).toEqual({ 'ipv4.iplen_smaller_than_hlen': 1 })
    expect(d.pairs).toEqual([])
  })

  it('counts ipv4.trunc_pkt when the total length exceeds the frame, but still decodes and counts the pair', () => {
    const d = decode(1, eth(0x0800, ipv4(17, udpPayload(4), { totalLength: 1000 })))
    expect(d.anomalies).toEqual({ 'ipv4.trunc_pkt': 1 })
    expect(d.pairs).toHaveLength(1)
    expect(transport(d).payloadLen).toBe(4)
  })

  it('is not an anomaly when the snaplen cut the packet (origLen says it was longer)', () => {
    const frame = eth(0x0800, ipv4(6, tcp(40000, 40001, new Uint8Array(1000))))
    const d = decode(1, frame, { capLen: 60 })
    expect(d.anomalies).toEqual({})
    expect(transport(d)).toEqual({ ipProto: 6, srcPort: 40000, dstPort: 40001, payloadLen: 1000 })
  })

  it('counts ipv4.pkt_too_small for fewer than 20 bytes on the wire', () => {
    const d = decode(1, eth(0x0800, hex('4500 0014 0000 0000 4011')))
    expect(d.anomalies).toEqual({ 'ipv4.pkt_too_small': 1 })
  })

  it('takes the frame length for a total length of 0 (segmentation offload)', () => {
    const d = decode(1, eth(0x0800, ipv4(6, tcp(1, 2, new Uint8Array(3000)), { totalLength: 0 })))
    expect(transport(d).payloadLen).toBe(3000)
    expect(d.anomalies).toEqual({})
    expect(d.pairs).toHaveLength(1)
  })

  describe('options', () => {
    const withOptions = (options: string) => decode(1, eth(0x0800, ipv4(17, udpPayload(0), { options: hex(options) })))

    it('walks NOP, a router alert and EOL without complaint', () => {
      const d = withOptions('01 94040000 00 0000') // NOP, Router Alert (length 4), EOL, padding
      expect(d.anomalies).toEqual({})
      expect(d.layers).toContain('udp')
    })

    it('stops at an option length of 0 with ipv4.opt_invalid_len (no endless loop)', () => {
      const d = withOptions('07 00 0000')
      expect(d.anomalies).toEqual({ 'ipv4.opt_invalid_len': 1 })
      expect(d.layers).toContain('udp')
    })

    it('stops at an option length of 1 with ipv4.opt_invalid_len', () => {
      expect(withOptions('44 01 0000').anomalies).toEqual({ 'ipv4.opt_invalid_len': 1 })
    })

    it('stops at an option running past the header', () => {
      expect(withOptions('44 08 0000').anomalies).toEqual({ 'ipv4.opt_invalid_len': 1 })
      expect(withOptions('01 01 01 44').anomalies).toEqual({ 'ipv4.opt_invalid_len': 1 })
    })

    it('takes the last hop of a loose source route as the conversation destination, as tshark does', () => {
      const d = withOptions('01 83 0b 04 0a0a0a0a 0b0b0b0b') // NOP, LSRR length 11 pointer 4, two hops
      expect(d.pairs).toEqual(['10.0.0.1 11.11.11.11'])
      expect(d.dst).toBe('10.0.0.2') // the column keeps the header's destination
    })
  })

  describe('fragments', () => {
    it('decodes the transport header of a first fragment', () => {
      const d = decode(1, eth(0x0800, ipv4(17, udp(40000, 40001, new Uint8Array(8), 1480), { fragment: 0x2000 })))
      expect(d.layers).toEqual(['eth', 'ip', 'udp'])
      expect(transport(d).srcPort).toBe(40000)
      expect(d.anomalies).toEqual({}) // the UDP length covers later fragments: expected
    })

    it('never decodes a transport header from a later fragment', () => {
      const payload = udp(53, 53, new Uint8Array(8)) // looks like DNS, but is the middle of a datagram
      const d = decode(1, eth(0x0800, ipv4(17, payload, { fragment: 0x00b9 })))
      expect(d.layers).toEqual(['eth', 'ip'])
      expect(transport(d)).toEqual({ ipProto: 17, srcPort: 0, dstPort: 0, payloadLen: 0 })
      expect(d.pairs).toHaveLength(1)
    })

    it('does not count truncation anomalies inside a first fragment', () => {
      const inner = ipv4(6, tcp(1, 2, new Uint8Array(3000)), { src: '172.16.0.1', dst: '172.16.0.2' })
      const outer = ipv4(4, inner.subarray(0, 40), { fragment: 0x2000 })
      const d = decode(1, eth(0x0800, outer))
      expect(d.anomalies).toEqual({})
      expect(d.pairs).toEqual(['10.0.0.1 10.0.0.2', '172.16.0.1 172.16.0.2'])
    })
  })

  it('writes the innermost header of IP-in-IP and counts both pairs', () => {
    const inner = ipv4(6, tcp(40000, 443, new Uint8Array(5)), { src: '172.16.0.1', dst: '172.16.0.2', ttl: 9 })
    const d = decode(1, eth(0x0800, ipv4(4, inner)))
    expect(d.src).toBe('172.16.0.1')
    expect(d.batch.ttl[d.row]).toBe(9)
    expect(transport(d)).toEqual({ ipProto: 6, srcPort: 40000, dstPort: 443, payloadLen: 5 })
    expect(d.pairs).toEqual(['10.0.0.1 10.0.0.2', '172.16.0.1 172.16.0.2'])
  })

  it('stops tunnels nested deeper than 8 IP headers with tunnel.too_deep', () => {
    let packet: Uint8Array = udpPayload(0)
    let proto = 17
    for (let i = 0; i < 12; i++) {
      packet = ipv4(proto, packet, { src: `10.0.${i}.1` })
      proto = 4
    }
    const d = decode(1, concat(eth(0x0800, packet)))
    expect(d.anomalies).toEqual({ 'tunnel.too_deep': 1 })
    expect(d.pairs).toHaveLength(8)
  })
})
