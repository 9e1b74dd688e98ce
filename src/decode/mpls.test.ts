import { describe, expect, it } from 'vitest'
import { decode, eth, hex, ipv4, ipv6, transport, udp } from './frame-test-kit.ts'

const h = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('MPLS', () => {
  it('walks the label stack to the bottom and takes IPv4 by its version nibble', () => {
    const frame = eth(0x8847, hex(`
      00010 0 40      // label 16, TC 0, S 0, TTL 64
      00020 1 40      // label 32, TC 0, S 1 (bottom), TTL 64
      ${h(ipv4(17, udp(1, 2, new Uint8Array(0))))}
    `))
    const d = decode(1, frame)
    expect(d.layers).toEqual(['eth', 'mpls', 'ip', 'udp'])
    expect(transport(d).srcPort).toBe(1)
  })

  it('takes IPv6 after the bottom label', () => {
    const d = decode(1, eth(0x8847, hex(`00010 1 40 ${h(ipv6(17, udp(7, 8, new Uint8Array(0))))}`)))
    expect(d.layers).toEqual(['eth', 'mpls', 'ipv6', 'udp'])
  })

  it('skips a pseudowire control word before an Ethernet frame', () => {
    const inner = eth(0x0800, ipv4(17, udp(3, 4, new Uint8Array(0)), { src: '192.0.2.1', dst: '192.0.2.2' }))
    const d = decode(1, eth(0x8847, hex(`00010 1 40  00000000 ${h(inner)}`)))
    expect(d.src).toBe('192.0.2.1')
    expect(d.srcMac).toBe('66:77:88:99:aa:bb')
  })

  it('caps the label stack with mpls.too_many_labels', () => {
    const d = decode(1, eth(0x8847, hex('00010040'.repeat(40))))
    expect(d.anomalies).toEqual({ 'mpls.too_many_labels': 1 })
    expect(d.layers).toEqual(['eth', 'mpls'])
  })
})
