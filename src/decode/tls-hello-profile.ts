/**
 * The parts of a ClientHello fact that depend only on the client's TLS stack, computed once per distinct
 * stack and shared by every fact that has them: the JA3 string and hash, the JA4 fingerprint, the
 * supported versions and ALPN list, and the cipher and extension lists themselves.
 *
 * Why: a network has few distinct clients but many handshakes. Building the fingerprint strings costs a few
 * microseconds and a few kilobytes of short-lived garbage per hello, and every fact is kept for the life of
 * its flow, so sharing these values removes most of both.
 *
 * JA3 and JA4 ignore GREASE values (RFC 8701), which browsers pick at random per connection, so the profile
 * is keyed by the lists without GREASE; the cipher and extension lists (which keep GREASE, as on the wire)
 * are shared only with hellos whose lists are exactly equal (a few variants per profile). Keys are compared in
 * full, never trusted by hash alone, so a fact is always exactly what computing it afresh would give.
 * The memo is bounded: it is cleared when it holds MAX_PROFILES profiles.
 */
import { ja3Hash, ja3String } from './ja3.ts'
import { ja4 } from './ja4.ts'
import { HelloList, isGrease, type ClientHello, type HelloScratch } from './tls-client-hello.ts'

export interface HelloProfile {
  readonly versions: readonly number[]
  readonly alpn: readonly string[]
  readonly cipherSuites: readonly number[]
  readonly extensions: readonly number[]
  readonly ja3: string
  readonly ja3Hash: string
  readonly ja4: string
}

const MAX_PROFILES = 4096
/** Distinct (cipher list, extension list) pairs kept per profile; GREASE gives at most a few dozen. */
const MAX_VARIANTS = 32

interface Entry {
  readonly protocol: string
  readonly legacyVersion: number
  readonly hasSni: boolean
  readonly alpnFirst: Uint8Array | null
  readonly alpn: readonly string[]
  readonly lists: readonly (readonly number[])[]
  readonly versions: readonly number[]
  readonly ja3: string
  readonly ja3Hash: string
  readonly ja4: string
  readonly variants: Variant[]
}

interface Variant {
  readonly cipherSuites: readonly number[]
  readonly extensions: readonly number[]
}

const memo = new Map<number, Entry>()

const LIST_COUNT = 6

function mix(h: number, v: number): number {
  return Math.imul((h ^ v) | 0, 0x01000193)
}

function profileHash(h: HelloScratch, protocol: string): number {
  let x = mix(mix(0x811c9dc5, h.legacyVersion), (h.hasSni ? 2 : 1) | (protocol.charCodeAt(0) << 2))
  for (let l = 0; l < LIST_COUNT; l++) {
    const list = h.lists[l]
    const n = h.listLengths[l]
    for (let i = 0; i < n; i++) if (!isGrease(list[i])) x = mix(x, list[i])
    x = mix(x, 0x10000) // list separator (values are at most 0xffff)
  }
  const buf = h.buf
  for (let i = h.alpnFirstStart; i >= 0 && i < h.alpnFirstEnd; i++) x = mix(x, buf[i])
  x = mix(x, h.alpnCount)
  return (x ^ (x >>> 16)) >>> 0
}

/** True when list l of the hello without its GREASE values equals `stripped`. */
function equalWithoutGrease(h: HelloScratch, l: number, stripped: readonly number[]): boolean {
  const list = h.lists[l]
  const n = h.listLengths[l]
  let j = 0
  for (let i = 0; i < n; i++) {
    const v = list[i]
    if (isGrease(v)) continue
    if (j >= stripped.length || stripped[j] !== v) return false
    j++
  }
  return j === stripped.length
}

/** True when list l of the hello equals `a` exactly (GREASE included). */
function equalList(h: HelloScratch, l: number, a: readonly number[]): boolean {
  const list = h.lists[l]
  const n = h.listLengths[l]
  if (a.length !== n) return false
  for (let i = 0; i < n; i++) if (a[i] !== list[i]) return false
  return true
}

function equalAlpnFirst(e: Uint8Array | null, h: HelloScratch): boolean {
  if (e === null || h.alpnFirstStart < 0) return e === null && h.alpnFirstStart < 0
  const n = h.alpnFirstEnd - h.alpnFirstStart
  if (e.length !== n) return false
  const buf = h.buf
  for (let i = 0; i < n; i++) if (e[i] !== buf[h.alpnFirstStart + i]) return false
  return true
}

function matches(e: Entry, h: HelloScratch, protocol: string): boolean {
  if (e.protocol !== protocol || e.legacyVersion !== h.legacyVersion || e.hasSni !== h.hasSni) return false
  if (!equalAlpnFirst(e.alpnFirst, h) || e.alpn.length !== h.alpnCount) return false
  for (let i = 0; i < e.alpn.length; i++) if (e.alpn[i] !== h.alpn[i]) return false
  for (let l = 0; l < LIST_COUNT; l++) if (!equalWithoutGrease(h, l, e.lists[l])) return false
  return true
}

/** The lists that decide the fingerprints, in HelloList order (compared and hashed without GREASE). */
function keyLists(h: ClientHello): readonly (readonly number[])[] {
  return [h.cipherSuites, h.extensions, h.supportedGroups, h.ecPointFormats, h.signatureAlgorithms, h.supportedVersions]
}

function newEntry(h: ClientHello, protocol: 't' | 'q'): Entry {
  const ja3 = ja3String(h)
  return {
    protocol,
    legacyVersion: h.legacyVersion,
    hasSni: h.hasSni,
    // The hello's alpnFirst is a view into the packet bytes, which are reused: the entry keeps a copy.
    alpnFirst: h.alpnFirst === null ? null : h.alpnFirst.slice(),
    alpn: h.alpn,
    lists: keyLists(h).map((l) => l.filter((v) => !isGrease(v))),
    versions: h.supportedVersions.filter((v) => !isGrease(v)),
    ja3,
    ja3Hash: ja3Hash(ja3),
    ja4: ja4(h, protocol),
    variants: [],
  }
}

/**
 * The shared profile of the hello just parsed into `h` (tls-client-hello.ts parseClientHelloInto; `protocol` as
 * for JA4: 't' TCP, 'q' QUIC). Only a hello that starts a new profile or variant is built as a ClientHello.
 */
export function helloProfile(h: HelloScratch, protocol: 't' | 'q'): HelloProfile {
  const key = profileHash(h, protocol)
  let e = memo.get(key)
  if (e === undefined || !matches(e, h, protocol)) {
    const hello = h.toClientHello()
    const fresh = newEntry(hello, protocol)
    // A hash collision keeps the entry already there; the new hello simply goes unshared.
    if (e !== undefined) return { ...fresh, cipherSuites: hello.cipherSuites, extensions: hello.extensions }
    if (memo.size >= MAX_PROFILES) memo.clear()
    memo.set(key, fresh)
    e = fresh
  }
  let variant: Variant | undefined
  for (const v of e.variants) {
    if (equalList(h, HelloList.CipherSuites, v.cipherSuites) && equalList(h, HelloList.Extensions, v.extensions)) {
      variant = v
      break
    }
  }
  if (variant === undefined) {
    variant = { cipherSuites: h.listArray(HelloList.CipherSuites), extensions: h.listArray(HelloList.Extensions) }
    if (e.variants.length < MAX_VARIANTS) e.variants.push(variant)
  }
  return {
    versions: e.versions,
    alpn: e.alpn,
    cipherSuites: variant.cipherSuites,
    extensions: variant.extensions,
    ja3: e.ja3,
    ja3Hash: e.ja3Hash,
    ja4: e.ja4,
  }
}
