/**
 * TLS ClientHello records (RFC 8446 section 4.1.2, https://www.rfc-editor.org/rfc/rfc8446#section-4.1.2) with
 * the extensions our JA3/JA4 decoders read: server_name (RFC 6066 section 3), supported_groups and
 * ec_point_formats (RFC 8422), signature_algorithms, ALPN (RFC 7301), supported_versions, key_share. A hello is
 * encoded once per fingerprint into a template; each flow copies it and overwrites the 32-byte random and the
 * session id in place (CLIENT_HELLO_RANDOM_AT), so no bytes are built per packet.
 */

export interface ClientHelloSpec {
  /** Host name for server_name; omitted when null. */
  readonly sni: string | null
  readonly cipherSuites: readonly number[]
  /** ALPN protocol names in preference order; the extension is omitted when empty. */
  readonly alpn: readonly string[]
  /** supported_versions (e.g. [0x0304, 0x0303]); omitted when empty (a TLS 1.2-only client). */
  readonly supportedVersions: readonly number[]
  readonly supportedGroups: readonly number[]
  readonly signatureAlgorithms: readonly number[]
  readonly ecPointFormats: readonly number[]
  /**
   * Extension types in wire order. Types the encoder knows get a valid body; any other type (GREASE,
   * extended_master_secret 23, session_ticket 35, ...) gets an empty body; pre_shared_key and ECH are left out.
   */
  readonly extensionOrder: readonly number[]
}

export const EXT_SERVER_NAME = 0
export const EXT_SUPPORTED_GROUPS = 10
export const EXT_EC_POINT_FORMATS = 11
export const EXT_SIGNATURE_ALGORITHMS = 13
export const EXT_ALPN = 16
export const EXT_SUPPORTED_VERSIONS = 43
export const EXT_KEY_SHARE = 51
export const EXT_RENEGOTIATION_INFO = 0xff01
export const EXT_STATUS_REQUEST = 5
export const EXT_PADDING = 21
export const EXT_COMPRESS_CERTIFICATE = 27
export const EXT_RECORD_SIZE_LIMIT = 28
export const EXT_PRE_SHARED_KEY = 41
export const EXT_PSK_KEY_EXCHANGE_MODES = 45
export const EXT_SIGNATURE_ALGORITHMS_CERT = 50
export const EXT_APPLICATION_SETTINGS = 17513
export const EXT_APPLICATION_SETTINGS_NEW = 17613
export const EXT_ENCRYPTED_CLIENT_HELLO = 0xfe0d
/**
 * Extensions left out even when a fingerprint lists them: their bodies refer to state a synthetic hello does not
 * have (a PSK identity and binder, an ECH configuration), and an empty body would be malformed.
 */
const OMITTED_EXTENSIONS = new Set([EXT_PRE_SHARED_KEY, EXT_ENCRYPTED_CLIENT_HELLO])

/** Offset of the 32-byte random in an encoded record: 5 (record header) + 4 (handshake header) + 2 (version). */
export const CLIENT_HELLO_RANDOM_AT = 11
/** Offset of the 32-byte legacy_session_id (its length byte precedes it). */
export const CLIENT_HELLO_SESSION_ID_AT = 44

/** A modern browser-like hello: TLS 1.3 with 1.2 fallback, h2 and http/1.1. */
export function defaultClientHelloSpec(sni: string | null): ClientHelloSpec {
  return {
    sni,
    cipherSuites: [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035],
    alpn: ['h2', 'http/1.1'],
    supportedVersions: [0x0304, 0x0303],
    supportedGroups: [0x001d, 0x0017, 0x0018],
    signatureAlgorithms: [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601],
    ecPointFormats: [0],
    extensionOrder: [EXT_SERVER_NAME, 23, EXT_RENEGOTIATION_INFO, EXT_SUPPORTED_GROUPS, EXT_EC_POINT_FORMATS, 35, EXT_ALPN, EXT_SIGNATURE_ALGORITHMS, EXT_KEY_SHARE, EXT_SUPPORTED_VERSIONS],
  }
}

