/**
 * TLS ServerHello body (RFC 8446 section 4.1.3, https://www.rfc-editor.org/rfc/rfc8446#section-4.1.3; RFC 5246
 * section 7.4.1.3): the negotiated version, taken from supported_versions (RFC 8446 section 4.2.1) when the
 * server sent it (TLS 1.3 keeps legacy_version at 0x0303), and the chosen cipher_suite.
 */
import type { AnomalyCounter } from '../model/anomalies.ts'
import type { TlsServerHelloFact } from '../model/app-facts.ts'

function u16(buf: Uint8Array, at: number): number {
  return (buf[at] << 8) | buf[at + 1]
}

/**
 * Parses the ServerHello body in buf[start, end) (after the 4-byte handshake header). Returns null, with an
 * anomaly counted, when it is not consistent.
 */
export function parseServerHello(buf: Uint8Array, start: number, end: number, anomalies: AnomalyCounter): TlsServerHelloFact | null {
  end = Math.min(end, buf.length)
  // legacy_version(2) random(32) legacy_session_id_echo(1 + n) cipher_suite(2) legacy_compression_method(1)
  if (end - start < 35) return bad(anomalies, 'tls.handshake_len_invalid')
  const legacyVersion = u16(buf, start)
  const sessionIdLength = buf[start + 34]
  if (sessionIdLength > 32) return bad(anomalies, 'tls.session_id_invalid')
  let pos = start + 35 + sessionIdLength
  if (pos + 3 > end) return bad(anomalies, 'tls.handshake_len_invalid')
  const cipherSuite = u16(buf, pos)
  pos += 3
  let version = legacyVersion
  if (pos < end) {
    if (pos + 2 > end) return bad(anomalies, 'tls.ext_len_invalid')
    const extensionsEnd = pos + 2 + u16(buf, pos)
    if (extensionsEnd !== end) return bad(anomalies, 'tls.ext_len_invalid')
    pos += 2
    while (pos < extensionsEnd) {
      if (pos + 4 > extensionsEnd) return bad(anomalies, 'tls.ext_len_invalid')
      const type = u16(buf, pos)
      const length = u16(buf, pos + 2)
      if (pos + 4 + length > extensionsEnd) return bad(anomalies, 'tls.ext_len_invalid')
      // supported_versions in a ServerHello carries one selected_version.
      if (type === 43) {
        if (length === 2) version = u16(buf, pos + 4)
        else anomalies.add('tls.ext_invalid')
      }
      pos += 4 + length
    }
  }
  return { kind: 'tls-server-hello', version, cipherSuite }
}

function bad(anomalies: AnomalyCounter, code: string): null {
  anomalies.add(code)
  return null
}
