/**
 * Prefix-preserving address anonymisation in the manner of Crypto-PAn (Xu, Fan, Ammar, Moon: "Prefix-Preserving
 * IP Address Anonymization", ICNP 2002): bit i of the output is bit i of the input XOR a keyed pseudo-random
 * function of the input's first i bits. Two addresses that share their first k bits therefore share the first k
 * bits of their images (subnets stay subnets), and the map is a bijection for a given key (each output bit can be
 * undone in order, since the function only looks at bits already known). The PRF is HMAC-SHA-256 over
 * (family, i, the first i bits with the rest zeroed); its first output bit is used.
 *
 * Cost: one HMAC per address bit (32 for IPv4, 128 for IPv6). Addresses of one capture share long prefixes, so the
 * PRF results are cached per prefix (bounded), and whole addresses per export by the caller.
 */
import { HmacKey } from './hmac-sha256.ts'

const CACHE_LIMIT = 1 << 18

export class PrefixPreservingMap {
  private readonly hmac: HmacKey
  /** PRF bit by (family, length, prefix bytes) as text. */
  private readonly prfCache = new Map<string, number>()

  constructor(key: Uint8Array) {
    this.hmac = new HmacKey(key)
  }

  /** The PRF bit for the first `i` bits of `prefix` (bits from i on are zero) of an address of `family` (4 or 6). */
  private prf(family: number, i: number, prefix: Uint8Array): number {
    const used = (i + 7) >> 3
    let id = `${family}/${i}/`
    for (let j = 0; j < used; j++) id += prefix[j].toString(16).padStart(2, '0')
    const cached = this.prfCache.get(id)
    if (cached !== undefined) return cached
    const message = new Uint8Array(2 + prefix.length)
    message[0] = family
    message[1] = i
    message.set(prefix, 2)
    const bit = this.hmac.mac(message)[0] >> 7
    if (this.prfCache.size >= CACHE_LIMIT) this.prfCache.clear()
    this.prfCache.set(id, bit)
    return bit
  }

  /** Maps an address given as its bytes (4 for IPv4, 16 for IPv6) to a new array of the same length. */
  mapBytes(address: Uint8Array): Uint8Array {
    const n = address.length
    if (n !== 4 && n !== 16) throw new RangeError(`an IP address has 4 or 16 bytes, not ${n}`)
    const family = n === 4 ? 4 : 6
    const out = new Uint8Array(n)
    const prefix = new Uint8Array(n)
    for (let i = 0; i < n * 8; i++) {
      const byte = i >> 3
      const mask = 0x80 >> (i & 7)
      const bit = address[byte] & mask
      if (this.prf(family, i, prefix) !== 0) out[byte] |= bit ^ mask
      else out[byte] |= bit
      prefix[byte] |= bit
    }
    return out
  }

  /** The inverse of mapBytes (for tests and for a user who holds the key). */
  unmapBytes(image: Uint8Array): Uint8Array {
    const n = image.length
    const family = n === 4 ? 4 : 6
    const prefix = new Uint8Array(n)
    for (let i = 0; i < n * 8; i++) {
      const byte = i >> 3
      const mask = 0x80 >> (i & 7)
      const bit = (image[byte] & mask) ^ (this.prf(family, i, prefix) !== 0 ? mask : 0)
      prefix[byte] |= bit
    }
    return prefix
  }

  /** An IPv4 address as a 32-bit number. */
  mapIPv4(address: number): number {
    const b = Uint8Array.of(address >>> 24, (address >>> 16) & 0xff, (address >>> 8) & 0xff, address & 0xff)
    const o = this.mapBytes(b)
    return ((o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]) >>> 0
  }
}
