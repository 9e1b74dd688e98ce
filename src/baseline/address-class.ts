/**
 * What kind of address an address id is: private (RFC 1918, RFC 6598 shared space, IPv6 ULA), link-local,
 * loopback, multicast, broadcast, unspecified. Detectors use it to tell internal from external hosts (lateral
 * movement, exfiltration) and to keep multicast/broadcast destinations out of victim and target counts.
 * Ranges: RFC 1918, RFC 6598, RFC 3927, RFC 4193, RFC 4291 section 2.4 (IANA special-purpose registries).
 */
import { AddrKind, type AddressTable } from '../model/address-table.ts'

export const AddrClass = Object.freeze({
  Private: 1,
  LinkLocal: 2,
  Loopback: 4,
  Multicast: 8,
  Broadcast: 16,
  Unspecified: 32,
  V6: 64,
  Mac: 128,
  /** Known: set on every classified id, so 0 in a cache means "not classified yet". */
  Known: 256,
})

/** Internal: private, link-local or loopback (the hosts of "our" network). */
export const INTERNAL = AddrClass.Private | AddrClass.LinkLocal | AddrClass.Loopback
/** Not a single host: multicast, broadcast or unspecified. */
export const NOT_A_HOST = AddrClass.Multicast | AddrClass.Broadcast | AddrClass.Unspecified

export function classifyIPv4(v: number): number {
  const a = v >>> 24
  const b = (v >>> 16) & 255
  let c = AddrClass.Known
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) c |= AddrClass.Private
  if (a === 169 && b === 254) c |= AddrClass.LinkLocal
  if (a === 127) c |= AddrClass.Loopback
  if (a >= 224 && a <= 239) c |= AddrClass.Multicast
  // A private x.y.z.255 is taken as a /24 directed broadcast: the subnet is unknown, and /24 is by far the usual one.
  if (v >>> 0 === 0xffffffff || ((c & AddrClass.Private) !== 0 && (v & 255) === 255)) c |= AddrClass.Broadcast
  if (v >>> 0 === 0) c |= AddrClass.Unspecified
  return c
}

/** Classifies an IPv6 address from its RFC 5952 text (the address table's format). */
export function classifyIPv6(text: string): number {
  let c = AddrClass.Known | AddrClass.V6
  if (text === '::') return c | AddrClass.Unspecified
  if (text === '::1') return c | AddrClass.Loopback
  const colon = text.indexOf(':')
  const first = colon <= 0 ? 0 : parseInt(text.slice(0, colon), 16)
  if (!Number.isFinite(first)) return c
  if ((first & 0xfe00) === 0xfc00) c |= AddrClass.Private
  if ((first & 0xffc0) === 0xfe80) c |= AddrClass.LinkLocal
  if ((first & 0xff00) === 0xff00) c |= AddrClass.Multicast
  return c
}

/** Caches the class of each address id of one address table. */
export class AddressClasses {
  private cache = new Uint16Array(256)

  constructor(private readonly addresses: AddressTable) {}

  of(id: number): number {
    if (id <= 0) return AddrClass.Known | AddrClass.Unspecified
    if (id >= this.cache.length) {
      let n = this.cache.length
      while (n <= id) n *= 2
      const next = new Uint16Array(n)
      next.set(this.cache)
      this.cache = next
    }
    let c = this.cache[id]
    if (c === 0) {
      const k = this.addresses.kind(id)
      if (k === AddrKind.IPv4) c = classifyIPv4(this.addresses.ipv4Value(id))
      else if (k === AddrKind.IPv6) c = classifyIPv6(this.addresses.format(id))
      else if (k === AddrKind.MAC) c = AddrClass.Known | AddrClass.Mac
      else c = AddrClass.Known
      this.cache[id] = c
    }
    return c
  }

  isInternal(id: number): boolean {
    return (this.of(id) & INTERNAL) !== 0
  }

  /** A single host (not multicast, broadcast or the unspecified address). */
  isHost(id: number): boolean {
    return (this.of(id) & NOT_A_HOST) === 0
  }
}
