import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { latin1Bytes } from './md5.ts'
import { sha256Hex } from './sha256.ts'

const nodeSha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

describe('sha256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(sha256Hex(latin1Bytes('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(sha256Hex(latin1Bytes('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    )
  })

  it('agrees with node:crypto around the padding boundaries', () => {
    for (let n = 0; n < 200; n++) {
      const data = new Uint8Array(n).map((_, i) => (i * 17 + n) & 0xff)
      expect(sha256Hex(data)).toBe(nodeSha256(data))
    }
  })

  it('agrees with node:crypto on arbitrary input', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), (data) => sha256Hex(data) === nodeSha256(data)), { seed: 2, numRuns: 300 })
  })
})
