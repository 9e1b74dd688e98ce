import { describe, expect, it } from 'vitest'
import { concat, decode, eth, hex, ipv4, ipv6, tcp, transport, udp } from './frame-test-kit.ts'
import { DecodeContext } from './context.ts'

describe('decodeFrame', () => {
  it('names what a frame shorter than its headers lacks: a specific code, or <layer>.truncated', () => {
    // IHL says 24 bytes of header, the frame (captured whole) ends after 22.
    const d = decode(1, eth(0x0800, hex('46000018 0000 0000 4011 0000 0a000001 0a000002 0000')))
    expect(d.anomalies).toEqual({ 'ipv4.trunc_pkt': 1 })
    const tcpCut = decode(1, eth(0x0800, ipv4(6, tcp(1, 2, new Uint8Array(0)).subarray(0, 10), { totalLength: 40 })))
    expect(tcpCut.anomalies).toEqual({ 'ipv4.trunc_pkt': 1, 'tcp.pkt_too_small': 1 })
    const sll = decode(113, hex('0000 0001 0006 66778899'))
    expect(sll.anomalies).toEqual({ 'sll.truncated': 1 })
    const gre = decode(1, eth(0x0800, ipv4(47, hex('4000 0800 0000 0000 0800 00 10 0a00'))))
    expect(gre.anomalies).toEqual({ 'gre.truncated': 1 }) // a source route entry runs past the packet
  })

  it('counts nothing when the snaplen cut a header (origLen says the bytes were on the wire)', () => {
    const frame = eth(0x86dd, ipv6(0, concat(hex('11 00 0104 00000000'), udp(1, 2, new Uint8Array(50)))))
    for (let capLen = 0; capLen < frame.length; capLen++) {
      const d = decode(1, frame, { capLen })
      expect(d.anomalies).toEqual({})
    }
  })

  it('gives every cut of a frame a prefix of the full decode (columns set are the same or unset)', () => {
    const frame = eth(0x0800, ipv4(6, tcp(40000, 443, new Uint8Array(20), { seq: 7, ack: 9, window: 100 })))
    const full = decode(1, frame)
    for (let capLen = 0; capLen <= frame.length; capLen++) {
      const d = decode(1, frame, { capLen })
      for (const name of ['srcPort', 'dstPort', 'tcpSeq', 'tcpAck', 'ttl'] as const) {
        const v = d.batch[name][d.row]
        expect(v === 0 || v === full.batch[name][full.row]).toBe(true)
      }
      expect(d.batch.layers[d.row] & ~full.batch.layers[full.row]).toBe(0)
    }
  })

  it('stops after 64 steps with decoder.too_many_layers (nested PBB frames)', () => {
    let frame: Uint8Array = eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(0))))
    for (let i = 0; i < 40; i++) frame = eth(0x88e7, concat(hex('00000001'), frame))
    const d = decode(1, frame)
    expect(d.anomalies).toEqual({ 'decoder.too_many_layers': 1 })
    expect(d.pairs).toEqual([])
  })

  it('clears the outer transport columns when an inner packet is not IP (ARP inside VXLAN)', () => {
    const arp = hex('0001 0800 06 04 0001 020000000001 c0a80001 000000000000 c0a80002')
    const inner = concat(hex('ffffffffffff 020000000001 0806'), arp)
    const d = decode(1, eth(0x0800, ipv4(17, udp(50000, 4789, concat(hex('08000000 00000100'), inner)))))
    expect(d.batch.net[d.row]).toBe(8)
    expect([d.src, d.dst]).toEqual(['192.168.0.1', '192.168.0.2'])
    expect(transport(d)).toEqual({ ipProto: 0, srcPort: 0, dstPort: 0, payloadLen: 0 })
    expect(d.pairs).toEqual(['10.0.0.1 10.0.0.2'])
  })

  it('keeps state per context: pairs accumulate in the context given, not across contexts', () => {
    const ctx = new DecodeContext()
    decode(1, eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(0)), { src: '10.1.1.1' })), { ctx })
    const second = decode(1, eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(0)), { src: '10.1.1.2' })), { ctx })
    expect(second.pairs).toEqual(['10.0.0.2 10.1.1.1', '10.0.0.2 10.1.1.2'])
    expect(decode(1, eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(0))))).pairs).toHaveLength(1)
  })
})
