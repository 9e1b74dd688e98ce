/**
 * Interns network addresses (IPv4, IPv6, MAC) to dense uint32 ids so packet and flow columns hold one number
 * per address. Open addressing over typed arrays: no object and no string per packet.
 * Id 0 means "no address".
 */
export const enum AddrKind {
  None = 0,
  IPv4 = 4,
  IPv6 = 6,
  MAC = 48,
}

const WORDS = 4 // an entry is 4 uint32 words (IPv6 needs all four; IPv4 and MAC use fewer)

export class AddressTable {
  private kinds = new Uint8Array(1024)
  private words = new Uint32Array(1024 * WORDS)
  private slots = new Int32Array(2048).fill(0)
  private mask = 2047
  /** Number of ids handed out plus one (id 0 is reserved). */
  size = 1

  get count(): number {
    return this.size - 1
  }

  kind(id: number): AddrKind {
    return this.kinds[id] as AddrKind
  }

  /** Interns an IPv4 address given as a uint32 in network order (a.b.c.d => a<<24|...). */
  ipv4(addr: number): number {
    return this.intern(AddrKind.IPv4, addr >>> 0, 0, 0, 0)
  }

  /** Interns the 16-byte IPv6 address at buf[at]. The caller has checked bounds. */
  ipv6(buf: Uint8Array, at: number): number {
    return this.intern(AddrKind.IPv6, word(buf, at), word(buf, at + 4), word(buf, at + 8), word(buf, at + 12))
  }

  /** Interns the 6-byte MAC address at buf[at]. The caller has checked bounds. */
  mac(buf: Uint8Array, at: number): number {
    return this.intern(AddrKind.MAC, word(buf, at), ((buf[at + 4] << 8) | buf[at + 5]) >>> 0, 0, 0)
  }

  /** The uint32 of an IPv4 id (0 for other kinds). */
  ipv4Value(id: number): number {
    return this.kinds[id] === AddrKind.IPv4 ? this.words[id * WORDS] : 0
  }

  /** Human-readable form: dotted quad, RFC 5952 IPv6, or colon-separated MAC. */
  format(id: number): string {
    const k = this.kinds[id]
    const o = id * WORDS
    const w = this.words
    if (k === AddrKind.IPv4) return formatIPv4(w[o])
    if (k === AddrKind.IPv6) return formatIPv6(w[o], w[o + 1], w[o + 2], w[o + 3])
    if (k === AddrKind.MAC) {
      const bytes = [w[o] >>> 24, (w[o] >>> 16) & 255, (w[o] >>> 8) & 255, w[o] & 255, w[o + 1] >>> 8, w[o + 1] & 255]
      return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':')
    }
    return ''
  }

  private intern(kind: AddrKind, a: number, b: number, c: number, d: number): number {
    let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b) ^ Math.imul(d, 0xc2b2ae35) ^ kind, 0x27d4eb2f)
    h ^= h >>> 15
    const slots = this.slots
    const mask = this.mask
    const w = this.words
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const id = slots[i]
      if (id === 0) {
        const nid = this.size++
        if (nid >= this.kinds.length) this.growEntries()
        this.kinds[nid] = kind
        const o = nid * WORDS
        this.words[o] = a
        this.words[o + 1] = b
        this.words[o + 2] = c
        this.words[o + 3] = d
        slots[i] = nid
        if (this.size * 2 > mask) this.rehash()
        return nid
      }
      const o = id * WORDS
      if (w[o] === a && w[o + 1] === b && w[o + 2] === c && w[o + 3] === d && this.kinds[id] === kind) return id
    }
  }

  private growEntries(): void {
    const kinds = new Uint8Array(this.kinds.length * 2)
    kinds.set(this.kinds)
    const words = new Uint32Array(this.words.length * 2)
    words.set(this.words)
    this.kinds = kinds
    this.words = words
  }

  private rehash(): void {
    const cap = this.slots.length * 2
    const slots = new Int32Array(cap)
    const mask = cap - 1
    const w = this.words
    for (let id = 1; id < this.size; id++) {
      const o = id * WORDS
      let h = Math.imul(w[o] ^ Math.imul(w[o + 1], 0x9e3779b1) ^ Math.imul(w[o + 2], 0x85ebca6b) ^ Math.imul(w[o + 3], 0xc2b2ae35) ^ this.kinds[id], 0x27d4eb2f)
      h ^= h >>> 15
      let i = h & mask
      while (slots[i] !== 0) i = (i + 1) & mask
      slots[i] = id
    }
    this.slots = slots
    this.mask = mask
  }
}

function word(buf: Uint8Array, at: number): number {
  return ((buf[at] << 24) | (buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3]) >>> 0
}

export function formatIPv4(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`
}

/** RFC 5952: lower case, leading zeros dropped, the longest run (>1) of zero groups shortened to "::". */
export function formatIPv6(a: number, b: number, c: number, d: number): string {
  const g = [a >>> 16, a & 0xffff, b >>> 16, b & 0xffff, c >>> 16, c & 0xffff, d >>> 16, d & 0xffff]
  let bestStart = -1
  let bestLen = 1
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue }
    let j = i
    while (j < 8 && g[j] === 0) j++
    if (j - i > bestLen) { bestStart = i; bestLen = j - i }
    i = j
  }
  const hex = g.map((x) => x.toString(16))
  if (bestStart < 0) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`
}