class Out {
  readonly bytes: number[] = []
  u8(v: number): void {
    this.bytes.push(v & 0xff)
  }
  u16(v: number): void {
    this.bytes.push((v >>> 8) & 0xff, v & 0xff)
  }
  u24(v: number): void {
    this.bytes.push((v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff)
  }
  raw(b: ArrayLike<number>): void {
    for (let i = 0; i < b.length; i++) this.bytes.push(b[i] & 0xff)
  }
  /** Writes a length-prefixed vector: `width` bytes of length, then what `body` writes. */
  vector(width: 1 | 2 | 3, body: (o: Out) => void): void {
    const inner = new Out()
    body(inner)
    const n = inner.bytes.length
    if (width === 1) this.u8(n)
    else if (width === 2) this.u16(n)
    else this.u24(n)
    this.raw(inner.bytes)
  }
}

const ascii = (s: string): number[] => Array.from(s, (ch) => ch.charCodeAt(0) & 0xff)

function extensionBody(type: number, spec: ClientHelloSpec, o: Out): void {
  switch (type) {
    case EXT_SERVER_NAME:
      o.vector(2, (list) => {
        list.u8(0) // name_type host_name
        list.vector(2, (n) => n.raw(ascii(spec.sni ?? '')))
      })
      return
    case EXT_SUPPORTED_GROUPS:
      o.vector(2, (l) => spec.supportedGroups.forEach((g) => l.u16(g)))
      return
    case EXT_EC_POINT_FORMATS:
      o.vector(1, (l) => spec.ecPointFormats.forEach((f) => l.u8(f)))
      return
    case EXT_SIGNATURE_ALGORITHMS:
      o.vector(2, (l) => spec.signatureAlgorithms.forEach((s) => l.u16(s)))
      return
    case EXT_ALPN:
      o.vector(2, (l) => spec.alpn.forEach((p) => l.vector(1, (n) => n.raw(ascii(p)))))
      return
    case EXT_SUPPORTED_VERSIONS:
      o.vector(1, (l) => spec.supportedVersions.forEach((v) => l.u16(v)))
      return
    case EXT_KEY_SHARE:
      // One x25519 share (32 bytes of placeholder key) for the first group.
      o.vector(2, (l) => {
        l.u16(spec.supportedGroups[0] ?? 0x001d)
        l.vector(2, (k) => k.raw(new Array<number>(32).fill(0x42)))
      })
      return
    case EXT_RENEGOTIATION_INFO:
      o.u8(0) // renegotiated_connection: empty
      return
    case EXT_STATUS_REQUEST:
      o.u8(1) // status_type ocsp
      o.u16(0) // responder_id_list
      o.u16(0) // request_extensions
      return
    case EXT_PSK_KEY_EXCHANGE_MODES:
      o.vector(1, (l) => l.u8(1)) // psk_dhe_ke
      return
    case EXT_COMPRESS_CERTIFICATE:
      o.vector(1, (l) => l.u16(2)) // brotli (RFC 8879)
      return
    case EXT_RECORD_SIZE_LIMIT:
      o.u16(0x4001)
      return
    case EXT_SIGNATURE_ALGORITHMS_CERT:
      o.vector(2, (l) => spec.signatureAlgorithms.forEach((s) => l.u16(s)))
      return
    case EXT_APPLICATION_SETTINGS:
    case EXT_APPLICATION_SETTINGS_NEW:
      o.vector(2, (l) => l.vector(1, (n) => n.raw(ascii('h2'))))
      return
    case EXT_PADDING:
      o.raw(new Array<number>(16).fill(0))
      return
    default:
      return // empty body
  }
}

function wanted(type: number, spec: ClientHelloSpec): boolean {
  if (OMITTED_EXTENSIONS.has(type)) return false
  if (type === EXT_SERVER_NAME) return spec.sni !== null && spec.sni !== ''
  if (type === EXT_ALPN) return spec.alpn.length > 0
  if (type === EXT_SUPPORTED_VERSIONS || type === EXT_KEY_SHARE) return spec.supportedVersions.length > 0
  if (type === EXT_EC_POINT_FORMATS) return spec.ecPointFormats.length > 0
  if (type === EXT_SUPPORTED_GROUPS) return spec.supportedGroups.length > 0
  if (type === EXT_SIGNATURE_ALGORITHMS) return spec.signatureAlgorithms.length > 0
  return true
}

/**
 * Encodes a whole TLS record (ContentType handshake, legacy_record_version 0x0301) holding one ClientHello with a
 * zero random and a 32-byte zero session id; patch both per flow at CLIENT_HELLO_RANDOM_AT / _SESSION_ID_AT.
 */
export function encodeClientHello(spec: ClientHelloSpec): Uint8Array {
  if (spec.sni !== null && (spec.sni.length > 255 || /[^\x21-\x7e]/.test(spec.sni))) throw new RangeError('SNI must be printable ASCII of at most 255 bytes')
  const body = new Out()
  body.u16(0x0303) // legacy_version
  body.raw(new Array<number>(32).fill(0)) // random
  body.vector(1, (s) => s.raw(new Array<number>(32).fill(0))) // legacy_session_id
  body.vector(2, (l) => spec.cipherSuites.forEach((c) => l.u16(c))) // cipher_suites
  body.vector(1, (l) => l.u8(0)) // legacy_compression_methods: null
  body.vector(2, (exts) => {
    const written = new Set<number>()
    for (const type of spec.extensionOrder) {
      // RFC 8446 4.2: at most one extension of each type.
      if (!wanted(type, spec) || written.has(type)) continue
      written.add(type)
      exts.u16(type)
      exts.vector(2, (e) => extensionBody(type, spec, e))
    }
  })
  const record = new Out()
  record.u8(22) // ContentType handshake
  record.u16(0x0301) // legacy_record_version
  record.vector(2, (h) => {
    h.u8(1) // HandshakeType client_hello
    h.vector(3, (b) => b.raw(body.bytes))
  })
  return Uint8Array.from(record.bytes)
}
