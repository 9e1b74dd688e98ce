/**
 * Checklist fixtures for shared/RELIABILITY.md rows 31-38 (DNS, TLS, HTTP). Each hostile message is built field
 * by field, carried in an Ethernet/IPv4 frame, written into a pcap with the project's writer and read through the
 * whole pipeline; the expected outcome is a named anomaly code and a fact whose strings are escaped and capped.
 * docs/reliability.md maps every row to its test.
 */
import { describe, expect, it } from 'vitest'
import type { AppFact, DnsFact, HttpRequestFact, TlsHelloFact } from '../model/app-facts.ts'
import {
  ascii, bytes, clientHelloBody, clientHelloRecord, dnsHeader, dnsName, dnsRecord, extension, handshake, pointer, sniExtension,
  tlsRecord, u16, u24,
} from './app-test-fixtures.ts'
import { decode, eth, ipv4, tcp, udp, type Decoded } from './frame-test-kit.ts'
import { analyseFrames, anomaliesOf } from './reliability-test-kit.ts'

const dnsOverUdp = (message: Uint8Array) => eth(0x0800, ipv4(17, udp(5000, 53, message)))
const tcpTo = (port: number, payload: Uint8Array, seq = 1000) => eth(0x0800, ipv4(6, tcp(50000, port, payload, { seq })))
const question = (name: number[] | Uint8Array) => bytes(name, u16(1), u16(1))

function factOf<T extends AppFact>(d: Decoded): T {
  const i = d.batch.factIndex[d.row]
  expect(i).toBeGreaterThanOrEqual(0)
  return d.batch.facts[i] as T
}

describe('RELIABILITY row 31: DNS header counts', () => {
  it('counts of 65,535 with a 12-byte body end at the bytes left (dns.truncated), keeping the counts as read', async () => {
    const f = dnsOverUdp(bytes(dnsHeader(1, 0x8100, 65535, 65535, 65535, 65535)))
    expect(await anomaliesOf([f])).toEqual({ 'dns.truncated': 1 })
    const fact = factOf<DnsFact>(decode(1, f))
    expect(fact.counts).toEqual([65535, 65535, 65535, 65535])
    expect(fact.answers).toEqual([])
  })
})

describe('RELIABILITY row 32: DNS compression pointers', () => {
  it('a self-pointer and a forward pointer are dns.bad_pointer with the name <bad ptr>', async () => {
    const self = dnsOverUdp(bytes(dnsHeader(1, 0x0100, 1, 0), question(pointer(12))))
    const forward = dnsOverUdp(bytes(dnsHeader(1, 0x0100, 1, 0), question(pointer(20)), dnsName('a.example')))
    expect(await anomaliesOf([self, forward])).toEqual({ 'dns.bad_pointer': 2 })
    expect(factOf<DnsFact>(decode(1, self)).qname).toBe('<bad ptr>')
  })

  it('an A to B to A pointer loop in answers ends with dns.bad_pointer', async () => {
    // The question ends at offset 27; a name there points to 29, whose name points back to 27 (A -> B -> A).
    // Only strictly backward pointers are followed, so the walk cannot loop.
    const msg = bytes(dnsHeader(1, 0x8100, 1, 2), question(dnsName('q.example')), pointer(29), pointer(27))
    const anomalies = await anomaliesOf([dnsOverUdp(msg)])
    expect(anomalies['dns.bad_pointer'] ?? 0).toBeGreaterThanOrEqual(1)
  })

  it('a pointer whose second byte is missing is dns.truncated', async () => {
    expect(await anomaliesOf([dnsOverUdp(bytes(dnsHeader(1, 0x0100, 1, 0), 0xc0))])).toEqual({ 'dns.truncated': 1 })
  })
})

