/**
 * QUIC long-header packets (RFC 9000 section 17.2, https://www.rfc-editor.org/rfc/rfc9000#section-17.2; QUIC
 * version 2, RFC 9369). The Initial packet's header is read (version, connection ID lengths, token and
 * length checked against the datagram). Its payload, which carries the TLS ClientHello, is protected with
 * AES-128-GCM under keys derived by HKDF from the Destination Connection ID (RFC 9001 section 5); nettwin does
 * not implement AES, so the SNI of QUIC connections is not read (sni stays null).
 */
import type { AnomalyCounter } from '../model/anomalies.ts'
import type { QuicInitialFact } from '../model/app-facts.ts'

export const QUIC_V1 = 0x00000001
export const QUIC_V2 = 0x6b3343cf
/** RFC 9000 section 17.2: in QUIC version 1 a connection ID is at most 20 bytes. */
const MAX_CID_LENGTH = 20

/** Versions whose long header we know: v1, v2 and the IETF drafts 29-34 (0xff00001d-0xff000022). */
export function isKnownQuicVersion(version: number): boolean {
  return version === QUIC_V1 || version === QUIC_V2 || (version >= 0xff00001d && version <= 0xff000022)
}

function u32(buf: Uint8Array, at: number): number {
  return ((buf[at] << 24) | (buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3]) >>> 0
}

/** Long header with the fixed bit (RFC 9000 section 17.2: 0b11xxxxxx) and a known version. */
export function isQuicLongHeader(buf: Uint8Array, start: number, end: number): boolean {
  return end - start >= 7 && (buf[start] & 0xc0) === 0xc0 && isKnownQuicVersion(u32(buf, start + 1))
}

/** Bytes taken by the last varint() read. */
let varintSize = 0

/**
 * Reads the variable-length integer (RFC 9000 section 16) at `at`; returns its value, or -1 when it runs past
 * `end`. Values above 2^53 are not needed here (lengths are compared with the datagram size).
 */
function varint(buf: Uint8Array, at: number, end: number): number {
  if (at >= end) return -1
  const size = 1 << (buf[at] >>> 6)
  if (at + size > end) return -1
  let v = buf[at] & 0x3f
  for (let i = 1; i < size; i++) v = v * 256 + buf[at + i]
  varintSize = size
  return v
}

/**
 * Decodes the long-header packet at buf[start, end) when it is an Initial; returns null for the other long
 * header types (0-RTT, Handshake, Retry) and, with an anomaly, when the header does not fit the datagram.
 */
export function decodeQuicInitial(buf: Uint8Array, start: number, end: number, anomalies: AnomalyCounter): QuicInitialFact | null {
  end = Math.min(end, buf.length)
  if (!isQuicLongHeader(buf, start, end)) return null
  const version = u32(buf, start + 1)
  // Long packet type bits: Initial is 0b00 in v1 and the drafts, 0b01 in v2 (RFC 9369 section 3.2).
  const type = (buf[start] >>> 4) & 3
  if (type !== (version === QUIC_V2 ? 1 : 0)) return null
  let pos = start + 5
  const dcidLength = buf[pos]
  if (dcidLength > MAX_CID_LENGTH) return bad(anomalies, 'quic.cid_too_long')
  pos += 1 + dcidLength
  if (pos >= end) return bad(anomalies, 'quic.truncated')
  const scidLength = buf[pos]
  if (scidLength > MAX_CID_LENGTH) return bad(anomalies, 'quic.cid_too_long')
  pos += 1 + scidLength
  const tokenLength = varint(buf, pos, end)
  if (tokenLength < 0) return bad(anomalies, 'quic.truncated')
  pos += varintSize
  if (tokenLength > end - pos) return bad(anomalies, 'quic.bad_length')
  pos += tokenLength
  const length = varint(buf, pos, end)
  if (length < 0) return bad(anomalies, 'quic.truncated')
  pos += varintSize
  // Length covers the packet number and the protected payload; coalesced packets may follow it.
  if (length > end - pos) return bad(anomalies, 'quic.bad_length')
  return { kind: 'quic-initial', version, sni: null }
}

function bad(anomalies: AnomalyCounter, code: string): null {
  anomalies.add(code)
  return null
}
