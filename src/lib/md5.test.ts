import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { latin1Bytes, md5Hex, toHex } from './md5.ts'

const nodeMd5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex')

describe('md5', () => {
  it('matches the RFC 1321 test suite', () => {
    expect(md5Hex(latin1Bytes(''))).toBe('d41d8cd98f00b204e9800998ecf8427e')
    expect(md5Hex(latin1Bytes('abc'))).toBe('900150983cd24fb0d6963f7d28e17f72')
    expect(md5Hex(latin1Bytes('message digest'))).toBe('f96b697d7cb7938d525a2f31aaf161d0')
  })

  it('agrees with node:crypto around the padding boundaries', () => {
    for (let n = 0; n < 200; n++) {
      const data = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff)
      expect(md5Hex(data)).toBe(nodeMd5(data))
    }
  })

  it('agrees with node:crypto on arbitrary input', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), (data) => md5Hex(data) === nodeMd5(data)), { seed: 1, numRuns: 300 })
  })

  it('hex-encodes bytes in lower case', () => {
    expect(toHex(new Uint8Array([0, 0x0f, 0xa0, 0xff]))).toBe('000fa0ff')
  })
})
