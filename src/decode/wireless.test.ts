import { describe, expect, it } from 'vitest'
import { concat, decode, hex, ipv4, transport, udp } from './frame-test-kit.ts'

const snapIp = () => concat(hex('aaaa03 000000 0800'), ipv4(17, udp(40000, 40001, new Uint8Array(3)), { src: '192.0.2.1' }))

describe('IEEE 802.11', () => {
  it('decodes a To-DS data frame through LLC/SNAP to UDP, with DA and SA as the MAC columns', () => {
    const wlan = hex(`
      08 01          // frame control: data, To DS
      3a01           // duration
      020000000001   // address 1: BSSID
      020000000002   // address 2: SA
      020000000003   // address 3: DA
      1000           // sequence control: fragment 0
    `)
    const d = decode(105, concat(wlan, snapIp()))
    expect(d.layers).toEqual(['wlan', 'llc', 'ip', 'udp'])
    expect([d.srcMac, d.dstMac]).toEqual(['02:00:00:00:00:02', '02:00:00:00:00:03'])
    expect(transport(d).dstPort).toBe(40001)
  })

  it('handles QoS data with four addresses and an HT Control field', () => {
    const wlan = hex(`
      88 83          // QoS data; To DS, From DS, +HTC/Order
      0000 020000000001 020000000002 020000000003 1000
      020000000004   // address 4: SA
      0000           // QoS control
      00000000       // HT control
    `)
    const d = decode(105, concat(wlan, snapIp()))
    expect(d.src).toBe('192.0.2.1')
    expect([d.srcMac, d.dstMac]).toEqual(['02:00:00:00:00:04', '02:00:00:00:00:03'])
  })

  it('follows the first subframe of an A-MSDU', () => {
    const ip = snapIp()
    const wlan = hex(`88 02 0000 020000000001 020000000002 020000000003 1000  8000`) // QoS data, From DS, A-MSDU present
    const subframe = concat(hex(`020000000009 02000000000a ${ip.length.toString(16).padStart(4, '0')}`), ip)
    expect(decode(105, concat(wlan, subframe)).src).toBe('192.0.2.1')
  })

  it('stops at protected, null-data and fragmented frames, and at control frames', () => {
    const header = (fc: string, seq = '1000') => hex(`${fc} 0000 020000000001 020000000002 020000000003 ${seq}`)
    expect(decode(105, concat(header('0841'), snapIp())).layers).toEqual(['wlan']) // protected
    expect(decode(105, concat(header('4801'), snapIp())).layers).toEqual(['wlan']) // null data
    expect(decode(105, concat(header('0805'), snapIp())).layers).toEqual(['wlan']) // more fragments
    expect(decode(105, concat(header('0801', '1100'), snapIp())).layers).toEqual(['wlan']) // fragment 1
    expect(decode(105, hex('d400 0000 020000000001')).layers).toEqual(['wlan']) // ACK
  })

  it('takes the management frame addresses and counts wlan.wrong_version', () => {
    const beacon = decode(105, hex('8000 0000 ffffffffffff 020000000002 020000000002 1000 0000000000000000 6400 0104'))
    expect([beacon.srcMac, beacon.dstMac]).toEqual(['02:00:00:00:00:02', 'ff:ff:ff:ff:ff:ff'])
    expect(decode(105, hex('0b00 0000 020000000001')).anomalies).toEqual({ 'wlan.wrong_version': 1 })
  })
})

