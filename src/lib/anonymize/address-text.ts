/**
 * Addresses as text, for anonymising exported strings: strict parsers and canonical formatters for IPv4
 * (dotted quad), IPv6 (RFC 4291 section 2.2 text forms in, RFC 5952 canonical form out) and MAC addresses
 * (six colon- or dash-separated hex pairs).
 */

/** A dotted quad (four decimal parts, each 0-255, no sign, at most 3 digits), else null. */
export function parseIPv4(s: string): Uint8Array | null {
  const parts = s.split('.')
  if (parts.length !== 4) return null
  const out = new Uint8Array(4)
  for (let i = 0; i < 4; i++) {
    const p = parts[i]
    if (!/^\d{1,3}$/.test(p)) return null
    const v = Number(p)
    if (v > 255) return null
    out[i] = v
  }
  return out
}

export function formatIPv4(b: Uint8Array): string {
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`
}

/** An IPv6 address ("::" shorthand and a dotted-quad tail allowed; no zone), as 16 bytes, else null. */
export function parseIPv6(s: string): Uint8Array | null {
  if (s.length < 2 || s.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(s)) return null
  const double = s.indexOf('::')
  if (double !== s.lastIndexOf('::')) return null
  const words: number[] = []
  const parseSide = (text: string, allowV4Tail: boolean): number[] | null => {
    if (text === '') return []
    const groups = text.split(':')
    const out: number[] = []
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]
      if (allowV4Tail && i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g)
        if (v4 === null) return null
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3])
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null
        out.push(parseInt(g, 16))
      }
    }
    return out
  }
  if (double >= 0) {
    const head = parseSide(s.slice(0, double), false)
    const tail = parseSide(s.slice(double + 2), true)
    if (head === null || tail === null || head.length + tail.length > 7) return null
    words.push(...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail)
  } else {
    const all = parseSide(s, true)
    if (all === null || all.length !== 8) return null
    words.push(...all)
  }
  const out = new Uint8Array(16)
  words.forEach((w, i) => {
    out[2 * i] = w >> 8
    out[2 * i + 1] = w & 0xff
  })
  return out
}

/** RFC 5952: lower case, leading zeros dropped, the longest run (2+) of zero words as "::" (the first if tied). */
export function formatIPv6(b: Uint8Array): string {
  const words = Array.from({ length: 8 }, (_, i) => (b[2 * i] << 8) | b[2 * i + 1])
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && words[j] === 0) j++
    if (j - i > bestLength) {
      bestStart = i
      bestLength = j - i
    }
    i = j
  }
  const hex = words.map((w) => w.toString(16))
  if (bestStart < 0) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`
}

/** Six hex pairs separated by ':' or '-' (one separator throughout), else null. */
export function parseMac(s: string): Uint8Array | null {
  if (!/^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$/.test(s)) return null
  return Uint8Array.from(s.split(/[:-]/), (h) => parseInt(h, 16))
}

export function formatMac(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':')
}
