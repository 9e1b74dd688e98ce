/**
 * A small direct-mapped cache from byte strings to the text made from them (an escaped DNS name, a TLS server
 * name). Packets repeat the same few names over and over; looking a name up by its bytes costs a hash and a
 * compare, where building its text costs a string per character, and a hit returns the one string already
 * made, so facts kept for the life of a flow share it instead of holding a copy each.
 *
 * Keys are compared byte for byte (a hash match alone is never trusted), so a hit returns exactly the text a
 * miss would build. Memory is fixed: 2^bits entries of at most `maxLength` key bytes; a new key evicts the one
 * in its entry.
 */
export class ByteTextCache {
  private readonly shift: number
  private readonly maxLength: number
  private readonly hashes: Int32Array
  /** Key length per entry; -1 when the entry is empty. */
  private readonly lengths: Int32Array
  private readonly texts: string[]
  /** Key bytes, maxLength per entry. */
  private readonly pool: Uint8Array

  constructor(bits = 10, maxLength = 256) {
    const n = 1 << bits
    this.shift = 32 - bits
    this.maxLength = maxLength
    this.hashes = new Int32Array(n)
    this.lengths = new Int32Array(n).fill(-1)
    this.texts = new Array<string>(n).fill('')
    this.pool = new Uint8Array(n * maxLength)
  }

  /** The text stored for the key bytes[start, end), or null (then build it and store() it). */
  get(bytes: Uint8Array, start: number, end: number): string | null {
    const len = end - start
    if (len < 0 || len > this.maxLength) return null
    const h = hashBytes(bytes, start, end)
    const e = h >>> this.shift
    if (this.lengths[e] !== len || this.hashes[e] !== h) return null
    const pool = this.pool
    const o = e * this.maxLength
    for (let i = 0; i < len; i++) if (pool[o + i] !== bytes[start + i]) return null
    return this.texts[e]
  }

  /** Remembers `text` for the key bytes[start, end) (keys longer than maxLength are not kept). */
  store(bytes: Uint8Array, start: number, end: number, text: string): void {
    const len = end - start
    if (len < 0 || len > this.maxLength) return
    const h = hashBytes(bytes, start, end)
    const e = h >>> this.shift
    this.hashes[e] = h
    this.lengths[e] = len
    this.texts[e] = text
    const pool = this.pool
    const o = e * this.maxLength
    for (let i = 0; i < len; i++) pool[o + i] = bytes[start + i]
  }
}

/** FNV-1a over the bytes, then a final avalanche so the top bits (the entry index) depend on every byte. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193)
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d)
  return h ^ (h >>> 12)
}
