import { describe, expect, it } from 'vitest'
import { concat, decode, eth, hex, ipv4, ipv6, transport, udp } from './frame-test-kit.ts'

const innerV6 = () => ipv6(17, udp(40000, 40001, new Uint8Array(2)), { srcLow: 0xa, dstLow: 0xb })
const innerV4 = () => ipv4(17, udp(40000, 40001, new Uint8Array(2)), { src: '192.168.7.1', dst: '192.168.7.2' })

describe('Teredo', () => {
  it('reaches the IPv6 packet after an origin indication', () => {
    const teredo = hex('0000 ec8a 3fffff8b') // origin indication: port, address (both obfuscated)
    const d = decode(1, eth(0x0800, ipv4(17, udp(3544, 50000, concat(teredo, innerV6())))))
    expect(d.layers).toEqual(['eth', 'ip', 'ipv6', 'udp'])
    expect(d.src).toBe('2001:db8::a')
    expect(d.pairs).toHaveLength(2)
  })

  it('skips an authentication indicator', () => {
    const auth = hex('0001 02 01 abcd ef 0102030405060708 00') // id length 2, auth length 1, id, auth, nonce, confirmation
    expect(decode(1, eth(0x0800, ipv4(17, udp(50000, 3544, concat(auth, innerV6()))))).src).toBe('2001:db8::a')
  })

  it('leaves a payload that is not IPv6 as plain UDP', () => {
    const d = decode(1, eth(0x0800, ipv4(17, udp(50000, 3544, hex('4500 0000 0000 0000')))))
    expect(d.layers).toEqual(['eth', 'ip', 'udp'])
    expect(transport(d).dstPort).toBe(3544)
  })
})

describe('GTP', () => {
  it('follows a GTPv1-U G-PDU with an extension header to the user packet', () => {
    const gtp = hex(`
      34          // version 1, PT 1, E 1
      ff 0024     // message type G-PDU, length
      00000001    // TEID
      0000 00 85  // sequence, N-PDU number, next extension header type (PDU session container)
      01 0009 00  // extension: length 1 word, content, next type none
    `)
    const d = decode(1, eth(0x0800, ipv4(17, udp(2152, 2152, concat(gtp, innerV4())))))
    expect(d.src).toBe('192.168.7.1')
    expect(d.pairs).toHaveLength(2)
  })

  it('counts gtp.ext_hdr_invalid for a zero-length extension header', () => {
    const gtp = hex('34 ff 0010 00000001 0000 00 85 00 000000')
    expect(decode(1, eth(0x0800, ipv4(17, udp(2152, 2152, gtp)))).anomalies).toEqual({ 'gtp.ext_hdr_invalid': 1 })
  })

  it('follows a GTPv0 T-PDU (20-byte header)', () => {
    const gtp = hex('1e ff 0054 0000 0001 ff ffffff 2400101234567890')
    expect(decode(1, eth(0x0800, ipv4(17, udp(3386, 3386, concat(gtp, innerV4()))))).src).toBe('192.168.7.1')
  })
})

describe('other IP tunnels and wrappers', () => {
  it('follows AH in IPv4 to the protected transport header', () => {
    const ah = hex('11 04 0000 00001000 00000001 000000000000000000000000') // next UDP, (4+2)*4 = 24 bytes
    const d = decode(1, eth(0x0800, ipv4(51, concat(ah, udp(1, 2, new Uint8Array(0))))))
    expect(d.layers).toEqual(['eth', 'ip', 'udp', 'ah'])
    expect(transport(d)).toEqual({ ipProto: 17, srcPort: 1, dstPort: 2, payloadLen: 0 })
  })

  it('counts ah.len_invalid for an AH longer than the packet', () => {
    expect(decode(1, eth(0x0800, ipv4(51, hex('11 20 0000 00000000')))).anomalies).toEqual({ 'ah.len_invalid': 1 })
  })

  it('marks ESP and IGMP and stops there', () => {
    expect(decode(1, eth(0x0800, ipv4(50, hex('00001000 00000001 abcdef')))).layers).toEqual(['eth', 'ip', 'esp'])
    expect(decode(1, eth(0x0800, ipv4(2, hex('1164ee9b 00000000')))).layers).toEqual(['eth', 'ip', 'igmp'])
  })

  it('follows EtherIP and counts etherip.wrong_version', () => {
    const frame = concat(hex('3000'), eth(0x0800, innerV4()))
    expect(decode(1, eth(0x0800, ipv4(97, frame))).src).toBe('192.168.7.1')
    expect(decode(1, eth(0x0800, ipv4(97, hex('1000')))).anomalies).toEqual({ 'etherip.wrong_version': 1 })
  })

  it('follows MPLS in UDP (port 6635) and MPLS in IP (protocol 137)', () => {
    expect(decode(1, eth(0x0800, ipv4(17, udp(1, 6635, concat(hex('00010140'), innerV4()))))).src).toBe('192.168.7.1')
    expect(decode(1, eth(0x0800, ipv4(137, concat(hex('00010140'), innerV4())))).src).toBe('192.168.7.1')
  })

  it('follows a PIM Register to the registered packet', () => {
    const pim = hex('21 00 0000  00000000') // PIMv2 Register, reserved, checksum; B=0 N=0
    const d = decode(1, eth(0x0800, ipv4(103, concat(pim, innerV4()))))
    expect(d.src).toBe('192.168.7.1')
    expect(decode(1, eth(0x0800, ipv4(103, hex('20 00 0000 00000000')))).pairs).toHaveLength(1) // Hello: not followed
  })

  it('follows AYIYA (UDP 5072) by its Next Header', () => {
    const ayiya = hex(`
      41 52 11 29   // identity 2^4 bytes integer, signature 5 words SHA1, shared-secret hash + forward, next IPv6
      4af64bfd      // epoch
      20014978000f004c0000000000000001              // identity
      e1cbc30d88bd052ad921d321f0c397ee8492acf5      // signature
    `)
    expect(decode(1, eth(0x0800, ipv4(17, udp(5072, 50000, concat(ayiya, innerV6()))))).src).toBe('2001:db8::a')
  })

  it('follows an NSH to its next protocol and counts nsh.len_invalid and nsh.wrong_version', () => {
    const nsh = hex(`
      0fc2        // version 0, O 0, TTL 63, length 2 words (8 bytes)
      02 01       // MD type 2, next protocol IPv4
      000001 ff   // service path id 1, service index 255
    `)
    expect(decode(1, eth(0x894f, concat(nsh, innerV4()))).src).toBe('192.168.7.1')
    expect(decode(1, eth(0x894f, hex('0fc1 0201 000001ff'))).anomalies).toEqual({ 'nsh.len_invalid': 1 }) // 1 word
    expect(decode(1, eth(0x894f, hex('0fc2 0201 00'))).anomalies).toEqual({ 'nsh.len_invalid': 1 }) // past the frame
    expect(decode(1, eth(0x894f, hex('4fc2 0201 000001ff'))).anomalies).toEqual({ 'nsh.wrong_version': 1 })
  })
})
