import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AnomalyCounter } from '../model/anomalies.ts'
import { ascii, bytes, u16, u32 } from './app-test-fixtures.ts'
import { countedBytes } from './counted-bytes.ts'
import { DHCP_FIXED_LENGTH, decodeDhcp } from './dhcp.ts'

/** The fixed BOOTP part (RFC 2131 figure 1) followed by the magic cookie and `options`. */
function dhcpMessage(op: number, options: number[] | null, yiaddr = 0): Uint8Array {
  const fixed = bytes(
    op, 1, 6, 0, // op, htype (Ethernet), hlen, hops
    u32(0x3903f326), u16(0), u16(0x8000), // xid, secs, flags
    u32(0), u32(yiaddr), u32(0), u32(0), // ciaddr, yiaddr, siaddr, giaddr
    [0x00, 0x0c, 0x29, 0xab, 0xcd, 0xef], new Uint8Array(10), // chaddr (16 bytes)
    new Uint8Array(64), new Uint8Array(128), // sname, file
  )
  return options === null ? fixed : bytes(fixed, u32(0x63825363), options)
}

function decode(msg: Uint8Array) {
  const anomalies = new AnomalyCounter()
  return { fact: decodeDhcp(msg, 0, msg.length, anomalies), anomalies }
}

describe('decodeDhcp', () => {
  it('reads a DISCOVER with host name and requested address', () => {
    const { fact, anomalies } = decode(
      dhcpMessage(1, [53, 1, 1, 0, 0, 50, 4, 192, 168, 1, 100, 12, 6, ...ascii('laptop'), 55, 3, 1, 3, 6, 255, 0, 0]),
    )
    expect(fact).toEqual({
      kind: 'dhcp', messageType: 1, clientMac: '00:0c:29:ab:cd:ef', hostName: 'laptop', requestedIp: '192.168.1.100', yourIp: '0.0.0.0',
    })
    expect(anomalies.total).toBe(0)
  })

  it('reads yiaddr of an ACK and stops at End', () => {
    const { fact } = decode(dhcpMessage(2, [53, 1, 5, 255, 12, 3, ...ascii('bad')], 0x0a000005))
    expect(fact).toMatchObject({ messageType: 5, yourIp: '10.0.0.5', hostName: null })
  })

  it('treats a message without the magic cookie as BOOTP', () => {
    expect(decode(dhcpMessage(1, null)).fact).toMatchObject({ messageType: 0, clientMac: '00:0c:29:ab:cd:ef' })
  })

  it('flags an option running past the message and options with the wrong length', () => {
    const past = decode(dhcpMessage(1, [53, 1, 3, 12, 200, 0x61]))
    expect(past.fact?.messageType).toBe(3)
    expect(past.fact?.hostName).toBeNull()
    expect(past.anomalies.get('dhcp.opt_invalid_len')).toBe(1)
    const wrong = decode(dhcpMessage(1, [53, 2, 1, 1, 50, 3, 1, 2, 3, 12, 0, 255]))
    expect(wrong.fact).toMatchObject({ messageType: 0, requestedIp: null, hostName: null })
    expect(wrong.anomalies.get('dhcp.opt_invalid_len')).toBe(3)
  })

  it('escapes the host name', () => {
    expect(decode(dhcpMessage(1, [12, 4, 0x61, 0x0a, 0x1b, 0x62, 255])).fact?.hostName).toBe('a\\x0a\\x1bb')
    expect(decode(dhcpMessage(1, [12, 6, 0x6e, 0x00, 0x61, 0x73, 0x00, 0x00, 255])).fact?.hostName).toBe('n\\x00as')
  })

  it('rejects short messages and bad op codes', () => {
    const short = decode(new Uint8Array(DHCP_FIXED_LENGTH - 1))
    expect(short.fact).toBeNull()
    expect(short.anomalies.get('dhcp.truncated')).toBe(1)
    const badOp = decode(dhcpMessage(7, [255]))
    expect(badOp.fact).toBeNull()
    expect(badOp.anomalies.get('dhcp.bad_op')).toBe(1)
  })

  it('never throws, and the option walk ends having read no more bytes than the message holds, on arbitrary options', () => {
    let worst = 0
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 1200 }), (options) => {
        const msg = dhcpMessage(1, options)
        const counted = countedBytes(msg)
        decodeDhcp(counted.bytes, 0, msg.length, new AnomalyCounter())
        worst = Math.max(worst, counted.reads() / msg.length)
        // Work, not wall time: the walk moves forward on every step, so it reads fewer bytes than there are
        // (a walk stuck in place would read 3 bytes on each of its 256 capped steps, more than a short message).
        expect(counted.reads()).toBeLessThanOrEqual(msg.length)
      }),
      { seed: 2131, numRuns: 2000 },
    )
    console.log(`dhcp option walk: at most ${worst.toFixed(2)} reads per message byte`)
  })
})
