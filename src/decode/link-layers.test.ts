import { describe, expect, it } from 'vitest'
import { concat, decode, eth, hex, ipv4, ipv6, transport, udp } from './frame-test-kit.ts'
import { isSupportedLinkType } from './link-types.ts'

const v4 = () => ipv4(17, udp(40000, 40001, new Uint8Array(3)), { src: '192.0.2.1', dst: '192.0.2.2' })
const v6 = () => ipv6(17, udp(40000, 40001, new Uint8Array(3)))

describe('BSD loopback and raw IP', () => {
  it('reads LINKTYPE_NULL families in either byte order, including the BSD IPv6 values', () => {
    expect(decode(0, concat(hex('02000000'), v4())).layers).toEqual(['null', 'ip', 'udp']) // AF_INET, little-endian
    expect(decode(0, concat(hex('00000002'), v4())).layers).toEqual(['null', 'ip', 'udp']) // AF_INET, big-endian
    for (const family of ['18000000', '1c000000', '1e000000', '0000001e']) {
      expect(decode(0, concat(hex(family), v6())).layers).toEqual(['null', 'ipv6', 'udp'])
    }
    expect(decode(0, concat(hex('07000000'), v4())).layers).toEqual(['null']) // AF_OSI
  })

  it('reads LINKTYPE_LOOP families in network byte order', () => {
    expect(decode(108, concat(hex('00000002'), v4())).src).toBe('192.0.2.1')
    expect(decode(108, concat(hex('02000000'), v4())).layers).toEqual(['null'])
  })

  it('picks IPv4 or IPv6 by the version nibble for raw IP (101, 12, 14)', () => {
    for (const lt of [101, 12, 14]) {
      expect(decode(lt, v4()).layers).toEqual(['ip', 'udp'])
      expect(decode(lt, v6()).layers).toEqual(['ipv6', 'udp'])
    }
    expect(decode(101, hex('00000000')).anomalies).toEqual({ 'ipraw.invalid_ip_version': 1 })
  })

  it('reads LINKTYPE_IPV4 (228) and LINKTYPE_IPV6 (229)', () => {
    expect(transport(decode(228, v4())).dstPort).toBe(40001)
    expect(transport(decode(229, v6())).dstPort).toBe(40001)
  })
})

describe('Linux cooked capture', () => {
  it('reads SLL (113) and takes the source MAC from the link-layer address', () => {
    const sll = hex(`
      0000          // packet type: to us
      0001          // ARPHRD_ETHER
      0006          // address length 6
      66778899aabb 0000   // address, padded to 8 bytes
      0800          // protocol IPv4
    `)
    const d = decode(113, concat(sll, v4()))
    expect(d.layers).toEqual(['sll', 'ip', 'udp'])
    expect(d.srcMac).toBe('66:77:88:99:aa:bb')
    expect(d.dstMac).toBe('')
  })

  it('reads SLL2 (276)', () => {
    const sll2 = hex(`
      86dd          // protocol IPv6
      0000          // reserved
      00000002      // interface index
      0001          // ARPHRD_ETHER
      04            // packet type: outgoing
      06            // address length
      66778899aabb 0000
    `)
    const d = decode(276, concat(sll2, v6()))
    expect(d.layers).toEqual(['sll', 'ipv6', 'udp'])
    expect(d.srcMac).toBe('66:77:88:99:aa:bb')
  })

  it('follows LINUX_SLL_P_802_2 into LLC and ignores netlink', () => {
    const llc = hex('0000 0001 0006 66778899aabb0000 0004  aaaa03 000000 0800')
    expect(decode(113, concat(llc, v4())).layers).toEqual(['sll', 'llc', 'ip', 'udp'])
    expect(decode(113, hex('0000 0338 0000 0000000000000000 0000 14000000')).layers).toEqual(['sll'])
  })

  it('fills the MAC columns from ARP when no Ethernet header did', () => {
    const arp = hex('0001 0800 06 04 0002 020000000001 0a000001 020000000002 0a000002')
    const d = decode(113, concat(hex('0000 0001 0006 020000000001 0000 0806'), arp))
    expect([d.srcMac, d.dstMac]).toEqual(['02:00:00:00:00:01', '02:00:00:00:00:02'])
    expect([d.src, d.dst]).toEqual(['10.0.0.1', '10.0.0.2'])
    expect(d.batch.net[d.row]).toBe(8)
  })
})

