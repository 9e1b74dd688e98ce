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

/**
 * A parsed ClientHello. random, sessionId and alpnFirst are views into the parsed buffer (no copy: a copy costs
 * an allocation of its own per hello), valid only as long as those bytes are: copy them to keep them.
 */
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

const EMPTY = new Uint8Array(0)

/** The lists of a hello, in the order the profile (tls-hello-profile.ts) keys them by. */
export const HelloList = { CipherSuites: 0, Extensions: 1, SupportedGroups: 2, EcPointFormats: 3, SignatureAlgorithms: 4, SupportedVersions: 5 } as const

/**
 * The last hello parsed, in storage reused from hello to hello: what the fact of a ClientHello needs is looked
 * up in the profile memo from these values, and most hellos match a profile already there, so building a
 * ClientHello object (a dozen arrays and views per hello, the largest source of garbage in a capture's decoding)
 * is left to the hellos that need one (toClientHello). Valid until the next parse.
 */
export class HelloScratch {
  legacyVersion = 0
  sni: string | null = null
  hasSni = false
  /** The buffer parsed, and where its random, legacy_session_id and compression_methods lie. */
  buf: Uint8Array = EMPTY
  randomAt = 0
  sessionIdAt = 0
  sessionIdLength = 0
  compressionAt = 0
  compressionLength = 0
  /** The first ALPN name's bytes are buf[alpnFirstStart, alpnFirstEnd); alpnFirstStart < 0 when there is none. */
  alpnFirstStart = -1
  alpnFirstEnd = -1
  /** ALPN names (escaped), at most MAX_ALPN_NAMES. */
  readonly alpn: string[] = new Array<string>(MAX_ALPN_NAMES).fill('')
  alpnCount = 0
  /** The lists by HelloList index, as on the wire (GREASE included); listLengths[i] values are in use. */
  readonly lists: Uint16Array[] = []
  readonly listLengths = new Int32Array(6)

  constructor() {
    for (let i = 0; i < 6; i++) this.lists.push(new Uint16Array(64))
  }

  clear(buf: Uint8Array): void {
    this.legacyVersion = 0
    this.sni = null
    this.hasSni = false
    this.buf = buf
    this.alpnFirstStart = -1
    this.alpnFirstEnd = -1
    this.alpnCount = 0
    this.listLengths.fill(0)
  }

  /** Drops the reference to the parsed buffer (so a hello does not keep a whole input slice alive). */
  release(): void {
    this.buf = EMPTY
  }

  /** Appends a value to list i, growing it by doubling (so never beyond twice the values the input holds). */
  push(i: number, v: number): void {
    const n = this.listLengths[i]
    let list = this.lists[i]
    if (n === list.length) {
      const grown = new Uint16Array(n * 2)
      grown.set(list)
      this.lists[i] = list = grown
    }
    list[n] = v
    this.listLengths[i] = n + 1
  }

  /** List i as a new array. */
  listArray(i: number): number[] {
    return Array.from(this.lists[i].subarray(0, this.listLengths[i]))
  }

  /** The hello as a ClientHello object (random, sessionId and alpnFirst are views into the parsed buffer). */
  toClientHello(): ClientHello {
    const b = this.buf
    return {
      legacyVersion: this.legacyVersion,
      random: b.subarray(this.randomAt, this.randomAt + 32),
      sessionId: b.subarray(this.sessionIdAt, this.sessionIdAt + this.sessionIdLength),
      cipherSuites: this.listArray(HelloList.CipherSuites),
      compressionMethods: Array.from(b.subarray(this.compressionAt, this.compressionAt + this.compressionLength)),
      extensions: this.listArray(HelloList.Extensions),
      sni: this.sni,
      hasSni: this.hasSni,
      alpn: this.alpn.slice(0, this.alpnCount),
      alpnFirst: this.alpnFirstStart < 0 ? null : b.subarray(this.alpnFirstStart, this.alpnFirstEnd),
      supportedVersions: this.listArray(HelloList.SupportedVersions),
      supportedGroups: this.listArray(HelloList.SupportedGroups),
      ecPointFormats: this.listArray(HelloList.EcPointFormats),
      signatureAlgorithms: this.listArray(HelloList.SignatureAlgorithms),
    }
  }
}

/** The one scratch hello (decoding is synchronous and never re-entered). */
export const helloScratch = new HelloScratch()

/**
 * Parses the ClientHello body in buf[start, end) (after the 4-byte handshake header). Returns null, with an
 * anomaly counted, when the body is not consistent.
 */
