/**
 * JA3 TLS client fingerprint (Salesforce, https://github.com/salesforce/ja3): the decimal fields
 * SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats, list items joined by '-', GREASE
 * values (RFC 8701) left out, and the MD5 hex digest of that string. SSLVersion is the ClientHello's
 * legacy_version (not the record version, not supported_versions).
 */
import { boundedMemo } from '../lib/bounded-memo.ts'
import { latin1Bytes, md5Hex } from '../lib/md5.ts'
import { isGrease, type ClientHello } from './tls-client-hello.ts'

function joinWithoutGrease(values: readonly number[]): string {
  let out = ''
  for (const v of values) {
    if (isGrease(v)) continue
    out += (out === '' ? '' : '-') + v
  }
  return out
}

/** The JA3 string of a parsed ClientHello. */
export function ja3String(hello: ClientHello): string {
  return [
    String(hello.legacyVersion),
    joinWithoutGrease(hello.cipherSuites),
    joinWithoutGrease(hello.extensions),
    joinWithoutGrease(hello.supportedGroups),
    hello.ecPointFormats.join('-'),
  ].join(',')
}

/** MD5 hex digest of a JA3 string (the form JA3 lists publish). */
export const ja3Hash: (ja3: string) => string = boundedMemo((ja3) => md5Hex(latin1Bytes(ja3)))
