import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AnomalyCounter } from '../model/anomalies.ts'
import {
  alpnExtension, clientHelloBody, extension, handshake, pointFormatsExtension, sniExtension, supportedVersionsExtension,
  u16ListExtension,
} from './app-test-fixtures.ts'
import { ja3Hash, ja3String } from './ja3.ts'
import { ja4 } from './ja4.ts'
import { isGrease, parseClientHello } from './tls-client-hello.ts'
import { clientHelloFact } from './tls-reassembly.ts'

const GREASE = [0x0a0a, 0x1a1a, 0x2a2a, 0xfafa]

/** The fact computed afresh from a parsed ClientHello, sharing nothing with earlier hellos. */
function freshFact(body: Uint8Array) {
  const h = parseClientHello(body, 0, body.length, new AnomalyCounter())
  if (h === null) return null
  const ja3 = ja3String(h)
  return {
    kind: 'tls-client-hello', legacyVersion: h.legacyVersion, versions: h.supportedVersions.filter((v) => !isGrease(v)),
    sni: h.sni, alpn: h.alpn, cipherSuites: h.cipherSuites, extensions: h.extensions,
    ja3, ja3Hash: ja3Hash(ja3), ja4: ja4(h, 't'), reason: null,
  }
}

describe('hello profiles', () => {
  it('give every fact exactly what computing it afresh gives, across repeated and varied hellos (fast-check seed 1311)', () => {
    // A few TLS stacks (lists, ALPN, versions), each with GREASE values picked per hello, names per hello.
    const stack = fc.record({
      version: fc.constantFrom(0x0301, 0x0303),
      ciphers: fc.constantFrom<number[]>([0x1301, 0x1302], [0xc02b, 0xc02f, 0x009c], [0x1301]),
      alpn: fc.constantFrom<string[] | null>(null, ['h2'], ['h2', 'http/1.1'], ['http/1.1']),
      versions: fc.constantFrom<number[] | null>(null, [0x0304, 0x0303], [0x0303]),
      groups: fc.constantFrom<number[]>([0x001d, 0x0017], [0x0017]),
    })
    const hello = fc.record({ stack, grease: fc.option(fc.constantFrom(...GREASE)), sni: fc.option(fc.constantFrom('a.example', 'b.example')) })
    fc.assert(
      fc.property(fc.array(hello, { minLength: 1, maxLength: 12 }), (hellos) => {
        for (const { stack: s, grease, sni } of hellos) {
          const g = grease === null ? [] : [grease]
          const extensions = [
            ...(grease === null ? [] : [extension(grease, [])]),
            ...(sni === null ? [] : [sniExtension(sni)]),
            ...(s.alpn === null ? [] : [alpnExtension(...s.alpn)]),
            ...(s.versions === null ? [] : [supportedVersionsExtension(...g, ...s.versions)]),
            u16ListExtension(0x000a, [...g, ...s.groups]),
            pointFormatsExtension(0),
          ]
          const body = clientHelloBody({ version: s.version, ciphers: [...g, ...s.ciphers], extensions })
          const message = handshake(1, body)
          expect(clientHelloFact(message, 0, message.length, new AnomalyCounter())).toEqual(freshFact(body))
        }
      }),
      { seed: 1311, numRuns: 200 },
    )
  })
})
