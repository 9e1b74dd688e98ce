import { describe, expect, it } from 'vitest'
import { Net } from '../../model/packet-batch.ts'
import { decodingSink } from './craft-test-kit.ts'
import {
  ACK, Conversation, DNS_TYPE_A, DNS_TYPE_AAAA, DNS_TYPE_CNAME, DNS_TYPE_TXT, FIN, FrameCrafter, IPPROTO_UDP, MemoryFrameSink, PSH, SYN,
  defaultClientHelloSpec, encodeClientHello, encodeDnsName, encodeHttpRequest, foldChecksum, internetChecksum, macFromIndex, parseIpv4,
  parseIpv6, pseudoHeaderSum, sum16, txtData, writeDnsQuery, writeDnsResponse,
} from './index.ts'

const client = { mac: macFromIndex(1), ip: parseIpv4('192.168.1.10') }
const server = { mac: macFromIndex(2), ip: parseIpv4('192.168.1.1') }
const client6 = { mac: macFromIndex(1), ip: parseIpv6('2001:db8::10') }
const server6 = { mac: macFromIndex(2), ip: parseIpv6('2001:db8::1') }

/** Verifies a checksum the way a receiver does: summing the covered bytes including the checksum gives 0xffff. */
function receiverSumIsAllOnes(buf: Uint8Array, from: number, to: number, pseudo = 0): boolean {
  return foldChecksum(sum16(buf, from, to, pseudo)) === 0
}

describe('Internet checksum', () => {
  it('matches the RFC 1071 section 3 worked example', () => {
    // RFC 1071 3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2 (folded), so the checksum is ~ddf2 = 220d.
    const bytes = Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7)
    expect(internetChecksum(bytes, 0, 8)).toBe(0x220d)
  })

  it('pads an odd trailing byte with zero', () => {
    expect(internetChecksum(Uint8Array.of(0x12, 0x34, 0x56), 0, 3)).toBe(~(0x1234 + 0x5600) & 0xffff)
  })

  it('gives a well-known IPv4 header checksum (the classic 0xb861 example)', () => {
    const c = new FrameCrafter().begin()
    c.ipv4(parseIpv4('192.168.0.1'), parseIpv4('192.168.0.199'), IPPROTO_UDP, 64, 0)
    c.fill(115 - 20) // total length 0x0073 as in the example header 4500 0073 0000 4000 4011 .... c0a8 0001 c0a8 00c7
    c.finish()
    expect(c.view.getUint16(10)).toBe(0xb861)
  })
})

describe('FrameCrafter', () => {
  it('writes TCP segments whose IPv4 and TCP checksums verify, with options padded to 32 bits', () => {
    const conv = new Conversation(new FrameCrafter(), client, server, 51000, 443)
    const n = conv.tcp(true, SYN)
    const b = conv.crafter.buf
    expect(n).toBe(14 + 20 + 40) // MSS 4 + SACK 2 + TS 10 + NOP 1 + WS 3 = 20 option bytes
    expect(b[14 + 20 + 12] >> 4).toBe(10)
    expect(receiverSumIsAllOnes(b, 14, 34)).toBe(true)
    expect(receiverSumIsAllOnes(b, 34, n, pseudoHeaderSum(b, 26, 30, 4, 6, n - 34))).toBe(true)
    const m = conv.tcp(true, ACK | PSH, null, 333) // odd payload length
    expect(receiverSumIsAllOnes(b, 34, m, pseudoHeaderSum(b, 26, 30, 4, 6, m - 34))).toBe(true)
  })

  it('computes the IPv6 pseudo-header checksum for TCP, UDP and ICMPv6', () => {
    const conv = new Conversation(new FrameCrafter(), client6, server6, 51000, 53)
    const b = conv.crafter.buf
    const crafts: [() => number, number][] = [[() => conv.tcp(false, SYN | ACK), 6], [() => conv.udp(true, null, 77), 17], [() => conv.echo(true, 1, 1, 31), 58]]
    for (const [craft, proto] of crafts) {
      const n = craft()
      expect(conv.crafter.view.getUint16(18)).toBe(n - 54) // Payload Length
      expect(receiverSumIsAllOnes(b, 54, n, pseudoHeaderSum(b, 22, 38, 16, proto, n - 54))).toBe(true)
    }
  })

  it('advances sequence numbers by payload, SYN and FIN, and acknowledges the peer', () => {
    const conv = new Conversation(new FrameCrafter(), client, server, 51000, 80, { clientIsn: 1000, serverIsn: 5000 })
    conv.tcp(true, SYN)
    conv.tcp(false, SYN | ACK)
    expect(conv.crafter.view.getUint32(34 + 8)).toBe(1001)
    conv.tcp(true, ACK | PSH, null, 100)
    conv.tcp(true, ACK | FIN)
    expect(conv.clientSeq).toBe(1000 + 1 + 100 + 1)
    expect(conv.serverSeq).toBe(5001)
  })

  it('writes ICMP errors that quote a UDP datagram with a valid IPv4 header checksum', () => {
    const conv = new Conversation(new FrameCrafter(), client, server, 33434, 50000)
    const n = conv.icmpError(3, 3)
    const b = conv.crafter.buf
    expect(n).toBe(14 + 20 + 8 + 20 + 8)
    expect([b[34], b[35]]).toEqual([3, 3]) // type, code
    expect(receiverSumIsAllOnes(b, 34, n)).toBe(true) // ICMP checksum over the message
    expect(receiverSumIsAllOnes(b, 42, 62)).toBe(true) // the quoted IPv4 header
    expect(Array.from(b.subarray(54, 58))).toEqual(Array.from(server.ip)) // quoted source: the server
    expect(conv.crafter.view.getUint16(62)).toBe(50000) // quoted UDP source port: the server's
    const v6 = new Conversation(new FrameCrafter(), client6, server6, 33434, 50000)
    const m = v6.icmpError(1, 4)
    expect(receiverSumIsAllOnes(v6.crafter.buf, 54, m, pseudoHeaderSum(v6.crafter.buf, 22, 38, 16, 58, m - 54))).toBe(true)
  })

  it('refuses a frame over 64 KiB instead of writing past its buffer', () => {
    const c = new FrameCrafter().begin().ethernet(server.mac, client.mac).ipv4(client.ip, server.ip, 17)
    expect(() => c.fill(70000)).toThrow(RangeError)
  })
})