export function parseClientHello(buf: Uint8Array, start: number, end: number, counter: AnomalyCounter): ClientHello | null {
  const ok = parseClientHelloInto(buf, start, end, counter)
  const hello = ok ? helloScratch.toClientHello() : null
  helloScratch.release()
  return hello
}

/**
 * parseClientHello into helloScratch: true when the body is consistent; false, with an anomaly counted, when
 * it is not.
 */
export function parseClientHelloInto(buf: Uint8Array, start: number, end: number, counter: AnomalyCounter): boolean {
  anomalies = counter
  r.reset(buf, start, end)
  helloScratch.clear(buf)
  try {
    parseBody(helloScratch, buf, start, end)
    return true
  } catch (e) {
    if (e instanceof Malformed) counter.add(e.code)
    else if (e instanceof Truncated) counter.add('tls.handshake_len_invalid')
    else throw e
    return false
  }
}

function need(at: number, n: number, end: number, code: string): void {
  if (at + n > end) throw new Malformed(code)
}

function parseBody(hello: HelloScratch, buf: Uint8Array, start: number, end: number): void {
  let pos = start
  need(pos, 2 + 32 + 1, end, 'tls.handshake_len_invalid')
  hello.legacyVersion = r.u16(pos)
  hello.randomAt = pos + 2
  pos += 34
  const sessionIdLength = r.u8(pos)
  if (sessionIdLength > 32) throw new Malformed('tls.session_id_invalid')
  need(pos + 1, sessionIdLength + 2, end, 'tls.handshake_len_invalid')
  hello.sessionIdAt = pos + 1
  hello.sessionIdLength = sessionIdLength
  pos += 1 + sessionIdLength

  const cipherLength = r.u16(pos)
  if (cipherLength < 2 || (cipherLength & 1) !== 0) throw new Malformed('tls.cipher_suites_invalid')
  need(pos + 2, cipherLength + 1, end, 'tls.handshake_len_invalid')
  pushU16(hello, HelloList.CipherSuites, pos + 2, cipherLength)
  pos += 2 + cipherLength

  const compressionLength = r.u8(pos)
  if (compressionLength < 1) throw new Malformed('tls.compression_invalid')
  need(pos + 1, compressionLength, end, 'tls.handshake_len_invalid')
  hello.compressionAt = pos + 1
  hello.compressionLength = compressionLength
  pos += 1 + compressionLength

  // TLS 1.0-1.2 allow a hello that ends after compression_methods (no extensions block at all).
  if (pos === end) return
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
    hello.push(HelloList.Extensions, type)
    readExtension(buf, hello, type, dataStart, dataStart + length)
    pos = dataStart + length // moves forward by at least 4 bytes
  }
}

function pushU16(hello: HelloScratch, list: number, at: number, byteLength: number): void {
  for (let i = 0; i + 1 < byteLength; i += 2) hello.push(list, r.u16(at + i))
}

/** Reads one well-framed extension's data [s, e). Bad content counts an anomaly and is ignored. */
function readExtension(buf: Uint8Array, hello: HelloScratch, type: number, s: number, e: number): void {
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
      if (len >= 1 && buf[s] === len - 1 && (buf[s] & 1) === 0) pushU16(hello, HelloList.SupportedVersions, s + 1, len - 1)
      else anomalies.add('tls.ext_invalid')
      return
    case 10: // supported_groups
    case 13: // signature_algorithms
      if (len >= 2 && r.u16(s) === len - 2 && (len & 1) === 0) {
        pushU16(hello, type === 10 ? HelloList.SupportedGroups : HelloList.SignatureAlgorithms, s + 2, len - 2)
      } else anomalies.add('tls.ext_invalid')
      return
    case 11: // ec_point_formats: <1..255> list of u8
      if (len >= 1 && buf[s] === len - 1) for (let i = s + 1; i < e; i++) hello.push(HelloList.EcPointFormats, buf[i])
      else anomalies.add('tls.ext_invalid')
      return
  }
}

/**
 * server_name (RFC 6066 section 3): a list of (name_type, HostName). The list length must equal the extension
 * length (Suricata bug 1911); the first host_name (type 0) that is non-empty is taken, capped and escaped.
 */
function readServerName(buf: Uint8Array, hello: HelloScratch, s: number, e: number): void {
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
function readAlpn(buf: Uint8Array, hello: HelloScratch, s: number, e: number): void {
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
    if (hello.alpnFirstStart < 0) {
      hello.alpnFirstStart = pos + 1
      hello.alpnFirstEnd = pos + 1 + length
    }
    if (hello.alpnCount < MAX_ALPN_NAMES) hello.alpn[hello.alpnCount++] = cachedText(buf, pos + 1, pos + 1 + length)
    pos += 1 + length
  }
}
