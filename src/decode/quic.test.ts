import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AnomalyCounter } from '../model/anomalies.ts'
import { bytes, u16, u32 } from './app-test-fixtures.ts'
import { QUIC_V1, QUIC_V2, decodeQuicInitial, isQuicLongHeader } from './quic.ts'

/** A long-header packet (RFC 9000 section 17.2) with an 8-byte DCID, empty SCID and a 2-byte varint Length. */
function longHeader(firstByte: number, version: number, payloadLength: number, dcidLength = 8): Uint8Array {
  return bytes(
    firstByte, u32(version), dcidLength, new Uint8Array(dcidLength).fill(0xd0), 0, // DCID, SCID length 0
    0, // Token Length (varint 0)
    u16(0x4000 | payloadLength), // Length (2-byte varint)
    new Uint8Array(payloadLength),
  )
}

function decode(packet: Uint8Array) {
  const anomalies = new AnomalyCounter()
  return { fact: decodeQuicInitial(packet, 0, packet.length, anomalies), anomalies }
}

describe('QUIC Initial', () => {
  it('reads version 1 and version 2 Initials (type bits 00 and 01); SNI is not decrypted', () => {
    expect(decode(longHeader(0xc3, QUIC_V1, 1200)).fact).toEqual({ kind: 'quic-initial', version: QUIC_V1, sni: null })
    expect(decode(longHeader(0xd3, QUIC_V2, 1200)).fact).toEqual({ kind: 'quic-initial', version: QUIC_V2, sni: null })
    expect(decode(longHeader(0xc3, 0xff00001d, 100)).fact?.version).toBe(0xff00001d)
  })

  it('returns no fact for Handshake packets and unknown versions', () => {
    expect(decode(longHeader(0xe3, QUIC_V1, 100)).fact).toBeNull() // type 10 = Handshake in v1
    expect(decode(longHeader(0xc3, QUIC_V2, 100)).fact).toBeNull() // type 00 is Retry in v2, not Initial
    const unknown = longHeader(0xc3, 0x12345678, 100)
    expect(isQuicLongHeader(unknown, 0, unknown.length)).toBe(false)
  })

  it('checks connection ID and length fields against the datagram', () => {
    const longCid = decode(longHeader(0xc3, QUIC_V1, 50, 21))
    expect(longCid.fact).toBeNull()
    expect(longCid.anomalies.get('quic.cid_too_long')).toBe(1)
    const cut = longHeader(0xc3, QUIC_V1, 1200).subarray(0, 500)
    const short = decode(cut)
    expect(short.fact).toBeNull()
    expect(short.anomalies.get('quic.bad_length')).toBe(1)
  })

  it('never throws on arbitrary bytes behind a valid first byte and version', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (rest) => {
        const packet = bytes(0xc0, u32(QUIC_V1), rest)
        decodeQuicInitial(packet, 0, packet.length, new AnomalyCounter())
        return true
      }),
      { seed: 9000, numRuns: 2000 },
    )
  })
})
