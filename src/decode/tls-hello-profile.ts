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
import { isGrease, type ClientHello } from './tls-client-hello.ts'

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
  readonly variants: { cipherSuites: readonly number[]; extensions: readonly number[] }[]
}

const memo = new Map<number, Entry>()

/** The lists that decide the fingerprints, in a fixed order (compared and hashed without GREASE). */
function keyLists(h: ClientHello): readonly (readonly number[])[] {
  return [h.cipherSuites, h.extensions, h.supportedGroups, h.ecPointFormats, h.signatureAlgorithms, h.supportedVersions]
}

function mix(h: number, v: number): number {
  return Math.imul((h ^ v) | 0, 0x01000193)
}

function profileHash(h: ClientHello, protocol: string, lists: readonly (readonly number[])[]): number {
  let x = mix(mix(0x811c9dc5, h.legacyVersion), (h.hasSni ? 2 : 1) | (protocol.charCodeAt(0) << 2))
  for (const list of lists) {
    for (const v of list) if (!isGrease(v)) x = mix(x, v)
    x = mix(x, 0x10000) // list separator (values are at most 0xffff)
  }
  const first = h.alpnFirst
  if (first !== null) for (let i = 0; i < first.length; i++) x = mix(x, first[i])
  x = mix(x, h.alpn.length)
  return (x ^ (x >>> 16)) >>> 0
}

/** True when `raw` without its GREASE values equals `stripped`. */
function equalWithoutGrease(raw: readonly number[], stripped: readonly number[]): boolean {
  let j = 0
  for (const v of raw) {
    if (isGrease(v)) continue
    if (j >= stripped.length || stripped[j] !== v) return false
    j++
  }
  return j === stripped.length
}

function equalLists(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function equalBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function matches(e: Entry, h: ClientHello, protocol: string, lists: readonly (readonly number[])[]): boolean {
  if (e.protocol !== protocol || e.legacyVersion !== h.legacyVersion || e.hasSni !== h.hasSni) return false
  if (!equalBytes(e.alpnFirst, h.alpnFirst) || e.alpn.length !== h.alpn.length) return false
  for (let i = 0; i < e.alpn.length; i++) if (e.alpn[i] !== h.alpn[i]) return false
  for (let i = 0; i < lists.length; i++) if (!equalWithoutGrease(lists[i], e.lists[i])) return false
  return true
}

function newEntry(h: ClientHello, protocol: 't' | 'q', lists: readonly (readonly number[])[]): Entry {
  const ja3 = ja3String(h)
  return {
    protocol,
    legacyVersion: h.legacyVersion,
    hasSni: h.hasSni,
    alpnFirst: h.alpnFirst,
    alpn: h.alpn,
    lists: lists.map((l) => l.filter((v) => !isGrease(v))),
    versions: h.supportedVersions.filter((v) => !isGrease(v)),
    ja3,
    ja3Hash: ja3Hash(ja3),
    ja4: ja4(h, protocol),
    variants: [],
  }
}

/** The shared profile of a parsed ClientHello (`protocol` as for JA4: 't' TCP, 'q' QUIC). */
export function helloProfile(h: ClientHello, protocol: 't' | 'q'): HelloProfile {
  const lists = keyLists(h)
  const key = profileHash(h, protocol, lists)
  let e = memo.get(key)
  if (e === undefined || !matches(e, h, protocol, lists)) {
    const fresh = newEntry(h, protocol, lists)
    // A hash collision keeps the entry already there; the new hello simply goes unshared.
    if (e !== undefined) return { ...fresh, cipherSuites: h.cipherSuites, extensions: h.extensions }
    if (memo.size >= MAX_PROFILES) memo.clear()
    memo.set(key, fresh)
    e = fresh
  }
  let variant = e.variants.find((v) => equalLists(v.cipherSuites, h.cipherSuites) && equalLists(v.extensions, h.extensions))
  if (variant === undefined) {
    variant = { cipherSuites: h.cipherSuites, extensions: h.extensions }
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
