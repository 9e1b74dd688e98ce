/**
 * One export's address anonymiser: a key (random per export, or derived from a passphrase for mappings that repeat
 * across exports), the prefix-preserving IP map, keyed MAC hashing, and a memo of every address already mapped.
 * Works on address bytes (capture rewriting) and on text: a whole cell or JSON string that is an address, or
 * addresses inside text ("10.0.0.1:443", "192.168.10.5-104.16.207.165-54865-443-6", "[2001:db8::1]:53").
 * Host names are not addresses and are left as they are.
 */
import { sha256 } from '../sha256.ts'
import { formatIPv4, formatIPv6, formatMac, parseIPv4, parseIPv6, parseMac } from './address-text.ts'
import { HmacKey } from './hmac-sha256.ts'
import { anonymizeMac } from './mac.ts'
import { PrefixPreservingMap } from './prefix-preserving.ts'

export interface AnonymizeOptions {
  /** Keep the vendor part (first 3 bytes) of MAC addresses. */
  readonly keepOui?: boolean
}

const KEY_BYTES = 32
/** Rounds of SHA-256 over a passphrase: slows down guessing it from an anonymised file. */
const PASSPHRASE_ROUNDS = 20_000
const MEMO_LIMIT = 1 << 20
/** Runs of characters that can make up an address (with ports, ranges and flow ids around it). */
const CANDIDATE = /[0-9A-Fa-f:.-]{7,}/g

export class Anonymizer {
  private readonly ips: PrefixPreservingMap
  private readonly hmac: HmacKey
  private readonly keepOui: boolean
  private readonly memo = new Map<string, string>()

  constructor(key: Uint8Array, options: AnonymizeOptions = {}) {
    if (key.length < 16) throw new RangeError('an anonymisation key needs at least 16 bytes')
    this.ips = new PrefixPreservingMap(key)
    this.hmac = new HmacKey(key)
    this.keepOui = options.keepOui ?? false
  }

  /** A fresh random key (crypto.getRandomValues): a mapping nobody can repeat or undo. */
  static random(options: AnonymizeOptions = {}): Anonymizer {
    return new Anonymizer(crypto.getRandomValues(new Uint8Array(KEY_BYTES)), options)
  }

  /** The same passphrase gives the same mapping in every export (so several files can be compared). */
  static fromPassphrase(passphrase: string, options: AnonymizeOptions = {}): Anonymizer {
    const salt = new TextEncoder().encode(`nettwin-anonymize-v1\u0000${passphrase}`)
    let key = sha256(salt)
    const round = new Uint8Array(KEY_BYTES + salt.length)
    round.set(salt, KEY_BYTES)
    for (let i = 0; i < PASSPHRASE_ROUNDS; i++) {
      round.set(key)
      key = sha256(round)
    }
    return new Anonymizer(key, options)
  }

  /** The image of an IPv4 (4 bytes) or IPv6 (16 bytes) address. */
  ipBytes(address: Uint8Array): Uint8Array {
    return this.ips.mapBytes(address)
  }

  /** The image of a MAC address (6 bytes). */
  macBytes(mac: Uint8Array): Uint8Array {
    return anonymizeMac(this.hmac, mac, this.keepOui)
  }

  /** The image of `s` when it is exactly an address (IPv4, IPv6, MAC), else null. */
  address(s: string): string | null {
    const known = this.memo.get(s)
    if (known !== undefined) return known
    let out: string | null = null
    const v4 = parseIPv4(s)
    if (v4 !== null) out = formatIPv4(this.ips.mapBytes(v4))
    else if (s.includes(':')) {
      const mac = parseMac(s)
      if (mac !== null) out = formatMac(this.macBytes(mac))
      else {
        const v6 = parseIPv6(s)
        if (v6 !== null) out = formatIPv6(this.ips.mapBytes(v6))
      }
    } else if (s.includes('-')) {
      const mac = parseMac(s)
      if (mac !== null) out = formatMac(this.macBytes(mac))
    }
    if (out !== null) {
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear()
      this.memo.set(s, out)
    }
    return out
  }

  /** A run of address characters with every address in it replaced (ports, ranges and separators kept). */
  private token(t: string): string {
    const whole = this.address(t)
    if (whole !== null) return whole
    // "10.0.0.1." at the end of a sentence; "10.0.0.1:443"; "a-b-port-port-proto" flow ids; "fe80::1-fe80::2".
    if (t.endsWith('.')) return this.token(t.slice(0, -1)) + '.'
    const colon = t.lastIndexOf(':')
    if (colon > 0 && parseIPv4(t.slice(0, colon)) !== null) return `${this.address(t.slice(0, colon))}${t.slice(colon)}`
    if (t.includes('-')) return t.split('-').map((p) => this.address(p) ?? p).join('-')
    return t
  }

  /** `s` with every address in it anonymised; other text unchanged. */
  text(s: string): string {
    if (s.length < 7) return s
    return s.replace(CANDIDATE, (t) => this.token(t))
  }

  /** A copy of a JSON-like value with every string and key anonymised (walked without recursion). */
  json(value: unknown): unknown {
    const root: { value: unknown } = { value: undefined }
    const stack: [unknown, (v: unknown) => void][] = [[value, (v) => (root.value = v)]]
    while (stack.length > 0) {
      const [v, put] = stack.pop() as [unknown, (v: unknown) => void]
      if (typeof v === 'string') put(this.text(v))
      else if (Array.isArray(v)) {
        const out: unknown[] = new Array(v.length)
        put(out)
        for (let i = 0; i < v.length; i++) stack.push([v[i], (x) => (out[i] = x)])
      } else if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v)) {
        const out: Record<string, unknown> = {}
        put(out)
        for (const [k, x] of Object.entries(v)) {
          // defineProperty: a key such as "__proto__" stays an own property, never a prototype change.
          stack.push([x, (y) => Object.defineProperty(out, this.text(k), { value: y, enumerable: true, writable: true, configurable: true })])
        }
      } else put(v)
    }
    return root.value
  }
}
