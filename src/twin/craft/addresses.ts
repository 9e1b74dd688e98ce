/**
 * Address helpers for crafting: text to bytes for IPv4 (dotted quad), IPv6 (RFC 4291 section 2.2 text forms,
 * with "::" and an embedded dotted quad) and MAC addresses, and the derived multicast / locally administered
 * forms the generator uses. These run once per host, never per packet.
 */

/** Parses "a.b.c.d" into 4 bytes; throws RangeError on anything else. */
export function parseIpv4(text: string): Uint8Array {
  const parts = text.split('.')
  if (parts.length !== 4) throw new RangeError(`not an IPv4 address: ${text}`)
  const out = new Uint8Array(4)
  for (let i = 0; i < 4; i++) {
    const p = parts[i]
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) throw new RangeError(`not an IPv4 address: ${text}`)
    out[i] = Number(p)
  }
  return out
}

/** Parses an IPv6 address in any RFC 4291 text form into 16 bytes; throws RangeError on anything else. */
export function parseIpv6(text: string): Uint8Array {
  const bad = (): never => {
    throw new RangeError(`not an IPv6 address: ${text}`)
  }
  const halves = text.split('::')
  if (halves.length > 2) bad()
  const words = (s: string): number[] => {
    if (s === '') return []
    const out: number[] = []
    const groups = s.split(':')
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g)
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3])
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) bad()
        out.push(parseInt(g, 16))
      }
    }
    return out
  }
  const head = words(halves[0])
  const tail = halves.length === 2 ? words(halves[1]) : []
  const fill = 8 - head.length - tail.length
  if (halves.length === 1 ? fill !== 0 : fill < 1) bad()
  const all = halves.length === 2 ? [...head, ...new Array<number>(fill).fill(0), ...tail] : head
  const out = new Uint8Array(16)
  for (let i = 0; i < 8; i++) {
    out[2 * i] = all[i] >>> 8
    out[2 * i + 1] = all[i] & 0xff
  }
  return out
}

/** Parses either family by its text form. */
export function parseIp(text: string): Uint8Array {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text)
}

/** Parses "aa:bb:cc:dd:ee:ff" (or with '-') into 6 bytes. */
export function parseMac(text: string): Uint8Array {
  const parts = text.split(/[:-]/)
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) throw new RangeError(`not a MAC address: ${text}`)
  return Uint8Array.from(parts, (p) => parseInt(p, 16))
}

/** A locally administered unicast MAC (02:...) that encodes `n`: distinct n give distinct addresses. */
export function macFromIndex(n: number): Uint8Array {
  const v = n >>> 0
  return Uint8Array.of(0x02, 0x4e, (v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff)
}

/** IPv4 bytes from a 32-bit number (10.0.0.1 = 0x0a000001). */
export function ipv4FromNumber(n: number): Uint8Array {
  const v = n >>> 0
  return Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff)
}

/** Text form of 4 or 16 address bytes (IPv6 without zero compression, which every parser accepts). */
export function ipToText(ip: Uint8Array): string {
  if (ip.length === 4) return ip.join('.')
  const groups: string[] = []
  for (let i = 0; i < 16; i += 2) groups.push(((ip[i] << 8) | ip[i + 1]).toString(16))
  return groups.join(':')
}

export const BROADCAST_MAC: Uint8Array = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
export const ZERO_MAC: Uint8Array = new Uint8Array(6)