describe('RELIABILITY row 33: DNS labels and names', () => {
  it('a label length of 64 (an 0x40 label type) is dns.label_too_long', async () => {
    const f = dnsOverUdp(bytes(dnsHeader(1, 0x0100, 1, 0), 0x40, ascii('a'.repeat(64)), 0, u16(1), u16(1)))
    expect((await anomaliesOf([f]))['dns.label_too_long']).toBe(1)
  })

  it('a name over 255 octets is dns.name_too_long and shown cut short', async () => {
    const long = bytes(...Array.from({ length: 5 }, () => [63, ...ascii('x'.repeat(63))]).flat(), 0)
    const f = dnsOverUdp(bytes(dnsHeader(1, 0x0100, 1, 0), question(long)))
    expect(await anomaliesOf([f])).toEqual({ 'dns.name_too_long': 1 })
    const qname = factOf<DnsFact>(decode(1, f)).qname ?? ''
    expect(qname.endsWith('…')).toBe(true)
    expect(qname.length).toBeLessThanOrEqual(256)
  })

  it('NUL and "." inside a label are escaped as \\DDD / \\. for display', () => {
    const f = dnsOverUdp(bytes(dnsHeader(1, 0x0100, 1, 0), question([3, 0x61, 0x00, 0x2e, 0])))
    expect(factOf<DnsFact>(decode(1, f)).qname).toBe('a\\000\\.')
  })

  it('a name without its terminating zero is dns.truncated', async () => {
    expect(await anomaliesOf([dnsOverUdp(bytes(dnsHeader(1, 0x0100, 1, 0), 3, ascii('abc')))])).toEqual({ 'dns.truncated': 1 })
  })
})

describe('RELIABILITY row 34: DNS RR data and the DNS-over-TCP length', () => {
  it('RDLENGTH past the end skips the record with dns.rr_overflow; the question is kept', async () => {
    const msg = bytes(dnsHeader(1, 0x8100, 1, 1), question(dnsName('a.example')), pointer(12), u16(1), u16(1), 0, 0, 0, 1, u16(500), 1, 2, 3, 4)
    const f = dnsOverUdp(msg)
    expect(await anomaliesOf([f])).toEqual({ 'dns.rr_overflow': 1 })
    const fact = factOf<DnsFact>(decode(1, f))
    expect(fact.qname).toBe('a.example')
    expect(fact.answers).toEqual([])
  })

  it('a 2-byte TCP length that differs from the message is dns.tcp_length_mismatch', async () => {
    const msg = bytes(dnsHeader(1, 0x0100, 1, 0), question(dnsName('a.example')))
    expect(await anomaliesOf([tcpTo(53, bytes(u16(400), msg))])).toEqual({ 'dns.tcp_length_mismatch': 1 })
  })

  it('an answer record that is whole is still read after the checks above', () => {
    const msg = bytes(dnsHeader(1, 0x8100, 1, 1), question(dnsName('a.example')), dnsRecord(pointer(12), 1, 60, [192, 0, 2, 7]))
    expect(factOf<DnsFact>(decode(1, dnsOverUdp(msg))).answers.length).toBe(1)
  })
})

describe('RELIABILITY row 35: TLS record and handshake framing', () => {
  const hello = clientHelloRecord({ ciphers: [0x1301], extensions: [sniExtension('split.example')] })

  it('a ClientHello split over two TCP segments is reassembled and its SNI read', async () => {
    const ctx = decode(1, tcpTo(443, hello.subarray(0, 30), 1000)).ctx
    const second = decode(1, tcpTo(443, hello.subarray(30), 1030), { ctx })
    expect(factOf<TlsHelloFact>(second).sni).toBe('split.example')
    expect(await anomaliesOf([tcpTo(443, hello.subarray(0, 30), 1000), tcpTo(443, hello.subarray(30), 1030)])).toEqual({})
  })

  it('a hello that never completes is tls.hello_fragmented, never a half-read name', async () => {
    expect(await anomaliesOf([tcpTo(443, hello.subarray(0, 30))])).toEqual({ 'tls.hello_fragmented': 1 })
    const body = clientHelloBody({ ciphers: [0x1301], extensions: [sniExtension('x.example')] })
    const longerThanRecord = tlsRecord(22, bytes(1, u24(body.length + 100), body)) // 24-bit length > record
    expect(await anomaliesOf([tcpTo(443, longerThanRecord)])).toEqual({ 'tls.hello_fragmented': 1 })
  })

  it('a first record longer than 2^14 + 2,048 is not taken for TLS (left raw)', async () => {
    const f = tcpTo(443, bytes(22, u16(0x0301), u16(20000), 1, u24(19996), new Uint8Array(30)))
    expect(decode(1, f).layers).toEqual(['eth', 'ip', 'tcp'])
    expect(await anomaliesOf([f])).toEqual({})
  })

  it('TLS on a port other than 443 is still recognised by content', () => {
    expect(factOf<TlsHelloFact>(decode(1, tcpTo(8443, hello))).sni).toBe('split.example')
  })
})

