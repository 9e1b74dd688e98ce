/**
 * Checklist fixtures for shared/RELIABILITY.md rows 24-30 (link, network and transport layers). Each hostile
 * frame is built field by field, written into a pcap with the project's writer and read through the whole
 * pipeline; the expected outcome is the named anomaly code (ANOM) or a layer left undecoded (RAW), never a throw.
 * docs/reliability.md maps every row to its test.
 */
import { describe, expect, it } from 'vitest'
import { concat, decode, eth, hex, ipv4, ipv6, tcp, udp } from './frame-test-kit.ts'
import { analyseFrames, anomaliesOf } from './reliability-test-kit.ts'
import { bytes, dnsHeader, dnsName, u16 } from './app-test-fixtures.ts'
import { MAX_VLAN_TAGS } from './step.ts'

const udpPacket = () => ipv4(17, udp(1111, 2222, new Uint8Array(4)))

/** An Ethernet frame with `n` 802.1Q tags stacked before an IPv4/UDP packet. */
function stackedVlan(n: number): Uint8Array {
  let inner: Uint8Array = udpPacket()
  let type = 0x0800
  for (let i = 0; i < n; i++) {
    inner = concat(hex(`0001 ${type.toString(16).padStart(4, '0')}`), inner) // TCI (VLAN 1), then the inner EtherType
    type = 0x8100
  }
  return eth(type, inner)
}

/** IPv6 with `n` Destination Options headers (8 bytes each) chained before UDP. */
function ipv6ExtensionChain(n: number): Uint8Array {
  let payload: Uint8Array = udp(1, 2, new Uint8Array(4))
  let next = 17
  for (let i = 0; i < n; i++) {
    payload = concat(hex(`${next.toString(16).padStart(2, '0')} 00 000000000000`), payload) // Next Header, Hdr Ext Len 0, padding
    next = 60
  }
  return eth(0x86dd, ipv6(next, payload))
}

describe('RELIABILITY row 24: Ethernet frame too small, EtherType 0 or unknown', () => {
  it('a frame under 14 bytes is eth.too_small and nothing above it is decoded', async () => {
    const short = hex('001122334455 6677') // 8 bytes: destination and part of the source
    expect(await anomaliesOf([short])).toEqual({ 'eth.too_small': 1 })
    expect(decode(1, short).layers).toEqual([])
  })

  it('an unknown EtherType leaves the payload raw (eth only) without an anomaly', async () => {
    const d = decode(1, eth(0x1234, new Uint8Array(20)))
    expect(d.layers).toEqual(['eth'])
    expect(await anomaliesOf([eth(0x1234, new Uint8Array(20))])).toEqual({})
  })

  it('EtherType 0 is an 802.3 length of 0: the LLC header it promises is missing', async () => {
    expect(await anomaliesOf([eth(0, new Uint8Array(20))])).toEqual({ 'llc.truncated': 1 })
  })
})

describe('RELIABILITY row 25: VLAN / QinQ stacks', () => {
  it(`100 stacked tags are walked in a loop up to ${MAX_VLAN_TAGS} and flagged vlan.too_many_layers`, async () => {
    const d = decode(1, stackedVlan(100))
    expect(d.layers).toEqual(['eth', 'vlan'])
    expect(d.anomalies).toEqual({ 'vlan.too_many_layers': 1 })
    expect(await anomaliesOf([stackedVlan(100)])).toEqual({ 'vlan.too_many_layers': 1 })
  })

  it('a tag stack within the cap still reaches the IP layer', () => {
    expect(decode(1, stackedVlan(MAX_VLAN_TAGS)).layers).toEqual(['eth', 'vlan', 'ip', 'udp'])
  })

  it('a truncated tag is vlan.truncated', async () => {
    expect(await anomaliesOf([eth(0x8100, hex('00'))])).toEqual({ 'vlan.truncated': 1 })
  })
})

describe('RELIABILITY row 26: IPv4 header fields', () => {
  it('version other than 4 behind EtherType 0x0800 is ipv4.wrong_ip_version', async () => {
    const v6InV4 = eth(0x0800, hex('65000020'))
    expect((await anomaliesOf([v6InV4]))['ipv4.wrong_ip_version']).toBe(1)
  })

  it('IHL < 5 is ipv4.hlen_too_small and the transport is not decoded', async () => {
    const p = udpPacket()
    p[0] = 0x44 // version 4, IHL 4
    expect(await anomaliesOf([eth(0x0800, p)])).toEqual({ 'ipv4.hlen_too_small': 1 })
    expect(decode(1, eth(0x0800, p)).layers).toEqual(['eth', 'ip'])
  })

  it('Total Length below the header length is ipv4.iplen_smaller_than_hlen', async () => {
    const f = eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(4)), { totalLength: 12 }))
    expect(await anomaliesOf([f])).toEqual({ 'ipv4.iplen_smaller_than_hlen': 1 })
  })

  it('Total Length beyond the captured bytes is ipv4.trunc_pkt and min(total, captured) is used', async () => {
    const f = eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(4)), { totalLength: 500 }))
    expect(await anomaliesOf([f])).toEqual({ 'ipv4.trunc_pkt': 1 })
    expect(decode(1, f).layers).toEqual(['eth', 'ip', 'udp'])
  })

  it('option lengths 0 and 1 are ipv4.opt_invalid_len; the option walk ends', async () => {
    for (const option of ['07000000', '07010000']) {
      const f = eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(4)), { options: hex(option) }))
      expect(await anomaliesOf([f])).toEqual({ 'ipv4.opt_invalid_len': 1 })
    }
  })
})

