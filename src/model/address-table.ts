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

/** A run of consecutive address table entries (AddressTable.entriesFrom / appendEntries). */
export interface AddressEntries {
  readonly first: number
  readonly kinds: Uint8Array<ArrayBuffer>
  /** Four int32 words per entry. */
  readonly words: Int32Array<ArrayBuffer>
}

const WORDS = 4 // an entry is 4 words (IPv6 needs all four; IPv4 and MAC use fewer)
/** Entries of the direct-mapped caches in front of the table for IPv4 and MAC addresses (a power of two). */
const CACHE_BITS = 12
const CACHE_SHIFT = 32 - CACHE_BITS
/** Entries of the IPv6 cache (fewer: an entry is 32 bytes). */
const V6_CACHE_BITS = 10
const V6_CACHE_SHIFT = 32 - V6_CACHE_BITS

export class AddressTable {
  private kinds = new Uint8Array(1024)
  /**
   * The address words of each id, stored as int32 (the same 32 bits as the uint32 words): values above 2^31
   * would otherwise be passed between functions as boxed heap numbers on every packet.
   */
  private words = new Int32Array(1024 * WORDS)
  private slots = new Int32Array(2048).fill(0)
  private mask = 2047
  /**
   * Direct-mapped caches (address -> id) consulted before the hash table: a packet's addresses are nearly always
   * ones seen a moment ago, and a hit costs one multiply and two loads. Id 0 marks an empty entry.
   * An entry's words sit side by side (IPv4: key, id; MAC: high word, low word, id, unused), so a lookup touches
   * one cache line rather than one per array: with many hosts the caches outgrow L1, and separate key and id
   * arrays made a hit cost two or three cache misses.
   */
  private readonly v4Cache = new Int32Array(2 << CACHE_BITS)
  private readonly macCache = new Int32Array(4 << CACHE_BITS)
  /** IPv6: the four words and the id, in 8-word entries (two to a cache line). */
  private readonly v6Cache = new Int32Array(8 << V6_CACHE_BITS)
  /** Number of ids handed out plus one (id 0 is reserved). */
  size = 1

  get count(): number {
    return this.size - 1
  }

  kind(id: number): AddrKind {
    return this.kinds[id] as AddrKind
  }

  /** Interns an IPv4 address given as a uint32 or an int32 (the same 32 bits) in network order (a.b.c.d => a<<24|...). */
  ipv4(addr: number): number {
    const a = addr | 0
    const c = (Math.imul(a, 0x9e3779b1) >>> CACHE_SHIFT) << 1
    const cache = this.v4Cache
    if (cache[c] === a) {
      const id = cache[c + 1]
      if (id !== 0) return id
    }
    const id = this.intern(AddrKind.IPv4, a, 0, 0, 0)
    cache[c] = a
    cache[c + 1] = id
    return id
  }

