import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AnomalyCounter } from '../model/anomalies.ts'
import {
  alpnExtension, ascii, bytes, clientHelloBody, extension, pointFormatsExtension, sniExtension,
  supportedVersionsExtension, u16, u16ListExtension, type ClientHelloSpec,
} from './app-test-fixtures.ts'
import { countedBytes } from './counted-bytes.ts'
import { isGrease, parseClientHello } from './tls-client-hello.ts'

function parse(body: Uint8Array) {
  const anomalies = new AnomalyCounter()
  const buf = bytes(0xee, 0xee, body, 0xee) // not at offset 0, and with a byte after the end
  return { hello: parseClientHello(buf, 2, 2 + body.length, anomalies), anomalies }
}

const base: ClientHelloSpec = { ciphers: [0x1301, 0xc02f], extensions: [sniExtension('example.com')] }

describe('parseClientHello', () => {
  it('reads the fixed fields and the fingerprinted extensions', () => {
    const { hello, anomalies } = parse(
      clientHelloBody({
        version: 0x0303,
        ciphers: [0x2a2a, 0x1301, 0x1302, 0xc02b],
        extensions: [
          extension(0x3a3a, []),
          sniExtension('www.example.com'),
          alpnExtension('h2', 'http/1.1'),
          supportedVersionsExtension(0x7a7a, 0x0304, 0x0303),
          u16ListExtension(0x000a, [0x1a1a, 0x001d, 0x0017]),
          pointFormatsExtension(0),
          u16ListExtension(0x000d, [0x0403, 0x0804]),
        ],
      }),
    )
    expect(anomalies.total).toBe(0)
    expect(hello).toMatchObject({
      legacyVersion: 0x0303,
      cipherSuites: [0x2a2a, 0x1301, 0x1302, 0xc02b],
      compressionMethods: [0],
      extensions: [0x3a3a, 0, 16, 43, 10, 11, 13],
      sni: 'www.example.com',
      hasSni: true,
      alpn: ['h2', 'http/1.1'],
      supportedVersions: [0x7a7a, 0x0304, 0x0303],
      supportedGroups: [0x1a1a, 0x001d, 0x0017],
      ecPointFormats: [0],
      signatureAlgorithms: [0x0403, 0x0804],
    })
    expect(hello?.sessionId).toHaveLength(32)
    expect(Array.from(hello?.alpnFirst ?? [])).toEqual(ascii('h2'))
  })

  it('accepts a pre-TLS 1.3 hello without an extensions block', () => {
    const { hello, anomalies } = parse(clientHelloBody({ version: 0x0301, ciphers: [0x002f], extensions: null }))
    expect(hello?.extensions).toEqual([])
    expect(hello?.sni).toBeNull()
    expect(anomalies.total).toBe(0)
  })

  it('stops at the first framing inconsistency', () => {
    const cases: [string, Uint8Array][] = [
      ['tls.session_id_invalid', clientHelloBody({ ...base, sessionId: new Uint8Array(33) })],
      ['tls.cipher_suites_invalid', clientHelloBody({ ...base, ciphers: [] })],
      ['tls.compression_invalid', clientHelloBody({ ...base, compression: [] })],
      // extensions length claims one byte more than is there
      ['tls.ext_len_invalid', (() => { const b = clientHelloBody(base); const at = 2 + 32 + 1 + 32 + 2 + 4 + 2; b[at + 1]++; return b })()],
      // an extension whose length runs past the extensions block
      ['tls.ext_len_invalid', bytes(clientHelloBody({ ...base, extensions: null }), u16(6), u16(0x0017), u16(10), 0, 0)],
      // extensions block shorter than the bytes that follow it
      ['tls.ext_len_invalid', bytes(clientHelloBody(base), 0)],
      ['tls.handshake_len_invalid', clientHelloBody(base).subarray(0, 50)],
      ['tls.handshake_len_invalid', new Uint8Array(10)],
    ]
    for (const [code, body] of cases) {
      const { hello, anomalies } = parse(body)
      expect(hello, code).toBeNull()
      expect(anomalies.get(code), code).toBe(1)
    }
  })

  it('odd cipher_suites length is malformed', () => {
    const b = clientHelloBody(base)
    const at = 2 + 32 + 1 + 32
    b[at + 1] = 3
    expect(parse(b).hello).toBeNull()
  })

  it('server_name: list length must match, name_type 0 only, first host_name wins, capped and escaped', () => {
    const mismatch = extension(0, bytes(u16(20), 0, u16(3), ascii('a.b')))
    let r = parse(clientHelloBody({ ...base, extensions: [mismatch] }))
    expect(r.hello?.sni).toBeNull()
    expect(r.hello?.hasSni).toBe(true)
    expect(r.anomalies.get('tls.sni_invalid')).toBe(1)

    const otherType = extension(0, bytes(u16(8), 1, u16(1), ascii('x'), 0, u16(1), ascii('y')))
    r = parse(clientHelloBody({ ...base, extensions: [otherType] }))
    expect(r.hello?.sni).toBe('y')
    expect(r.anomalies.get('tls.sni_invalid')).toBe(1)

    r = parse(clientHelloBody({ ...base, extensions: [sniExtension('first.example', 'second.example')] }))
    expect(r.hello?.sni).toBe('first.example')
    expect(r.anomalies.get('tls.sni_invalid')).toBe(1)

    r = parse(clientHelloBody({ ...base, extensions: [sniExtension('x'.repeat(300))] }))
    expect(r.hello?.sni).toBe('x'.repeat(255) + '…')
    expect(r.anomalies.get('tls.sni_invalid')).toBe(1)

    const hostile = extension(0, bytes(u16(9), 0, u16(6), ascii('a'), 0, 0x1b, ascii('b\\'), 0xff))
    r = parse(clientHelloBody({ ...base, extensions: [hostile] }))
    expect(r.hello?.sni).toBe('a\\000\\027b\\\\\\255')

    r = parse(clientHelloBody({ ...base, extensions: [sniExtension('')] }))
    expect(r.hello?.sni).toBeNull()
  })

  it('bad content inside a well-framed extension is flagged and ignored, not fatal', () => {
    const { hello, anomalies } = parse(
      clientHelloBody({
        ...base,
        extensions: [
          extension(0x10, bytes(u16(3), 0, 1, 0x61)), // empty protocol name
          extension(0x2b, bytes(3, 3, 4, 3)), // odd list length
          extension(0x0a, bytes(u16(4), 0, 0x1d)), // list length disagrees
          sniExtension('ok.example'),
        ],
      }),
    )
    expect(hello?.sni).toBe('ok.example')
    expect(hello?.alpn).toEqual([])
    expect(hello?.alpnFirst).toBeNull()
    expect(hello?.supportedVersions).toEqual([])
    expect(anomalies.get('tls.alpn_invalid')).toBe(1)
    expect(anomalies.get('tls.ext_invalid')).toBe(2)
  })

  it('parses each hello afresh: long lists, then shorter ones with nothing left over from before', () => {
    // The parser keeps its lists in storage reused from hello to hello, grown on demand.
    const many = Array.from({ length: 300 }, (_, i) => 0x0100 + i)
    const groups = Array.from({ length: 90 }, (_, i) => 0x0200 + i)
    const long = parse(clientHelloBody({ ciphers: many, extensions: [u16ListExtension(0x000a, groups), alpnExtension('h2')] }))
    expect(long.hello?.cipherSuites).toEqual(many)
    expect(long.hello?.supportedGroups).toEqual(groups)
    expect(long.hello?.alpn).toEqual(['h2'])
    const short = parse(clientHelloBody({ ciphers: [0x1301], extensions: [sniExtension('b.example')] }))
    expect(short.hello).toMatchObject({ cipherSuites: [0x1301], extensions: [0], supportedGroups: [], alpn: [], alpnFirst: null, sni: 'b.example' })
    expect(short.anomalies.total).toBe(0)
  })

  it('recognises exactly the 16 GREASE values', () => {
    const grease = []
    for (let v = 0; v < 0x10000; v++) if (isGrease(v)) grease.push(v)
    expect(grease).toEqual(Array.from({ length: 16 }, (_, i) => i * 0x1010 + 0x0a0a))
  })

  it('never throws on arbitrary or mutated bodies, and reads each byte at most twice', () => {
    let worst = 0
    const valid = clientHelloBody({ ...base, extensions: [sniExtension('a.example'), alpnExtension('h2'), supportedVersionsExtension(0x0304)] })
    const mutated = fc
      .array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 })
      .map((edits) => {
        const b = valid.slice()
        for (const [at, v] of edits) b[at] = v
        return b
      })
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 600, size: 'max' }), mutated), fc.nat(), (body, cut) => {
        const end = body.length === 0 ? 0 : cut % (body.length + 1)
        const counted = countedBytes(body)
        parseClientHello(counted.bytes, 0, end, new AnomalyCounter())
        // Work, not wall time: every length is checked against the bytes left before it is walked, so the
        // parser reads within [0, end) and each byte a bounded number of times.
        worst = Math.max(worst, counted.reads() / Math.max(1, end))
        expect(counted.reads()).toBeLessThanOrEqual(2 * end)
      }),
      { seed: 8446, numRuns: 2000 },
    )
    console.log(`ClientHello on arbitrary or mutated bodies: at most ${worst.toFixed(2)} byte reads per body byte`)
  })
})
