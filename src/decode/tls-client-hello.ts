/**
 * TLS ClientHello body (RFC 8446 section 4.1.2, https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2, and
 * RFC 5246 section 7.4.1.2 for TLS 1.0-1.2), with the extensions fingerprints and analysts need: server_name
 * (RFC 6066 section 3), ALPN (RFC 7301), supported_versions, supported_groups, ec_point_formats (RFC 8422),
 * signature_algorithms. Every inner length is checked against the bytes left; the first framing inconsistency
 * stops the parse (the hello is then 'malformed'), while a bad value inside a well-framed extension only
 * drops that value and counts an anomaly.
 */
import { ByteReader, Truncated } from '../lib/byte-reader.ts'
import { ByteTextCache } from '../lib/byte-text-cache.ts'
import { escapeAscii } from '../lib/escape.ts'
import type { AnomalyCounter } from '../model/anomalies.ts'

export interface ClientHello {
  readonly legacyVersion: number
  readonly random: Uint8Array
  readonly sessionId: Uint8Array
  /** As on the wire, GREASE included. */
  readonly cipherSuites: number[]
  readonly compressionMethods: number[]
  /** Extension types in wire order, GREASE included. */
  readonly extensions: number[]
  /** First valid host_name, escaped and capped at 255 bytes; null when absent or invalid. */
  sni: string | null
  /** True when the server_name extension is present at all (JA4 'd'), even if its content is invalid. */
  hasSni: boolean
  /** ALPN protocol names, escaped. */
  readonly alpn: string[]
  /** Raw bytes of the first ALPN protocol name (JA4 uses its first and last byte). */
  alpnFirst: Uint8Array | null
  readonly supportedVersions: number[]
  readonly supportedGroups: number[]
  readonly ecPointFormats: number[]
  readonly signatureAlgorithms: number[]
}

/** RFC 6066: a HostName is at most 2^16-1 bytes, but DNS names are at most 255; longer ones are capped. */
export const SNI_CAP = 255
const MAX_ALPN_NAMES = 16

/** RFC 8701 GREASE values: 0x0a0a, 0x1a1a, ..., 0xfafa. */
export function isGrease(v: number): boolean {
  return (v & 0x0f0f) === 0x0a0a && v >>> 8 === (v & 0xff)
}

const r = new ByteReader()
let anomalies: AnomalyCounter

/** Thrown inside the parser at the first framing inconsistency, with the anomaly code to count. */
class Malformed {
  constructor(readonly code: string) {}
}

/**
 * Parses the ClientHello body in buf[start, end) (after the 4-byte handshake header). Returns null, with an
 * anomaly counted, when the body is not consistent.
 */
export function parseClientHello(buf: Uint8Array, start: number, end: number, counter: AnomalyCounter): ClientHello | null {
  anomalies = counter
  r.reset(buf, start, end)
  try {
    return parseBody(buf, start, end)
  } catch (e) {
    if (e instanceof Malformed) counter.add(e.code)
    else if (e instanceof Truncated) counter.add('tls.handshake_len_invalid')
    else throw e
    return null
  }
}

function need(at: number, n: number, end: number, code: string): void {
  if (at + n > end) throw new Malformed(code)
}

function parseBody(buf: Uint8Array, start: number, end: number): ClientHello {
  let pos = start
  need(pos, 2 + 32 + 1, end, 'tls.handshake_len_invalid')
  const legacyVersion = r.u16(pos)
  const random = buf.slice(pos + 2, pos + 34)
  pos += 34
  const sessionIdLength = r.u8(pos)
  if (sessionIdLength > 32) throw new Malformed('tls.session_id_invalid')
  need(pos + 1, sessionIdLength + 2, end, 'tls.handshake_len_invalid')
  const sessionId = buf.slice(pos + 1, pos + 1 + sessionIdLength)
  pos += 1 + sessionIdLength

  const cipherLength = r.u16(pos)
  if (cipherLength < 2 || (cipherLength & 1) !== 0) throw new Malformed('tls.cipher_suites_invalid')
  need(pos + 2, cipherLength + 1, end, 'tls.handshake_len_invalid')
  const cipherSuites = pushU16([], pos + 2, cipherLength)
  pos += 2 + cipherLength

  const compressionLength = r.u8(pos)
  if (compressionLength < 1) throw new Malformed('tls.compression_invalid')
  need(pos + 1, compressionLength, end, 'tls.handshake_len_invalid')
  const compressionMethods: number[] = []
  for (let i = 0; i < compressionLength; i++) compressionMethods.push(buf[pos + 1 + i])
  pos += 1 + compressionLength

  const hello: ClientHello = {
    legacyVersion, random, sessionId, cipherSuites, compressionMethods,
    extensions: [], sni: null, hasSni: false, alpn: [], alpnFirst: null,
    supportedVersions: [], supportedGroups: [], ecPointFormats: [], signatureAlgorithms: [],
  }
  // TLS 1.0-1.2 allow a hello that ends after compression_methods (no extensions block at all).
  if (pos === end) return hello
  need(pos, 2, end, 'tls.ext_len_invalid')
  const extensionsLength = r.u16(pos)
  pos += 2
  if (pos + extensionsLength !== end) throw new Malformed('tls.ext_len_invalid')
  while (pos < end) {
    need(pos, 4, end, 'tls.ext_len_invalid')
    const type = r.u16(pos)
    const length = r.u16(pos + 2)
    const dataStart = pos + 4
    need(dataStart, length, end, 'tls.ext_len_invalid')
    hello.extensions.push(type)
    readExtension(buf, hello, type, dataStart, dataStart + length)
    pos = dataStart + length // moves forward by at least 4 bytes
  }
  return hello
}

