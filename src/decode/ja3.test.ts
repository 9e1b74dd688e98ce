import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AnomalyCounter } from '../model/anomalies.ts'
import {
  alpnExtension, clientHelloBody, extension, pointFormatsExtension, sniExtension, supportedVersionsExtension,
  u16ListExtension,
} from './app-test-fixtures.ts'
import { ja3Hash, ja3String } from './ja3.ts'
import { parseClientHello } from './tls-client-hello.ts'

describe('JA3', () => {
  it('joins version, ciphers, extensions, curves and point formats without GREASE, and hashes with MD5', () => {
    const body = clientHelloBody({
      version: 0x0303,
      ciphers: [0x0a0a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0x009c, 0x002f],
      extensions: [
        extension(0x2a2a, []),
        sniExtension('www.example.com'),
        extension(0x0017, []),
        extension(0xff01, [0]),
        u16ListExtension(0x000a, [0x4a4a, 0x001d, 0x0017, 0x0018]),
        pointFormatsExtension(0),
        alpnExtension('h2', 'http/1.1'),
        u16ListExtension(0x000d, [0x0403, 0x0804]),
        supportedVersionsExtension(0xfafa, 0x0304, 0x0303),
        extension(0xbaba, [0]),
      ],
    })
    const hello = parseClientHello(body, 0, body.length, new AnomalyCounter())
    expect(hello).not.toBeNull()
    if (hello === null) return
    const expected = '771,4865-4866-4867-49195-49199-156-47,0-23-65281-10-11-16-13-43,29-23-24,0'
    expect(ja3String(hello)).toBe(expected)
    expect(ja3Hash(expected)).toBe(createHash('md5').update(expected).digest('hex'))
  })

  it('leaves empty fields empty', () => {
    const body = clientHelloBody({ version: 0x0301, ciphers: [0x002f, 0x0035], extensions: null })
    const hello = parseClientHello(body, 0, body.length, new AnomalyCounter())
    expect(hello && ja3String(hello)).toBe('769,47-53,,,')
  })
})
