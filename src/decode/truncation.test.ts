/**
 * Each layer's `<layer>.truncated` code: a valid frame cut inside that layer's header, with the cut also being
 * the length on the wire (so it is a short packet, not a snaplen cut).
 */
import { describe, expect, it } from 'vitest'
import { concat, decode, eth, hex, ipv4, ipv6, udp } from './frame-test-kit.ts'

const in4 = () => ipv4(17, udp(40000, 40001, new Uint8Array(2)))

/** [code, link type, frame, bytes kept] */
const CASES: ReadonlyArray<[string, number, Uint8Array, number]> = [
  ['ah.truncated', 1, eth(0x0800, ipv4(51, concat(hex('11 04 0000 00001000 00000001 000000000000000000000000'), udp(1, 2, new Uint8Array(0))))), 34],
  ['ayiya.truncated', 1, eth(0x0800, ipv4(17, udp(5072, 40000, concat(hex('21 00 11 04 4af64bfd 00000000'), in4())))), 44],
  ['arcnet.truncated', 129, concat(hex('01 02 0000 d4 00 0001'), in4()), 3],
  ['arista.truncated', 1, eth(0xd28b, concat(hex('0001 0010 0000000100000002 0800'), in4())), 16],
  ['arp.truncated', 1, eth(0x0806, hex('0001 0800 06 04 0001 020000000001 0a000001 000000000000 0a000002')), 30],
  ['chdlc.truncated', 104, concat(hex('0f00 0800'), in4()), 3],
  ['cmd.truncated', 1, eth(0x8909, concat(hex('01 01 0001 0000 0800'), in4())), 20],
  ['etherip.truncated', 1, eth(0x0800, ipv4(97, concat(hex('3000'), eth(0x0800, in4())))), 34],
  ['fabricpath.truncated', 1, eth(0x8903, concat(hex('0000'), eth(0x0800, in4()))), 15],
  ['fddi.truncated', 10, concat(hex('50 ffffffffffff 020000000001 aaaa03 000000 0800'), in4()), 12],
  ['fr.truncated', 107, concat(hex('1841 03 cc'), in4()), 1],
  ['gtp.truncated', 1, eth(0x0800, ipv4(17, udp(2152, 2152, concat(hex('34 ff 0024 00000001 0000 00 85 01 0009 00'), in4())))), 52],
  ['ipnet.truncated', 226, concat(hex('01 02 0000 00000030 00000002 00000000 00000000 00000000'), in4()), 20],
  ['ipoib.truncated', 242, concat(new Uint8Array(40), hex('0800 0000'), in4()), 41],
  ['ipraw.truncated', 101, in4(), 0],
  ['ipv4.truncated', 1, eth(0x0800, in4()), 14],
  ['ipv6.truncated', 1, eth(0x86dd, ipv6(59, new Uint8Array(0))), 14],
  ['llc.truncated', 10, concat(hex('50 ffffffffffff 020000000001 aaaa03 000000 0800'), in4()), 17],
  ['mpls.truncated', 1, eth(0x8847, concat(hex('00010040 00020140'), in4())), 20],
  ['nflog.truncated', 239, concat(hex('02 00 0000 0800 0100 08000000 2200 0900'), in4()), 0],
  ['nsh.truncated', 1, eth(0x894f, concat(hex('0fc2 0201 000001ff'), in4())), 15],
  ['null.truncated', 0, concat(hex('02000000'), in4()), 3],
  ['pbb.truncated', 1, eth(0x88e7, concat(hex('001eba30'), eth(0x0800, in4()))), 16],
  ['pktap.truncated', 258, concat(hex('0c000000 01000000 00000000'), eth(0x0800, in4())), 6],
  ['ppi.truncated', 192, concat(hex('00 00 0800 01000000'), eth(0x0800, in4())), 5],
  ['ppp.truncated', 9, concat(hex('ff03 0021'), in4()), 1],
  ['pppoe.truncated', 1, eth(0x8864, concat(hex('1100 0001 0020 0021'), in4())), 18],
  ['radiotap.truncated', 127, concat(hex('0000 0d00 02000000 00 00 00 00 00'), hex('0801 0000 020000000001 020000000002 020000000003 1000 aaaa03 000000 0800'), in4()), 3],
  ['sll.truncated', 276, concat(hex('0800 0000 00000002 0001 04 06 66778899aabb 0000'), in4()), 19],
  ['vlan.truncated', 1, eth(0x8100, concat(hex('0064 0800'), in4())), 17],
  ['vntag.truncated', 1, eth(0x8926, concat(hex('00000000 0800'), in4())), 18],
  ['wlan.truncated', 105, concat(hex('8801 0000 020000000001 020000000002 020000000003 1000 0000 aaaa03 000000 0800'), in4()), 20],
]

describe('<layer>.truncated', () => {
  it.each(CASES)('%s', (code, linkType, frame, keep) => {
    expect(decode(linkType, frame).anomalies).toEqual({})
    // Outer length fields may be flagged too (an IP total length longer than the cut); the layer's code must be.
    const cut = frame.subarray(0, keep)
    expect(decode(linkType, cut).anomalies[code]).toBe(1)
    // The same cut made by the snaplen (the bytes were on the wire) is not an anomaly.
    expect(decode(linkType, frame, { capLen: keep }).anomalies).toEqual({})
  })
})