describe('RELIABILITY row 27: IPv6 payload length and extension headers', () => {
  it('Payload Length beyond the captured bytes is ipv6.trunc_pkt', async () => {
    const f = eth(0x86dd, ipv6(17, udp(1, 2, new Uint8Array(4)), { payloadLength: 400 }))
    expect(await anomaliesOf([f])).toEqual({ 'ipv6.trunc_pkt': 1 })
  })

  it('a chain of 20 extension headers stops at the cap with ipv6.exthdr_too_many; a chain of 3 is walked', async () => {
    expect(await anomaliesOf([ipv6ExtensionChain(20)])).toEqual({ 'ipv6.exthdr_too_many': 1 })
    expect(decode(1, ipv6ExtensionChain(20)).layers).toEqual(['eth', 'ipv6'])
    expect(decode(1, ipv6ExtensionChain(3)).layers).toEqual(['eth', 'ipv6', 'udp'])
  })

  it('a truncated extension header is ipv6.trunc_exthdr', async () => {
    expect(await anomaliesOf([eth(0x86dd, ipv6(60, hex('1101')))])).toEqual({ 'ipv6.trunc_exthdr': 1 })
  })
})

describe('RELIABILITY row 28: fragments', () => {
  it('a non-first fragment to port 53 is never decoded as UDP or DNS', async () => {
    const dns = bytes(dnsHeader(1, 0x0100, 1, 0), dnsName('frag.example'), u16(1), u16(1))
    const f = eth(0x0800, ipv4(17, udp(5353, 53, dns), { fragment: 0x0010 })) // fragment offset 16 (128 bytes)
    const d = decode(1, f)
    expect(d.layers).toEqual(['eth', 'ip'])
    expect(d.batch.factIndex[d.row]).toBe(-1)
    const summary = await analyseFrames([f])
    expect(summary.protocols.dns ?? 0).toBe(0)
    expect(summary.protocols.udp ?? 0).toBe(0)
  })
})

describe('RELIABILITY row 29: TCP header and options', () => {
  it('data offset < 5 or beyond the bytes available is tcp.hlen_too_small', async () => {
    for (const dataOffset of [4, 15]) {
      const f = eth(0x0800, ipv4(6, tcp(1, 2, new Uint8Array(4), { dataOffset })))
      expect(await anomaliesOf([f])).toEqual({ 'tcp.hlen_too_small': 1 })
    }
  })

  it('an option of length 0, or one running past the header, is tcp.opt_invalid_len and stops the walk', async () => {
    for (const options of ['02000000', '0208ffff']) {
      const f = eth(0x0800, ipv4(6, tcp(1, 2, new Uint8Array(4), { options: hex(options) })))
      expect(await anomaliesOf([f])).toEqual({ 'tcp.opt_invalid_len': 1 })
      expect(decode(1, f).layers).toEqual(['eth', 'ip', 'tcp'])
    }
  })
})

describe('RELIABILITY row 30: UDP length and ICMP quotes', () => {
  it('UDP Length < 8 is udp.hlen_invalid; beyond the IP payload is udp.len_invalid', async () => {
    expect(await anomaliesOf([eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(4), 4)))])).toEqual({ 'udp.hlen_invalid': 1 })
    expect(await anomaliesOf([eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(4), 400)))])).toEqual({ 'udp.len_invalid': 1 })
  })

  it('an ICMP error quoting a truncated ICMP error is decoded one level, without a throw', async () => {
    const quotedError = ipv4(1, hex('0303 0000 00000000 4500')) // the quoted packet is itself a cut ICMP error
    const f = eth(0x0800, ipv4(1, concat(hex('0303 0000 00000000'), quotedError)))
    const d = decode(1, f)
    expect(d.layers).toEqual(['eth', 'ip', 'icmp'])
    const summary = await analyseFrames([f])
    expect(summary.packets).toBe(1)
    expect(summary.anomalies['decoder.internal_error'] ?? 0).toBe(0)
  })
})
