import { describe, expect, it } from 'vitest'
import { concat, decode, eth, hex, ipv4, ipv6, tcp, transport, udp } from './frame-test-kit.ts'

const innerFrame = () =>
  concat(hex('02000000aaaa 02000000bbbb 8100 0064 0800'), ipv4(6, tcp(40000, 22, new Uint8Array(1)), { src: '192.168.1.1', dst: '192.168.1.2' }))

describe('VXLAN', () => {
  it('reaches the inner Ethernet frame and its TCP header; MACs and VLAN stay the outermost', () => {
    const vxlan = hex(`
      08 000000   // flags: I (VNI valid), reserved
      001234 00   // VNI 0x1234, reserved
    `)
    const d = decode(1, eth(0x0800, ipv4(17, udp(51000, 4789, concat(vxlan, innerFrame())))))
    expect(d.layers).toEqual(['eth', 'vlan', 'ip', 'tcp', 'udp', 'vxlan'])
    expect(d.srcMac).toBe('66:77:88:99:aa:bb')
    expect(d.batch.vlan[d.row]).toBe(100)
    expect([d.src, d.dst]).toEqual(['192.168.1.1', '192.168.1.2'])
    expect(transport(d)).toEqual({ ipProto: 6, srcPort: 40000, dstPort: 22, payloadLen: 1 })
    expect(d.pairs).toEqual(['10.0.0.1 10.0.0.2', '192.168.1.1 192.168.1.2'])
  })

  it('does not take a DNS query from source port 4789 for VXLAN', () => {
    const d = decode(1, eth(0x0800, ipv4(17, udp(4789, 53, new Uint8Array(0)))))
    expect(d.layers).toEqual(['eth', 'ip', 'udp'])
  })

  it('counts vxlan.pkt_too_small', () => {
    expect(decode(1, eth(0x0800, ipv4(17, udp(1, 4789, hex('0800'))))).anomalies).toEqual({ 'vxlan.pkt_too_small': 1 })
  })

  it('follows VXLAN-GPE by its Next Protocol', () => {
    const gpe = hex('0c 0000 02  000001 00') // flags I|P, next protocol IPv6, VNI 1
    const d = decode(1, eth(0x0800, ipv4(17, udp(1, 4790, concat(gpe, ipv6(17, udp(5, 6, new Uint8Array(0))))))))
    expect(d.layers).toEqual(['eth', 'ip', 'ipv6', 'udp', 'vxlan'])
    expect(transport(d).srcPort).toBe(5)
  })
})

describe('Geneve', () => {
  it('skips the options and follows the protocol type into an Ethernet frame', () => {
    const geneve = hex(`
      02          // version 0, option length 2 (8 bytes)
      00          // flags
      6558        // protocol type: Ethernet
      00abcd 00   // VNI, reserved
      0103 80 01 00000000   // one option: class 0x0103, type 0x80, length 1 word, data
    `)
    const d = decode(1, eth(0x86dd, ipv6(17, udp(1, 6081, concat(geneve, innerFrame())))))
    expect(d.layers).toEqual(['eth', 'vlan', 'ip', 'ipv6', 'tcp', 'udp', 'geneve'])
    expect(transport(d).dstPort).toBe(22)
  })

  it('counts geneve.unknown_version, geneve.opt_len_invalid and geneve.pkt_too_small', () => {
    const run = (h: string) => decode(1, eth(0x0800, ipv4(17, udp(1, 6081, hex(h))))).anomalies
    expect(run('40 00 6558 00000000')).toEqual({ 'geneve.unknown_version': 1 })
    expect(run('3f 00 6558 00000000')).toEqual({ 'geneve.opt_len_invalid': 1 })
    expect(run('00 00 6558')).toEqual({ 'geneve.pkt_too_small': 1 })
  })
})