describe('crafted frames through the real decoder', () => {
  it('decodes addresses, ports, flags, DNS, TLS and HTTP facts as crafted', () => {
    const { sink, result } = decodingSink()
    const crafter = new FrameCrafter()
    const conv = new Conversation(crafter, client, server, 51000, 443)
    conv.tcp(true, SYN)
    conv.emit(sink, 1e15)
    const hello = encodeClientHello({ ...defaultClientHelloSpec('api.example.org'), alpn: ['http/1.1'] })
    conv.tcp(true, ACK | PSH, hello)
    conv.emit(sink, 1e15 + 10)
    const dns = new Conversation(crafter, client6, server6, 40000, 53)
    const q = dns.beginUdp(true)
    writeDnsQuery(q, 77, encodeDnsName('www.example.com'), DNS_TYPE_A)
    q.finish()
    dns.emit(sink, 1e15 + 20)
    const r = dns.beginUdp(false)
    writeDnsResponse(r, 77, encodeDnsName('www.example.com'), DNS_TYPE_A, [
      { type: DNS_TYPE_CNAME, ttl: 30, data: encodeDnsName('cdn.example.net') },
      { type: DNS_TYPE_A, ttl: 30, data: parseIpv4('10.1.2.3') },
      { type: DNS_TYPE_AAAA, ttl: 30, data: parseIpv6('2001:db8::99') },
      { type: DNS_TYPE_TXT, ttl: 30, data: txtData('v=spf1 -all') },
    ])
    r.finish()
    dns.emit(sink, 1e15 + 30)
    const http = new Conversation(crafter, client, server, 51001, 80)
    http.tcp(true, ACK | PSH, encodeHttpRequest('GET', '/a?b=1', 'example.org', 'agent/2'))
    http.emit(sink, 1e15 + 40)
    const { batch, facts, ctx } = result()
    expect(batch.count).toBe(5)
    expect(ctx.anomalies.toRecord()).toEqual({})
    expect(Array.from(batch.net.subarray(0, 5))).toEqual([Net.IPv4, Net.IPv4, Net.IPv6, Net.IPv6, Net.IPv4])
    expect(batch.srcPort[0]).toBe(51000)
    expect(batch.tcpFlags[0]).toBe(SYN)
    expect(batch.time[4]).toBeCloseTo(1e9 + 40e-6, 9)
    const tls = facts.find((f) => f.kind === 'tls-client-hello')
    expect(tls && tls.kind === 'tls-client-hello' ? [tls.sni, tls.alpn, tls.versions, tls.reason] : null).toEqual(['api.example.org', ['http/1.1'], [0x0304, 0x0303], null])
    const answer = facts.find((f) => f.kind === 'dns' && f.isResponse)
    expect(answer && answer.kind === 'dns' ? [answer.qname, answer.answers.map((a) => a.type)] : null).toEqual(['www.example.com', [5, 1, 28, 16]])
    const req = facts.find((f) => f.kind === 'http-request')
    expect(req && req.kind === 'http-request' ? [req.method, req.uri, req.host, req.userAgent] : null).toEqual(['GET', '/a?b=1', 'example.org', 'agent/2'])
  })

  it('gives the default hello the JA3 hash Wireshark computes for it', () => {
    const { sink, result } = decodingSink()
    const conv = new Conversation(new FrameCrafter(), client, server, 50000, 443)
    conv.tcp(true, ACK | PSH, encodeClientHello(defaultClientHelloSpec('www.example.com')))
    conv.emit(sink, 1e15)
    const hello = result().facts.find((f) => f.kind === 'tls-client-hello')
    // Recorded from `tshark -T fields -e tls.handshake.ja3` on a capture of this hello (the field ignores GREASE and the SNI value).
    expect(hello && hello.kind === 'tls-client-hello' ? hello.ja3Hash : null).toBe('d55b4374d94a791a5e458e2ec1ac2a79')
  })
})

describe('encoders', () => {
  it('rejects DNS labels over 63 octets and names over 255', () => {
    expect(() => encodeDnsName(`${'a'.repeat(64)}.com`)).toThrow(RangeError)
    expect(() => encodeDnsName(Array(60).fill('abcd').join('.'))).toThrow(RangeError)
    expect(Array.from(encodeDnsName('a.bc'))).toEqual([1, 97, 2, 98, 99, 0])
  })

  it('rejects CR/LF in HTTP fields (no header injection from model data)', () => {
    expect(() => encodeHttpRequest('GET', '/', 'a\r\nX: y')).toThrow(RangeError)
  })

  it('memory sink copies frames (the crafter buffer is reused)', () => {
    const sink = new MemoryFrameSink()
    const conv = new Conversation(new FrameCrafter(), client, server, 1, 2)
    conv.udp(true, null, 10)
    conv.emit(sink, 5)
    conv.udp(true, null, 20)
    conv.emit(sink, 6)
    expect(sink.frames.map((f) => f.data.length)).toEqual([52, 62])
  })
})