describe('PPP, PPPoE and Cisco HDLC', () => {
  it('reads PPP (9) with and without address/control and with a compressed protocol field', () => {
    expect(decode(9, concat(hex('ff03 0021'), v4())).layers).toEqual(['ppp', 'ip', 'udp'])
    expect(decode(9, concat(hex('0057'), v6())).layers).toEqual(['ppp', 'ipv6', 'udp'])
    expect(decode(9, concat(hex('21'), v4())).layers).toEqual(['ppp', 'ip', 'udp']) // 1-byte protocol (odd)
    expect(decode(9, hex('ff03 c021 01010004')).layers).toEqual(['ppp']) // LCP
  })

  it('reads PPP in HDLC framing (50), and Cisco HDLC frames under that link type', () => {
    expect(decode(50, concat(hex('ff03 0021'), v4())).src).toBe('192.0.2.1')
    expect(decode(50, concat(hex('0f00 0800'), v4())).layers).toEqual(['chdlc', 'ip', 'udp'])
  })

  it('reads Cisco HDLC (104) and stops at SLARP', () => {
    const d = decode(104, concat(hex(`
      0f      // address: unicast
      00      // control
      86dd    // protocol IPv6
    `), v6()))
    expect(d.layers).toEqual(['chdlc', 'ipv6', 'udp'])
    expect(decode(104, hex('8f00 8035 00000000')).layers).toEqual(['chdlc'])
  })

  it('reads PPPoE session frames and counts pppoe.wrong_version and pppoe.len_invalid', () => {
    const ip = v4()
    const pppoe = hex(`
      11          // version 1, type 1
      00          // code: session data
      1234        // session id
      ${(ip.length + 2).toString(16).padStart(4, '0')}   // length (PPP protocol + payload)
      0021        // PPP protocol IPv4
    `)
    const d = decode(1, eth(0x8864, concat(pppoe, ip, new Uint8Array(6))))
    expect(d.layers).toEqual(['eth', 'ppp', 'ip', 'udp'])
    expect(decode(1, eth(0x8864, hex('21 00 1234 0002 0021'))).anomalies).toEqual({ 'pppoe.wrong_version': 1 })
    expect(decode(1, eth(0x8864, concat(hex('11 00 1234 0400 0021'), ip))).anomalies).toEqual({ 'pppoe.len_invalid': 1 })
  })
})

describe('other link types', () => {
  it('reads Frame Relay (107) with NLPID and Cisco encapsulations', () => {
    expect(decode(107, concat(hex('1841 03 cc'), v4())).src).toBe('192.0.2.1') // DLCI, UI, NLPID IPv4
    expect(decode(107, concat(hex('1841 03 00 8e'), v6())).layers).toEqual(['ipv6', 'udp']) // with pad
    expect(decode(107, concat(hex('1841 0800'), v4())).src).toBe('192.0.2.1') // Cisco: EtherType
    expect(decode(107, concat(hex('1841 03 80 000000 0800'), v4())).src).toBe('192.0.2.1') // SNAP
    expect(decode(107, hex('1840 18 40 00 00')).anomalies).toEqual({ 'fr.address_invalid': 1 })
  })

  it('reads Linux ARCNET (129) in RFC 1051 and RFC 1201 framing', () => {
    expect(decode(129, concat(hex('01 02 0000 f0'), v4())).src).toBe('192.0.2.1')
    expect(decode(129, concat(hex('01 02 0000 d4 00 0001'), v4())).src).toBe('192.0.2.1')
    expect(decode(129, concat(hex('01 02 0000 d4 ff 0001 d4000000'), v4())).src).toBe('192.0.2.1') // exception packet
  })

  it('reads FDDI (10), Solaris ipnet (226), IP over InfiniBand (242) and PPI (192)', () => {
    expect(decode(10, concat(hex('50 ffffffffffff 020000000001 aaaa03 000000 0800'), v4())).layers).toEqual(['llc', 'ip', 'udp'])
    expect(decode(226, concat(hex('01 1a 0000 00000030 00000002 00000000 00000000 00000000'), v6())).layers).toEqual(['ipv6', 'udp'])
    expect(decode(242, concat(new Uint8Array(40), hex('0800 0000'), v4())).src).toBe('192.0.2.1')
    expect(decode(192, concat(hex('00 00 0800 01000000'), eth(0x0800, v4()))).layers).toEqual(['eth', 'ip', 'udp'])
    expect(decode(192, hex('00 00 0400 01000000')).anomalies).toEqual({ 'ppi.hdr_len_invalid': 1 })
    expect(decode(192, hex('00 00 0800 ff000000')).anomalies).toEqual({ 'link.unsupported': 1 })
  })

  it('counts an unsupported link type and decodes nothing (never assumes Ethernet)', () => {
    const d = decode(147, eth(0x0800, v4()))
    expect(d.layers).toEqual([])
    expect(d.ctx.unsupportedLinkTypes.get(147)).toBe(1)
    expect(d.anomalies).toEqual({ 'link.unsupported': 1 })
    expect(d.pairs).toEqual([])
    expect(isSupportedLinkType(147)).toBe(false)
    expect(isSupportedLinkType(1)).toBe(true)
  })
})
