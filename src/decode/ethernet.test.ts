import { describe, expect, it } from 'vitest'
import { NO_VLAN } from '../model/packet-batch.ts'
import { decode, eth, hex, ipv4, transport, udp } from './frame-test-kit.ts'

describe('Ethernet', () => {
  it('decodes an Ethernet II header and writes the MAC columns', () => {
    const frame = hex(`
      001122334455   // destination
      66778899aabb   // source
      0806           // EtherType ARP
      0001 0800 06 04 0001          // ARP: Ethernet, IPv4, hlen 6, plen 4, request
      66778899aabb c0a80001          // sender MAC, sender IP 192.168.0.1
      000000000000 c0a80002          // target MAC, target IP 192.168.0.2
    `)
    const d = decode(1, frame)
    expect(d.layers).toEqual(['eth', 'arp'])
    expect(d.dstMac).toBe('00:11:22:33:44:55')
    expect(d.srcMac).toBe('66:77:88:99:aa:bb')
    expect(d.batch.vlan[d.row]).toBe(NO_VLAN)
    expect(d.anomalies).toEqual({})
  })

  it('follows an 802.3 length field into LLC/SNAP and trims the padding after it', () => {
    const ip = ipv4(17, udp(1000, 2000, hex('aabbccdd')))
    const frame = hex(`
      001122334455 66778899aabb
      ${(8 + ip.length).toString(16).padStart(4, '0')}   // 802.3 length: LLC + SNAP + IP
      aa aa 03       // DSAP SNAP, SSAP SNAP, control UI
      000000 0800    // OUI 00-00-00 (RFC 1042), EtherType IPv4
      ${Buffer.from(ip).toString('hex')}
      00000000000000 // padding to the minimum frame size
    `)
    const d = decode(1, frame)
    expect(d.layers).toEqual(['eth', 'llc', 'ip', 'udp'])
    expect(transport(d)).toEqual({ ipProto: 17, srcPort: 1000, dstPort: 2000, payloadLen: 4 })
    expect(d.anomalies).toEqual({})
  })

  it('counts eth.len_invalid when the 802.3 length runs past the frame', () => {
    const d = decode(1, hex(`001122334455 66778899aabb 05dc  aaaa03 000000 0800`))
    expect(d.anomalies['eth.len_invalid']).toBe(1)
  })

  it('counts eth.too_small for a frame shorter than the header', () => {
    const d = decode(1, hex(`001122334455 66778899`))
    expect(d.anomalies).toEqual({ 'eth.too_small': 1 })
    expect(d.layers).toEqual([])
  })

  it('is not an anomaly when the snaplen cut the header', () => {
    const frame = eth(0x0800, ipv4(6, new Uint8Array(40)))
    const d = decode(1, frame, { capLen: 10 })
    expect(d.anomalies).toEqual({})
    expect(d.layers).toEqual([])
  })

  it('stops at an unknown EtherType without guessing', () => {
    const d = decode(1, eth(0x88cc, hex('0207 04 001122334455')))
    expect(d.layers).toEqual(['eth'])
    expect(d.batch.net[d.row]).toBe(0)
    expect(d.anomalies).toEqual({})
  })
})
