import { beforeEach, describe, expect, it, vi } from 'vitest'
import { decodeApp } from './app.ts'
import { concat, decode, eth, hex, ipv4, transport, udp } from './frame-test-kit.ts'

vi.mock('./app.ts', () => ({ decodeApp: vi.fn() }))
const app = vi.mocked(decodeApp)
beforeEach(() => {
  app.mockReset()
})

describe('UDP', () => {
  it('reads ports and the payload length, and hands the payload (without Ethernet padding) to the app decoders', () => {
    const datagram = hex(`
      d431 0035    // source port 54321, destination port 53
      000c         // length 12
      0000         // checksum
      01020304     // payload
    `)
    const d = decode(1, concat(eth(0x0800, ipv4(17, datagram)), new Uint8Array(10)))
    expect(d.layers).toEqual(['eth', 'ip', 'udp'])
    expect(transport(d)).toEqual({ ipProto: 17, srcPort: 54321, dstPort: 53, payloadLen: 4 })
    expect(app).toHaveBeenCalledTimes(1)
    expect(app.mock.calls[0][4] - app.mock.calls[0][3]).toBe(4)
  })

  it('uses the smaller of the UDP and IP lengths', () => {
    const d = decode(1, eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(10), 12))))
    expect(transport(d).payloadLen).toBe(4)
    expect(app.mock.calls[0][4] - app.mock.calls[0][3]).toBe(4)
  })

  it('counts udp.len_invalid for a length past the IP payload and udp.hlen_invalid for one below 8', () => {
    const long = decode(1, eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(4), 100))))
    expect(long.anomalies).toEqual({ 'udp.len_invalid': 1 })
    expect(transport(long).payloadLen).toBe(4)
    const short = decode(1, eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(4), 5))))
    expect(short.anomalies).toEqual({ 'udp.hlen_invalid': 1 })
  })

  it('counts udp.pkt_too_small for fewer than 8 bytes', () => {
    expect(decode(1, eth(0x0800, ipv4(17, hex('0001 0002')))).anomalies).toEqual({ 'udp.pkt_too_small': 1 })
  })

  it('does not hand an empty payload to the app decoders', () => {
    decode(1, eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(0)))))
    expect(app).not.toHaveBeenCalled()
  })
})

describe('SCTP', () => {
  it('reads the common header ports', () => {
    const packet = hex(`
      0b59 0b5a    // source port 2905, destination port 2906
      00000001     // verification tag
      00000000     // checksum
      03 00 0010 ${'00'.repeat(12)}   // a chunk (not decoded)
    `)
    const d = decode(1, eth(0x0800, ipv4(132, packet)))
    expect(d.layers).toEqual(['eth', 'ip', 'sctp'])
    expect(transport(d)).toEqual({ ipProto: 132, srcPort: 2905, dstPort: 2906, payloadLen: 16 })
  })

  it('counts sctp.pkt_too_small', () => {
    expect(decode(1, eth(0x0800, ipv4(132, hex('0b59 0b5a')))).anomalies).toEqual({ 'sctp.pkt_too_small': 1 })
  })
})
