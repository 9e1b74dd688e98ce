/**
 * The application bytes that open a generated flow's data: a TLS ClientHello per (fingerprint, SNI) pair, HTTP
 * requests and response heads. Hellos and request prefixes are cached (bounded), so a busy generator encodes
 * each combination once; per flow only the random of a hello and the Content-Length digits are written.
 */
import { CLIENT_HELLO_RANDOM_AT, encodeClientHello, encodeHttpRequest, encodeHttpResponse } from '../craft/index.ts'
import type { Rng } from '../model/rng.ts'
import type { PreparedModel } from './prepared-model.ts'

const CACHE_CAP = 4096
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) nettwin'
const CONTENT_LENGTH = 'Content-Length: '

function digits(n: number): number {
  return n < 10 ? 1 : Math.floor(Math.log10(n)) + 1
}

/** prefix + "Content-Length: n\r\n\r\n" (the prefix ends with the CRLF of its last field). */
function withContentLength(prefix: Uint8Array, n: number): Uint8Array {
  const text = `${CONTENT_LENGTH}${n}\r\n\r\n`
  const out = new Uint8Array(prefix.length + text.length)
  out.set(prefix)
  for (let i = 0; i < text.length; i++) out[prefix.length + i] = text.charCodeAt(i)
  return out
}

export class AppHeads {
  private readonly hellos = new Map<number, Uint8Array>()
  private readonly gets = new Map<number, Uint8Array>()
  private readonly posts = new Map<number, Uint8Array>()
  private readonly responsePrefix: Uint8Array

  constructor(private readonly prep: PreparedModel) {
    const r = encodeHttpResponse(200, 'OK', 0)
    this.responsePrefix = r.subarray(0, r.length - `${CONTENT_LENGTH}0\r\n\r\n`.length)
  }

  /** A ClientHello record for fingerprint `fp` and SNI index `sni` (-1: none), with a fresh random. */
  hello(fp: number, sni: number, rng: Rng): Uint8Array {
    const key = fp * 65536 + (sni + 1)
    let h = this.hellos.get(key)
    if (h === undefined) {
      const spec = this.prep.tls[fp]
      h = encodeClientHello({ ...spec, sni: sni >= 0 ? this.prep.sni[sni] : null })
      if (this.hellos.size >= CACHE_CAP) this.hellos.clear()
      this.hellos.set(key, h)
    }
    for (let i = 0; i < 32; i += 4) {
      const r = rng.u32()
      h[CLIENT_HELLO_RANDOM_AT + i] = r >>> 24
      h[CLIENT_HELLO_RANDOM_AT + i + 1] = (r >>> 16) & 0xff
      h[CLIENT_HELLO_RANDOM_AT + i + 2] = (r >>> 8) & 0xff
      h[CLIENT_HELLO_RANDOM_AT + i + 3] = r & 0xff
    }
    return h
  }

  private cached(map: Map<number, Uint8Array>, host: number, make: () => Uint8Array): Uint8Array {
    let v = host >= 0 ? map.get(host) : undefined
    if (v === undefined) {
      v = make()
      if (map.size >= CACHE_CAP) map.clear()
      if (host >= 0) map.set(host, v)
    }
    return v
  }

  private postPrefix(host: number, hostText: string): Uint8Array {
    return this.cached(this.posts, host, () => {
      const full = encodeHttpRequest('POST', '/upload', host >= 0 ? this.prep.httpHosts[host] : hostText, USER_AGENT, [['Content-Type', 'application/octet-stream']])
      return full.subarray(0, full.length - 2) // without the empty line
    })
  }

  /** An HTTP request to host index `host` (-1: `hostText`): GET, or POST announcing `body` bytes. */
  request(host: number, hostText: string, body: number): Uint8Array {
    if (body <= 0) return this.cached(this.gets, host, () => encodeHttpRequest('GET', '/', host >= 0 ? this.prep.httpHosts[host] : hostText, USER_AGENT))
    return withContentLength(this.postPrefix(host, hostText), body)
  }

  /** The body a POST can announce so that head + body is `budget` bytes (0 when even a GET does not fit). */
  postBody(host: number, hostText: string, budget: number): number {
    const fixed = this.postPrefix(host, hostText).length + CONTENT_LENGTH.length + 4
    let body = budget - fixed - 1
    for (let i = 0; i < 3 && body > 0; i++) body = budget - fixed - digits(body)
    return Math.max(0, body)
  }

  /** A response head announcing `body` bytes. */
  response(body: number): Uint8Array {
    return withContentLength(this.responsePrefix, body)
  }

  /** Length of the response head for a body of `body` bytes. */
  responseLength(body: number): number {
    return this.responsePrefix.length + CONTENT_LENGTH.length + digits(body) + 4
  }
}
