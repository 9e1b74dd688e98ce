import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AnomalyCounter } from '../model/anomalies.ts'
import { bytes, extension, serverHelloBody, u16 } from './app-test-fixtures.ts'
import { parseServerHello } from './tls-server-hello.ts'

describe('parseServerHello', () => {
  it('reads a TLS 1.2 version and cipher suite', () => {
    const body = serverHelloBody(0x0303, 0xc02f, [extension(0xff01, [0])])
    expect(parseServerHello(body, 0, body.length, new AnomalyCounter())).toEqual({ kind: 'tls-server-hello', version: 0x0303, cipherSuite: 0xc02f })
  })

  it('takes the TLS 1.3 version from supported_versions', () => {
    const body = serverHelloBody(0x0303, 0x1301, [extension(0x0033, new Uint8Array(36)), extension(0x002b, u16(0x0304))])
    expect(parseServerHello(body, 0, body.length, new AnomalyCounter())?.version).toBe(0x0304)
  })

  it('accepts a hello without extensions and rejects inconsistent ones', () => {
    const plain = serverHelloBody(0x0301, 0x002f, null)
    expect(parseServerHello(plain, 0, plain.length, new AnomalyCounter())?.cipherSuite).toBe(0x002f)
    const anomalies = new AnomalyCounter()
    const badExt = bytes(serverHelloBody(0x0303, 0x1301, null), u16(8), u16(0x002b), u16(10), 3, 4)
    expect(parseServerHello(badExt, 0, badExt.length, anomalies)).toBeNull()
    expect(anomalies.get('tls.ext_len_invalid')).toBe(1)
    expect(parseServerHello(plain, 0, 20, anomalies)).toBeNull()
    expect(anomalies.get('tls.handshake_len_invalid')).toBe(1)
  })

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        parseServerHello(b, 0, b.length, new AnomalyCounter())
        return true
      }),
      { seed: 5246, numRuns: 2000 },
    )
  })
})