describe('radiotap', () => {
  const dataFrame = () => concat(hex('0801 0000 020000000001 020000000002 020000000003 1000'), snapIp())

  it('skips the radiotap header by it_len and drops the FCS named by the Flags field', () => {
    const radiotap = hex(`
      00 00         // it_version 0, it_pad
      1800          // it_len 24 (little-endian)
      03000000      // it_present: TSFT, Flags
      00000000      // padding to 8-byte alignment for TSFT
      0102030405060708   // TSFT
      10            // Flags: frame includes FCS
      000000        // rest of the header
    `)
    const d = decode(127, concat(radiotap, dataFrame(), hex('deadbeef')))
    expect(d.layers).toEqual(['wlan', 'radiotap', 'llc', 'ip', 'udp'])
    expect(transport(d).payloadLen).toBe(3)
  })

  it('walks extended present bitmaps and honours the data-pad flag', () => {
    const radiotap = hex(`
      00 00 1000              // it_len 16
      02000080 00000000       // present: Flags + extension; second bitmap: nothing
      20 000000               // Flags: data pad (header padded to a multiple of 4), padding
    `)
    const wlan = hex('8801 0000 020000000001 020000000002 020000000003 1000 0000 0000') // QoS data (26) + 2 pad
    expect(decode(127, concat(radiotap, wlan, snapIp())).src).toBe('192.0.2.1')
  })

  it('counts radiotap.len_invalid and radiotap.wrong_version', () => {
    expect(decode(127, hex('00 00 0400 00000000')).anomalies).toEqual({ 'radiotap.len_invalid': 1 })
    expect(decode(127, hex('00 00 ff00 00000000')).anomalies).toEqual({ 'radiotap.len_invalid': 1 })
    expect(decode(127, hex('01 00 0800 00000000')).anomalies).toEqual({ 'radiotap.wrong_version': 1 })
    expect(decode(127, hex(`00 00 0c00 ${'ffffffff'.repeat(2)}`)).anomalies).toEqual({ 'radiotap.len_invalid': 1 })
  })
})

describe('NFLOG', () => {
  it('walks the TLVs to NFULA_PAYLOAD and decodes the packet by family', () => {
    const ip = ipv4(17, udp(40000, 40001, new Uint8Array(3)), { src: '192.0.2.1' })
    const nflog = hex(`
      02 00 0000             // family AF_INET, version 0, resource id 0
      0800 0100 0800 0000    // TLV length 8, type 1 (NFULA_PACKET_HDR), value
      0500 0a00 41000000     // TLV length 5, type 10 (NFULA_PREFIX) "A", padded to 8
      ${(ip.length + 4).toString(16).padStart(2, '0')}00 0900   // TLV length, type 9 (NFULA_PAYLOAD)
    `)
    const d = decode(239, concat(nflog, ip))
    expect(d.layers).toEqual(['nflog', 'ip', 'udp'])
    expect(d.src).toBe('192.0.2.1')
  })

  it('reads big-endian TLVs written by a big-endian host', () => {
    const ip = ipv4(17, udp(1, 2, new Uint8Array(0)), { src: '192.0.2.3' })
    const nflog = hex(`02 00 0000  0008 0001 08000000  00${(ip.length + 4).toString(16).padStart(2, '0')} 0009`)
    expect(decode(239, concat(nflog, ip)).src).toBe('192.0.2.3')
  })

  it('counts nflog.tlv_len_invalid for a TLV shorter than its header', () => {
    expect(decode(239, hex('02 00 0000 0800 0100 08000000 0200 0900 00000000')).anomalies).toEqual({ 'nflog.tlv_len_invalid': 1 })
  })
})

describe('PKTAP', () => {
  it('skips pth_length bytes and decodes the inner link type', () => {
    const header = concat(hex('6c000000 01000000'), new Uint8Array(100)) // pth_length 108, pth_type_next Ethernet
    const frame = concat(hex('001122334455 66778899aabb 0800'), ipv4(17, udp(1, 2, new Uint8Array(0)), { src: '192.0.2.5' }))
    const d = decode(258, concat(header, frame))
    expect(d.layers).toEqual(['eth', 'pktap', 'ip', 'udp'])
    expect(d.src).toBe('192.0.2.5')
  })

  it('counts pktap.hdr_len_invalid and an unsupported inner link type', () => {
    expect(decode(258, hex('04000000 01000000')).anomalies).toEqual({ 'pktap.hdr_len_invalid': 1 })
    const inner = decode(258, hex('08000000 93000000 0000'))
    expect(inner.anomalies).toEqual({ 'link.unsupported': 1 })
    expect(inner.ctx.unsupportedLinkTypes.get(147)).toBe(1)
    expect(decode(258, hex('08000000 02010000 0000')).anomalies).toEqual({ 'link.unsupported': 1 }) // PKTAP in PKTAP
  })
})
