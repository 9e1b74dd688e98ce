import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AnomalyCounter } from '../model/anomalies.ts'
import {
  alpnExtension, clientHelloBody, extension, sniExtension, supportedVersionsExtension, u16ListExtension,
} from './app-test-fixtures.ts'
import { ja4, ja4Alpn, ja4TruncatedHash, ja4VersionCode } from './ja4.ts'
import { parseClientHello, type ClientHello } from './tls-client-hello.ts'

// The worked example of the JA4 specification (FoxIO technical_details/JA4.md).
const CIPHERS = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035]
const EXTENSION_ORDER = [0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005, 0x0023, 0x0012, 0x002b, 0xff01, 0x000b, 0x000a, 0x0015]
const SIGNATURE_ALGORITHMS = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601]

function specHello(withGrease: boolean, withSignatureAlgorithms = true): ClientHello {
  const exts = EXTENSION_ORDER.filter((t) => withSignatureAlgorithms || t !== 0x000d).map((type) => {
    if (type === 0x0000) return sniExtension('example.com')
    if (type === 0x0010) return alpnExtension('h2', 'http/1.1')
    if (type === 0x000d) return u16ListExtension(type, SIGNATURE_ALGORITHMS)
    if (type === 0x002b) return supportedVersionsExtension(...(withGrease ? [0x6a6a] : []), 0x0304, 0x0303)
    return extension(type, [])
  })
  if (withGrease) exts.unshift(extension(0x9a9a, []))
  const ciphers = withGrease ? [0xdada, ...CIPHERS] : CIPHERS
  const body = clientHelloBody({ version: 0x0303, ciphers, extensions: exts })
  const hello = parseClientHello(body, 0, body.length, new AnomalyCounter())
  if (hello === null) throw new Error('fixture did not parse')
  return hello
}

const sha12 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12)

describe('JA4', () => {
  it('reproduces the specification example, with or without GREASE', () => {
    expect(ja4(specHello(false))).toBe('t13d1516h2_8daaf6152771_e5627efa2ab1')
    expect(ja4(specHello(true))).toBe('t13d1516h2_8daaf6152771_e5627efa2ab1')
  })

  it('hashes the documented strings as node:crypto does', () => {
    const ciphers = '002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9'
    const exts = '0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01'
    expect(ja4TruncatedHash(ciphers)).toBe(sha12(ciphers))
    expect(ja4TruncatedHash(ciphers)).toBe('8daaf6152771')
    expect(ja4TruncatedHash(exts)).toBe('6d807ffa2a79')
    expect(ja4TruncatedHash('')).toBe('000000000000')
  })

  it('ends part c with the extensions when there are no signature algorithms', () => {
    const hello = specHello(false, false)
    const exts = '0005,000a,000b,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01'
    expect(ja4(hello)).toBe(`t13d1515h2_8daaf6152771_${sha12(exts)}`)
  })

  it('uses legacy_version without supported_versions, i without SNI, 00 without ALPN, empty-list markers', () => {
    const body = clientHelloBody({ version: 0x0301, ciphers: [0x002f], extensions: null })
    const hello = parseClientHello(body, 0, body.length, new AnomalyCounter())
    expect(hello && ja4(hello)).toBe(`t10i010000_${sha12('002f')}_000000000000`)
  })

  it('derives the ALPN characters as the specification shows', () => {
    const b = (...v: number[]) => Uint8Array.from(v)
    expect(ja4Alpn(null)).toBe('00')
    expect(ja4Alpn(b())).toBe('00')
    expect(ja4Alpn(b(0x68, 0x32))).toBe('h2')
    expect(ja4Alpn(Uint8Array.from('http/1.1', (c) => c.charCodeAt(0)))).toBe('h1')
    expect(ja4Alpn(b(0x68))).toBe('hh')
    expect(ja4Alpn(b(0xab))).toBe('ab')
    expect(ja4Alpn(b(0xab, 0xcd))).toBe('ad')
    expect(ja4Alpn(b(0x30, 0xab))).toBe('3b')
    expect(ja4Alpn(b(0x30, 0x31, 0xab, 0xcd))).toBe('3d')
    expect(ja4Alpn(b(0x30, 0xab, 0xcd, 0x31))).toBe('01')
  })

  it('maps versions to their two-character codes', () => {
    expect([0x0304, 0x0303, 0x0302, 0x0301, 0x0300, 0x0002, 0xfeff, 0xfefd, 0xfefc, 0x1234].map(ja4VersionCode)).toEqual([
      '13', '12', '11', '10', 's3', 's2', 'd1', 'd2', 'd3', '00',
    ])
  })
})
