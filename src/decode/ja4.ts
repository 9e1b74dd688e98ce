/**
 * JA4 TLS client fingerprint (FoxIO, https://github.com/FoxIO-LLC/ja4/blob/main/technical_details/JA4.md),
 * "a_b_c" such as t13d1516h2_8daaf6152771_b186095e22b6:
 *  a: protocol (t TCP, q QUIC, d DTLS); version = highest supported_versions value without GREASE, else
 *     legacy_version (13, 12, 11, 10, s3, s2, d1, d2, d3, or 00); 'd' when the server_name extension is present,
 *     'i' otherwise; cipher count and extension count (GREASE excluded, SNI and ALPN included), two digits
 *     capped at 99; first and last character of the first ALPN value ("00" when none; when either end byte is
 *     not ASCII alphanumeric, the first and last characters of its hex form instead).
 *  b: first 12 hex characters of SHA-256 over the cipher suites as 4-digit lower-case hex, sorted, joined by ','
 *     ("000000000000" when there are none).
 *  c: the same over the sorted extensions without GREASE, server_name (0000) and ALPN (0010), then '_' and the
 *     signature algorithms in wire order; without signature algorithms the string ends with the extensions and no
 *     '_' ("000000000000" when the extension list is empty).
 * Doubt: the spec says to ignore GREASE "anywhere it sees them"; we also drop GREASE from signature_algorithms
 * (browsers do not send any there, so the references we could check do not settle it).
 */
import { latin1Bytes, toHex } from '../lib/md5.ts'
import { sha256Hex } from '../lib/sha256.ts'
import { boundedMemo } from '../lib/bounded-memo.ts'
import { isGrease, type ClientHello } from './tls-client-hello.ts'

const EMPTY_HASH = '000000000000'

export function ja4VersionCode(version: number): string {
  switch (version) {
    case 0x0304: return '13'
    case 0x0303: return '12'
    case 0x0302: return '11'
    case 0x0301: return '10'
    case 0x0300: return 's3'
    case 0x0002: return 's2'
    case 0xfeff: return 'd1'
    case 0xfefd: return 'd2'
    case 0xfefc: return 'd3'
    default: return '00'
  }
}

function isAlphanumeric(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)
}

/** The two ALPN characters of JA4_a from the raw first ALPN protocol name. */
export function ja4Alpn(first: Uint8Array | null): string {
  if (first === null || first.length === 0) return '00'
  const a = first[0]
  const z = first[first.length - 1]
  if (isAlphanumeric(a) && isAlphanumeric(z)) return String.fromCharCode(a, z)
  const hex = toHex(first)
  return hex[0] + hex[hex.length - 1]
}

function hex4(v: number): string {
  return v.toString(16).padStart(4, '0')
}

function twoDigits(n: number): string {
  return String(Math.min(n, 99)).padStart(2, '0')
}

/** First 12 hex characters of SHA-256 of an ASCII string, or the empty marker. */
export const ja4TruncatedHash: (s: string) => string = boundedMemo((s) =>
  s === '' ? EMPTY_HASH : sha256Hex(latin1Bytes(s)).slice(0, 12),
)

/** The JA4 fingerprint of a parsed ClientHello; `protocol` is 't' for TLS over TCP, 'q' for QUIC. */
export function ja4(hello: ClientHello, protocol: 't' | 'q' | 'd' = 't'): string {
  let version = -1
  for (const v of hello.supportedVersions) if (!isGrease(v) && v > version) version = v
  if (version < 0) version = hello.legacyVersion
  const ciphers = hello.cipherSuites.filter((v) => !isGrease(v))
  const extensions = hello.extensions.filter((v) => !isGrease(v))
  const a =
    protocol + ja4VersionCode(version) + (hello.hasSni ? 'd' : 'i') + twoDigits(ciphers.length) +
    twoDigits(extensions.length) + ja4Alpn(hello.alpnFirst)
  const b = ja4TruncatedHash(ciphers.map(hex4).sort().join(','))
  const extList = extensions.filter((v) => v !== 0x0000 && v !== 0x0010).map(hex4).sort().join(',')
  const sigs = hello.signatureAlgorithms.filter((v) => !isGrease(v)).map(hex4).join(',')
  const c = extList === '' ? EMPTY_HASH : ja4TruncatedHash(sigs === '' ? extList : `${extList}_${sigs}`)
  return `${a}_${b}_${c}`
}