  /** Interns the 16-byte IPv6 address at buf[at]. The caller has checked bounds. Cached like ipv4 and mac. */
  ipv6(buf: Uint8Array, at: number): number {
    const a = word(buf, at)
    const b = word(buf, at + 4)
    const c = word(buf, at + 8)
    const d = word(buf, at + 12)
    const h = Math.imul(a ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35) ^ Math.imul(d, 0x27d4eb2f), 0x9e3779b1)
    const e = (h >>> V6_CACHE_SHIFT) << 3
    const cache = this.v6Cache
    if (cache[e + 3] === d && cache[e + 2] === c && cache[e + 1] === b && cache[e] === a) {
      const id = cache[e + 4]
      if (id !== 0) return id
    }
    const id = this.intern(AddrKind.IPv6, a, b, c, d)
    cache[e] = a
    cache[e + 1] = b
    cache[e + 2] = c
    cache[e + 3] = d
    cache[e + 4] = id
    return id
  }

  /** Interns the 6-byte MAC address at buf[at]. The caller has checked bounds. */
  mac(buf: Uint8Array, at: number): number {
    const hi = word(buf, at)
    const lo = (buf[at + 4] << 8) | buf[at + 5]
    const c = (Math.imul(hi ^ Math.imul(lo, 0x85ebca6b), 0x9e3779b1) >>> CACHE_SHIFT) << 2
    const cache = this.macCache
    if (cache[c] === hi && cache[c + 1] === lo) {
      const id = cache[c + 2]
      if (id !== 0) return id
    }
    const id = this.intern(AddrKind.MAC, hi, lo, 0, 0)
    cache[c] = hi
    cache[c + 1] = lo
    cache[c + 2] = id
    return id
  }

  /**
   * The entries with ids from `first` to the last one, as plain typed arrays (copies): what another thread needs
   * to keep an identical table with appendEntries (analysis/pipeline).
   */
  entriesFrom(first: number): AddressEntries {
    const from = Math.max(1, Math.min(first, this.size))
    return { first: from, kinds: this.kinds.slice(from, this.size), words: this.words.slice(from * WORDS, this.size * WORDS) }
  }

  /**
   * Appends entries exported by another table's entriesFrom, which must continue this table exactly (e.first ===
   * this.size), so every id means the same address on both sides. Returns false when it does not (or when an
   * entry is invalid or repeats one already present; entries before it are then kept).
   */
  appendEntries(e: AddressEntries): boolean {
    const n = e.kinds.length
    if (e.first !== this.size || e.words.length !== n * WORDS) return false
    for (let i = 0; i < n; i++) {
      const o = i * WORDS
      const kind = e.kinds[i]
      if (kind !== AddrKind.IPv4 && kind !== AddrKind.IPv6 && kind !== AddrKind.MAC) return false
      // A duplicate would map to an older id and the two tables would disagree from here on.
      if (this.intern(kind, e.words[o], e.words[o + 1], e.words[o + 2], e.words[o + 3]) !== e.first + i) return false
    }
    return true
  }

  /** The uint32 of an IPv4 id (0 for other kinds). */
  ipv4Value(id: number): number {
    return this.kinds[id] === AddrKind.IPv4 ? this.words[id * WORDS] >>> 0 : 0
  }

  /** Human-readable form: dotted quad, RFC 5952 IPv6, or colon-separated MAC. */
  format(id: number): string {
    const k = this.kinds[id]
    const o = id * WORDS
    const w = this.words
    if (k === AddrKind.IPv4) return formatIPv4(w[o] >>> 0)
    if (k === AddrKind.IPv6) return formatIPv6(w[o] >>> 0, w[o + 1] >>> 0, w[o + 2] >>> 0, w[o + 3] >>> 0)
    if (k === AddrKind.MAC) {
      const bytes = [w[o] >>> 24, (w[o] >>> 16) & 255, (w[o] >>> 8) & 255, w[o] & 255, (w[o + 1] >>> 8) & 255, w[o + 1] & 255]
      return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':')
    }
    return ''
  }

  /** The id of the address with these words (int32), added when new. */
  private intern(kind: AddrKind, a: number, b: number, c: number, d: number): number {
    const slots = this.slots
    const mask = this.mask
    const w = this.words
    for (let i = addressHash(kind, a, b, c, d) & mask; ; i = (i + 1) & mask) {
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
    const words = new Int32Array(this.words.length * 2)
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
      let i = addressHash(this.kinds[id], w[o], w[o + 1], w[o + 2], w[o + 3]) & mask
      while (slots[i] !== 0) i = (i + 1) & mask
      slots[i] = id
    }
    this.slots = slots
    this.mask = mask
  }
}

function addressHash(kind: number, a: number, b: number, c: number, d: number): number {
  const h = Math.imul(a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b) ^ Math.imul(d, 0xc2b2ae35) ^ kind, 0x27d4eb2f)
  return h ^ (h >>> 15)
}

/** The big-endian word at buf[at], as an int32. */
function word(buf: Uint8Array, at: number): number {
  return (buf[at] << 24) | (buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3]
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