function pushU16(out: number[], at: number, byteLength: number): number[] {
  for (let i = 0; i + 1 < byteLength; i += 2) out.push(r.u16(at + i))
  return out
}

/** Reads one well-framed extension's data [s, e). Bad content counts an anomaly and is ignored. */
function readExtension(buf: Uint8Array, hello: ClientHello, type: number, s: number, e: number): void {
  const len = e - s
  switch (type) {
    case 0: // server_name
      if (!hello.hasSni) readServerName(buf, hello, s, e)
      else anomalies.add('tls.ext_duplicate')
      hello.hasSni = true
      return
    case 16: // application_layer_protocol_negotiation
      readAlpn(buf, hello, s, e)
      return
    case 43: // supported_versions: <2..254> list of u16 with a 1-byte length
      if (len >= 1 && buf[s] === len - 1 && (buf[s] & 1) === 0) pushU16(hello.supportedVersions, s + 1, len - 1)
      else anomalies.add('tls.ext_invalid')
      return
    case 10: // supported_groups
    case 13: // signature_algorithms
      if (len >= 2 && r.u16(s) === len - 2 && (len & 1) === 0) {
        pushU16(type === 10 ? hello.supportedGroups : hello.signatureAlgorithms, s + 2, len - 2)
      } else anomalies.add('tls.ext_invalid')
      return
    case 11: // ec_point_formats: <1..255> list of u8
      if (len >= 1 && buf[s] === len - 1) for (let i = s + 1; i < e; i++) hello.ecPointFormats.push(buf[i])
      else anomalies.add('tls.ext_invalid')
      return
  }
}

/**
 * server_name (RFC 6066 section 3): a list of (name_type, HostName). The list length must equal the extension
 * length (Suricata bug 1911); the first host_name (type 0) that is non-empty is taken, capped and escaped.
 */
function readServerName(buf: Uint8Array, hello: ClientHello, s: number, e: number): void {
  if (e - s < 2 || r.u16(s) !== e - s - 2) {
    anomalies.add('tls.sni_invalid')
    return
  }
  let pos = s + 2
  while (pos < e) {
    if (pos + 3 > e) break
    const nameType = buf[pos]
    const length = r.u16(pos + 1)
    const nameStart = pos + 3
    if (nameStart + length > e) break
    pos = nameStart + length
    if (nameType !== 0 || length === 0 || hello.sni !== null) {
      anomalies.add('tls.sni_invalid')
      continue
    }
    const shown = Math.min(length, SNI_CAP)
    if (length > SNI_CAP || !isHostNameText(buf, nameStart, nameStart + length)) anomalies.add('tls.sni_invalid')
    hello.sni = length > SNI_CAP ? escapeAscii(buf, nameStart, nameStart + shown) + '…' : cachedText(buf, nameStart, nameStart + length)
  }
  if (pos !== e) anomalies.add('tls.sni_invalid')
}

/** Escaped text of recently seen server and ALPN names (they repeat across handshakes; see lib/byte-text-cache). */
const texts = new ByteTextCache(10, SNI_CAP)

/** escapeAscii(buf, s, e) through the cache (e - s <= SNI_CAP). */
function cachedText(buf: Uint8Array, s: number, e: number): string {
  const hit = texts.get(buf, s, e)
  if (hit !== null) return hit
  const text = escapeAscii(buf, s, e)
  texts.store(buf, s, e, text)
  return text
}

/** Printable ASCII without a trailing dot (RFC 6066: "without a trailing dot"). */
function isHostNameText(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (buf[i] <= 0x20 || buf[i] >= 0x7f) return false
  return buf[e - 1] !== 0x2e
}

/** ALPN (RFC 7301 section 3.1): a u16-length list of non-empty u8-length protocol names. */
function readAlpn(buf: Uint8Array, hello: ClientHello, s: number, e: number): void {
  if (e - s < 2 || r.u16(s) !== e - s - 2) {
    anomalies.add('tls.alpn_invalid')
    return
  }
  let pos = s + 2
  while (pos < e) {
    const length = buf[pos]
    if (length === 0 || pos + 1 + length > e) {
      anomalies.add('tls.alpn_invalid')
      return
    }
    if (hello.alpnFirst === null) hello.alpnFirst = buf.slice(pos + 1, pos + 1 + length)
    if (hello.alpn.length < MAX_ALPN_NAMES) hello.alpn.push(cachedText(buf, pos + 1, pos + 1 + length))
    pos += 1 + length
  }
}
