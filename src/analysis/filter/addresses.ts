/**
 * Address text to the words AddressTable stores (model/address-table.ts), without allocating: filters parse
 * their literals once, and table adapters parse a row's address text into a reused buffer. IPv4 is one uint32,
 * IPv6 four big-endian words (RFC 4291 §2.2 text forms, including "::" and a trailing dotted quad), MAC the
 * first four bytes in word 0 and the last two in word 1 (colon, hyphen or Cisco dotted forms).
 */
import { AddrKind } from '../../model/address-table.ts'

const groups = new Uint16Array(8) // scratch for IPv6 groups; parsing is synchronous

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  if (c >= 0x61 && c <= 0x66) return c - 0x57
  if (c >= 0x41 && c <= 0x46) return c - 0x37
  return -1
}

/** The dotted quad in text[from, to) as a uint32, or -1. Leading zeros are allowed, as Wireshark allows them. */
export function parseIPv4(text: string, from = 0, to = text.length): number {
  let value = 0
  let parts = 0
  let i = from
  while (parts < 4) {
    let octet = 0
    let digits = 0
    while (i < to && digits < 4) {
      const c = text.charCodeAt(i)
      if (c < 0x30 || c > 0x39) break
      octet = octet * 10 + (c - 0x30)
      digits++
      i++
    }
    if (digits === 0 || digits > 3 || octet > 255) return -1
    value = value * 256 + octet
    parts++
    if (parts < 4) {
      if (i >= to || text.charCodeAt(i) !== 0x2e) return -1
      i++
    }
  }
  return i === to ? value : -1
}

/** Parses the IPv6 address in text[from, to) into out[0..3]; false when it is not one. */
export function parseIPv6Into(text: string, out: Uint32Array, from = 0, to = text.length): boolean {
  let count = 0
  let gap = -1 // index in groups where "::" stands
  let i = from
  if (to - from >= 2 && text.charCodeAt(i) === 0x3a && text.charCodeAt(i + 1) === 0x3a) {
    gap = 0
    i += 2
  }
  while (i < to) {
    if (count >= 8) return false
    // A dotted quad may end the address in place of the last two groups.
    let j = i
    while (j < to && text.charCodeAt(j) !== 0x3a && text.charCodeAt(j) !== 0x2e) j++
    if (j < to && text.charCodeAt(j) === 0x2e) {
      const v4 = parseIPv4(text, i, to)
      if (v4 < 0 || count > 6) return false
      groups[count++] = v4 >>> 16
      groups[count++] = v4 & 0xffff
      i = to
      break
    }
    let value = 0
    let digits = 0
    while (i < to && digits < 5) {
      const d = hexDigit(text.charCodeAt(i))
      if (d < 0) break
      value = value * 16 + d
      digits++
      i++
    }
    if (digits === 0 || digits > 4) return false
    groups[count++] = value
    if (i === to) break
    if (text.charCodeAt(i) !== 0x3a) return false
    i++
    if (i < to && text.charCodeAt(i) === 0x3a) {
      if (gap >= 0) return false
      gap = count
      i++
    } else if (i === to) {
      return false // a single trailing colon
    }
  }
  if (gap < 0 ? count !== 8 : count > 7) return false
  if (gap >= 0) {
    const move = count - gap
    for (let k = 0; k < move; k++) groups[7 - k] = groups[count - 1 - k]
    for (let k = gap; k < 8 - move; k++) groups[k] = 0
  }
  for (let w = 0; w < 4; w++) out[w] = ((groups[2 * w] << 16) | groups[2 * w + 1]) >>> 0
  return true
}

/** Parses aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabb.ccdd.eeff into out[0..1]; false when it is not a MAC. */
export function parseMacInto(text: string, out: Uint32Array, from = 0, to = text.length): boolean {
  const len = to - from
  const cisco = len === 14
  if (len !== 17 && !cisco) return false
  const sep = text.charCodeAt(from + (cisco ? 4 : 2))
  if (cisco ? sep !== 0x2e : sep !== 0x3a && sep !== 0x2d) return false
  let hi = 0
  let lo = 0
  let n = 0
  for (let i = from; i < to; i++) {
    const pos = i - from
    const isSep = cisco ? pos % 5 === 4 : pos % 3 === 2
    const c = text.charCodeAt(i)
    if (isSep) {
      if (c !== sep) return false
      continue
    }
    const d = hexDigit(c)
    if (d < 0) return false
    if (n < 8) hi = hi * 16 + d
    else lo = lo * 16 + d
    n++
  }
  out[0] = hi >>> 0
  out[1] = lo
  out[2] = 0
  out[3] = 0
  return true
}

/** Parses address text as AddressTable formats it (IPv4, IPv6 or MAC) into out; returns the AddrKind or 0. */
export function parseAddressInto(text: string, out: Uint32Array): number {
  if (text.length === 0) return AddrKind.None
  const v4 = parseIPv4(text)
  if (v4 >= 0) {
    out[0] = v4
    out[1] = out[2] = out[3] = 0
    return AddrKind.IPv4
  }
  if (parseMacInto(text, out)) return AddrKind.MAC
  return parseIPv6Into(text, out) ? AddrKind.IPv6 : AddrKind.None
}

/** Word count of an address kind (IPv4 1, IPv6 4, MAC 2). */
export function wordsOf(kind: number): number {
  return kind === AddrKind.IPv6 ? 4 : kind === AddrKind.MAC ? 2 : 1
}

/** Unsigned comparison of the first n words: negative, zero or positive. */
export function compareWords(a: Uint32Array, b: Uint32Array, n: number): number {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1
  return 0
}
