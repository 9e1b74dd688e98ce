/**
 * Application payloads of the synthetic benchmark capture, built field by field from their specs: TLS 1.3
 * ClientHello with server_name (RFC 8446 §4.1.2, RFC 6066 §3) and ServerHello, DNS queries and responses
 * (RFC 1035 §4.1), HTTP/1.1 request and response heads (RFC 9112), NTP client/server packets (RFC 5905).
 */
import type { Rng } from './synthetic-rng.ts'

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'tra', 'vio', 'sun', 'del', 'pix', 'zen', 'bar', 'cor', 'net', 'fly', 'gra', 'hub', 'ist', 'jo', 'qu', 'ro']
const TLDS = ['com', 'net', 'org', 'io', 'de', 'co.uk', 'fr', 'app']
const PREFIXES = ['www', 'api', 'cdn', 'static', 'img', 'login', 'mail', 'edge-01', 'edge-02', 'updates', 'telemetry', 'assets']

/** A name like "api.travionet.io"; deterministic for a given rng state. */
export function domainName(rng: Rng): string {
  let word = ''
  const n = rng.int(2, 4)
  for (let i = 0; i < n; i++) word += rng.pick(SYLLABLES)
  return `${rng.pick(PREFIXES)}.${word}.${rng.pick(TLDS)}`
}

/** Appends big-endian integers and bytes to a growable byte list (payloads are small and built once per flow). */
class Out {
  readonly bytes: number[] = []
  u8(v: number): this { this.bytes.push(v & 0xff); return this }
  u16(v: number): this { return this.u8(v >>> 8).u8(v) }
  u24(v: number): this { return this.u8(v >>> 16).u16(v & 0xffff) }
  raw(b: ArrayLike<number>): this { for (let i = 0; i < b.length; i++) this.bytes.push(b[i]); return this }
  ascii(s: string): this { for (let i = 0; i < s.length; i++) this.bytes.push(s.charCodeAt(i) & 0x7f); return this }
  /** Writes a 16-bit length prefix around what `body` appends. */
  vec16(body: (o: Out) => void): this {
    const at = this.bytes.length
    this.u16(0)
    body(this)
    const n = this.bytes.length - at - 2
    this.bytes[at] = n >>> 8
    this.bytes[at + 1] = n & 0xff
    return this
  }
  done(): Uint8Array { return Uint8Array.from(this.bytes) }
}

function random(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.u32() & 0xff)
}

const GREASE = [0x0a0a, 0x1a1a, 0x2a2a, 0x3a3a, 0x4a4a, 0x5a5a]
const CIPHER_SUITES = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035]

/** A TLS record holding a ClientHello that offers TLS 1.3 and names `host` in server_name. */
export function tlsClientHello(rng: Rng, host: string): Uint8Array {
  const body = new Out()
  body.u16(0x0303).raw(random(rng, 32)) // legacy_version, random
  body.u8(32).raw(random(rng, 32)) // legacy_session_id
  body.vec16((o) => {
    o.u16(rng.pick(GREASE))
    for (const s of CIPHER_SUITES) o.u16(s)
  })
  body.u8(1).u8(0) // compression methods: null
  body.vec16((ext) => {
    ext.u16(0x0000).vec16((o) => o.vec16((list) => list.u8(0).u16(host.length).ascii(host))) // server_name
    ext.u16(0x0017).u16(0) // extended_master_secret
    ext.u16(0xff01).u16(1).u8(0) // renegotiation_info
    ext.u16(0x000a).vec16((o) => o.vec16((g) => g.u16(0x001d).u16(0x0017).u16(0x0018))) // supported_groups
    ext.u16(0x000b).u16(2).u8(1).u8(0) // ec_point_formats
    ext.u16(0x0010).vec16((o) => o.vec16((p) => p.u8(2).ascii('h2').u8(8).ascii('http/1.1'))) // ALPN
    ext.u16(0x000d).vec16((o) => o.vec16((s) => { for (const a of [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601]) s.u16(a) })) // signature_algorithms
    ext.u16(0x0033).vec16((o) => o.vec16((ks) => ks.u16(0x001d).u16(32).raw(random(rng, 32)))) // key_share
    ext.u16(0x002d).u16(2).u8(1).u8(1) // psk_key_exchange_modes
    ext.u16(0x002b).u16(5).u8(4).u16(0x0304).u16(0x0303) // supported_versions
  })
  const hs = body.done()
  return new Out().u8(22).u16(0x0301).u16(hs.length + 4).u8(1).u24(hs.length).raw(hs).done()
}

/** A TLS record holding a ServerHello that selects TLS 1.3, followed by a ChangeCipherSpec record. */
export function tlsServerHello(rng: Rng): Uint8Array {
  const body = new Out()
  body.u16(0x0303).raw(random(rng, 32)).u8(32).raw(random(rng, 32)).u16(0x1301).u8(0)
  body.vec16((ext) => {
    ext.u16(0x002b).u16(2).u16(0x0304) // supported_versions
    ext.u16(0x0033).u16(36).u16(0x001d).u16(32).raw(random(rng, 32)) // key_share
  })
  const hs = body.done()
  return new Out().u8(22).u16(0x0303).u16(hs.length + 4).u8(2).u24(hs.length).raw(hs).u8(20).u16(0x0303).u16(1).u8(1).done()
}

function qname(o: Out, name: string): void {
  for (const label of name.split('.')) o.u8(label.length).ascii(label)
  o.u8(0)
}

/** A standard query for `name` (type A or AAAA) with recursion desired. */
export function dnsQuery(id: number, name: string, aaaa: boolean): Uint8Array {
  const o = new Out().u16(id).u16(0x0100).u16(1).u16(0).u16(0).u16(0)
  qname(o, name)
  return o.u16(aaaa ? 28 : 1).u16(1).done()
}

/** The answer to dnsQuery: one record pointing back at the question name (0xc00c), or NXDOMAIN with none. */
export function dnsResponse(id: number, name: string, aaaa: boolean, address: Uint8Array | null, ttl: number): Uint8Array {
  const o = new Out().u16(id).u16(address ? 0x8180 : 0x8183).u16(1).u16(address ? 1 : 0).u16(0).u16(0)
  qname(o, name)
  o.u16(aaaa ? 28 : 1).u16(1)
  if (address) o.u16(0xc00c).u16(aaaa ? 28 : 1).u16(1).u16(ttl >>> 16).u16(ttl & 0xffff).u16(address.length).raw(address)
  return o.done()
}

const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0',
  'curl/8.5.0',
  'Debian APT-HTTP/1.3 (2.6.1)',
]

export function httpRequest(rng: Rng, host: string): Uint8Array {
  const path = `/${rng.pick(['index.html', 'api/v1/items', 'static/app.js', 'images/logo.png', 'debian/dists/stable/InRelease'])}`
  const text = `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: ${rng.pick(AGENTS)}\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n`
  return new Out().ascii(text).done()
}

export function httpResponseHead(bodyBytes: number): Uint8Array {
  const text = `HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: application/octet-stream\r\nContent-Length: ${bodyBytes}\r\n\r\n`
  return new Out().ascii(text).done()
}

/** A 48-byte NTPv4 packet: mode 3 (client) or 4 (server). */
export function ntpPacket(rng: Rng, server: boolean): Uint8Array {
  const o = new Out().u8((4 << 3) | (server ? 4 : 3)).u8(server ? 2 : 0).u8(6).u8(0xe9)
  return o.raw(random(rng, 44)).done()
}
