import { describe, expect, it } from 'vitest'
import { concat, decode, eth, hex, ipv4, udp } from './frame-test-kit.ts'

const ip = () => ipv4(17, udp(40000, 40001, new Uint8Array(0)), { src: '192.0.2.1' })

describe('Ethernet tags and shims', () => {
  it('reads an integrity-only MACsec frame and stops at encrypted or changed ones', () => {
    const sectag = (tci: string) => hex(`
      ${tci}            // TCI/AN
      00                // short length
      00000044          // packet number
      2eb73f3995c3 0001 // SCI (present: SC bit)
    `)
    expect(decode(1, eth(0x88e5, concat(sectag('20'), hex('0800'), ip(), new Uint8Array(16)))).src).toBe('192.0.2.1')
    expect(decode(1, eth(0x88e5, concat(hex('00 00 00000001 0800'), ip()))).src).toBe('192.0.2.1') // no SCI
    expect(decode(1, eth(0x88e5, concat(sectag('2c'), hex('0800'), ip()))).layers).toEqual(['eth']) // E and C
    expect(decode(1, eth(0x88e5, concat(sectag('24'), hex('0800'), ip()))).layers).toEqual(['eth']) // C only
  })

  it('follows 802.1ah PBB to the customer frame (keeping the backbone MACs)', () => {
    const d = decode(1, eth(0x88e7, concat(hex('001eba30'), hex('020000000001 020000000002 0800'), ip())))
    expect(d.src).toBe('192.0.2.1')
    expect(d.srcMac).toBe('66:77:88:99:aa:bb')
  })

  it('skips 802.1BR E-TAG, VN-Tag, FabricPath, Arista timestamps and Cisco MetaData', () => {
    expect(decode(1, eth(0x893f, concat(hex('000000000000 0800'), ip()))).src).toBe('192.0.2.1')
    expect(decode(1, eth(0x8926, concat(hex('00000000 0800'), ip()))).src).toBe('192.0.2.1')
    expect(decode(1, eth(0x8903, concat(hex('0000'), eth(0x0800, ip())))).src).toBe('192.0.2.1')
    expect(decode(1, eth(0xd28b, concat(hex('0001 0010 0000000100000002 0800'), ip()))).src).toBe('192.0.2.1')
    expect(decode(1, eth(0xd28b, concat(hex('0001 0020 000100000002 0800'), ip()))).src).toBe('192.0.2.1')
    expect(decode(1, eth(0xd28b, concat(hex('0001 0011 0000000100000002 0800'), ip()))).layers).toEqual(['eth'])
    expect(decode(1, eth(0x8909, concat(hex('01 01 0001 0000 0800'), ip()))).src).toBe('192.0.2.1')
  })

  it('counts <tag>.truncated when a tag is cut short', () => {
    expect(decode(1, eth(0x893f, hex('0000'))).anomalies).toEqual({ 'etag.truncated': 1 })
    expect(decode(1, eth(0x88e5, hex('20'))).anomalies).toEqual({ 'macsec.truncated': 1 })
  })
})