describe('RELIABILITY row 36: ClientHello inner lengths', () => {
  it('session_id longer than 32 stops at tls.session_id_invalid with reason malformed', async () => {
    const f = tcpTo(443, tlsRecord(22, handshake(1, clientHelloBody({ sessionId: new Uint8Array(40), ciphers: [0x1301], extensions: [] }))))
    expect(await anomaliesOf([f])).toEqual({ 'tls.session_id_invalid': 1 })
    const fact = factOf<TlsHelloFact>(decode(1, f))
    expect(fact.reason).toBe('malformed')
    expect(fact.sni).toBeNull()
  })

  it('an odd cipher_suites length is tls.cipher_suites_invalid', async () => {
    const body = bytes(u16(0x0303), new Uint8Array(32), 0, u16(3), 0x13, 0x01, 0x13, 1, 0)
    expect(await anomaliesOf([tcpTo(443, tlsRecord(22, handshake(1, body)))])).toEqual({ 'tls.cipher_suites_invalid': 1 })
  })
})

describe('RELIABILITY row 37: SNI extension', () => {
  it('a server_name_list length that differs from the extension is tls.sni_invalid and no name', async () => {
    const f = tcpTo(443, clientHelloRecord({ ciphers: [0x1301], extensions: [extension(0, bytes(u16(40), 0, u16(3), ascii('abc')))] }))
    expect(await anomaliesOf([f])).toEqual({ 'tls.sni_invalid': 1 })
    expect(factOf<TlsHelloFact>(decode(1, f)).sni).toBeNull()
  })

  it('a name_type other than host_name is tls.sni_invalid', async () => {
    const f = tcpTo(443, clientHelloRecord({ ciphers: [0x1301], extensions: [extension(0, bytes(u16(6), 1, u16(3), ascii('abc')))] }))
    expect(await anomaliesOf([f])).toEqual({ 'tls.sni_invalid': 1 })
  })

  it('NUL, bidi and a trailing dot are flagged and escaped, never shown raw', async () => {
    const f = tcpTo(443, clientHelloRecord({ ciphers: [0x1301], extensions: [sniExtension('a\u0000b\u202e.example.')] }))
    expect(await anomaliesOf([f])).toEqual({ 'tls.sni_invalid': 1 })
    const sni = factOf<TlsHelloFact>(decode(1, f)).sni ?? ''
    expect(sni).not.toMatch(/[\u0000-\u001f\u202e]/)
    expect(sni.startsWith('a\\000b')).toBe(true)
  })
})

describe('RELIABILITY row 38: HTTP Host and User-Agent', () => {
  const http = (text: string) => tcpTo(80, Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff))

  it('a request without CRLF is http.request_fragmented', async () => {
    expect(await anomaliesOf([http('GET / HTTP/1.1\r\nHost: example.com')])).toEqual({ 'http.request_fragmented': 1 })
  })

  it('a header line over 8 KiB is http.line_too_long and its value not kept', async () => {
    const f = http(`GET / HTTP/1.1\r\nHost: ${'a'.repeat(9000)}\r\n\r\n`)
    expect(await anomaliesOf([f])).toEqual({ 'http.line_too_long': 1 })
    expect(factOf<HttpRequestFact>(decode(1, f)).host).toBeNull()
  })

  it('NUL, invalid UTF-8 and bidi characters in Host and User-Agent are escaped for display', async () => {
    // "\u00e2\u0080\u00ae" here are the three UTF-8 bytes of U+202E (right-to-left override); \xff is invalid UTF-8.
    const f = http('GET / HTTP/1.1\r\nHost: ex\u00e2\u0080\u00aeample.com\r\nUser-Agent: a\u0000b\u00ff\r\n\r\n')
    const fact = factOf<HttpRequestFact>(decode(1, f))
    expect(fact.host).toBe('ex\\u{202e}ample.com')
    expect(fact.userAgent).not.toMatch(/[\u0000\u202e]/)
    expect(fact.userAgent?.startsWith('a\\x00b')).toBe(true)
    const summary = await analyseFrames([f])
    expect(summary.protocols.http).toBe(1)
  })
})
