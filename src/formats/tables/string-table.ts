/**
 * Interned strings for the table batches: each distinct value (address, protocol, service, state, label) is
 * stored once and rows hold its id. Tables are append-only, so ids handed out stay valid for the whole read.
 * Values are found by an FNV-1a hash over their characters in an open-addressing table, so a value that repeats
 * can be looked up straight from the row's bytes without making a string (internBytes). Both the length of a
 * value and the number of distinct values are capped, so a hostile table with a new long value on every row
 * costs a bounded amount of memory beyond its own size.
 */
import { decodeBytes, ESCAPED, type RowFields } from './row-fields.ts'

export const MAX_INTERNED_LENGTH = 256
export const MAX_DISTINCT_STRINGS = 1 << 24

/**
 * A copy of `s` that does not keep the text it was cut from alive. A slice of a decoded 16 MiB slice is, in V8, a
 * view that holds the whole slice in memory; a value kept for the whole read (an interned address, a label, an
 * Info cell) must not pin every slice it came from. Prepending a character makes the engine copy the value into a
 * new flat string, of which the result is a view.
 */
export function detach(s: string): string {
  return s.length === 0 ? s : (' ' + s).slice(1)
}

/** Shortens a value to `max` characters, marking the cut. */
export function capLength(s: string, max = MAX_INTERNED_LENGTH): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…'
}

function hashRange(t: string, start: number, end: number): number {
  let h = 0x811c9dc5
  for (let i = start; i < end; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193)
  return h | 0
}

export class StringTable {
  /** strings[0] is '' (the "unknown" id). */
  readonly strings: string[] = ['']
  /** Per id: the hash, and where its characters sit in `pool` (length -1 when they are not all ASCII). */
  private hashes = new Int32Array(1024)
  private poolStart = new Int32Array(1024)
  private poolLength = new Int32Array(1024).fill(-1)
  /**
   * The ASCII values' characters, one after another: internBytes compares a row's bytes with these instead of
   * with the strings, which sit anywhere on the heap (a cache miss per lookup on a big table).
   */
  private pool = new Uint8Array(16 * 1024)
  private poolUsed = 0
  private slots = new Int32Array(1024)
  /** Values longer than the cap, by their full text (they are stored capped). */
  private readonly long = new Map<string, number>()
  /** Values that did not get an id because the table was full (they read as unknown). */
  overflowed = 0

  constructor(private readonly maxDistinct = MAX_DISTINCT_STRINGS) {}

  /** The id of `s` ('' is 0), adding it when new. */
  intern(s: string): number {
    return this.internRange(s, 0, s.length)
  }

  /** The id of t[start, end), adding it when new; makes a string only for a new value. */
  internRange(t: string, start: number, end: number): number {
    const n = end - start
    if (n <= 0) return 0
    if (n > MAX_INTERNED_LENGTH) return this.internLong(start === 0 && end === t.length ? t : t.slice(start, end))
    const h = hashRange(t, start, end)
    const mask = this.slots.length - 1
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]
      if (id === 0) return this.add(detach(t.slice(start, end)), h, slot)
      if (this.hashes[id] === h && sameText(this.strings[id], t, start, n)) return id
    }
  }

  /**
   * The id of the UTF-8 bytes[start, end), adding it when new. ASCII values are hashed and compared byte for
   * byte (the hash is the one internRange computes over the same characters), so a known value costs no string.
   */
  internBytes(bytes: Uint8Array, start: number, end: number): number {
    const n = end - start
    if (n <= 0) return 0
    let h = 0x811c9dc5
    for (let i = start; i < end; i++) {
      const b = bytes[i]
      if (b >= 0x80) return this.intern(decodeBytes(bytes, start, end))
      h = Math.imul(h ^ b, 0x01000193)
    }
    if (n > MAX_INTERNED_LENGTH) return this.internLong(decodeBytes(bytes, start, end))
    h |= 0
    const mask = this.slots.length - 1
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]
      if (id === 0) return this.add(decodeBytes(bytes, start, end), h, slot)
      if (this.hashes[id] === h && this.poolLength[id] === n && sameBytes(this.pool, this.poolStart[id], bytes, start, n)) return id
    }
  }

  private internLong(s: string): number {
    const known = this.long.get(s)
    if (known !== undefined) return known
    const capped = capLength(s)
    const id = this.intern(capped)
    if (id !== 0) this.long.set(s, id)
    return id
  }

  private add(value: string, h: number, slot: number): number {
    if (this.strings.length >= this.maxDistinct) {
      this.overflowed++
      return 0
    }
    const id = this.strings.length
    if (id >= this.hashes.length) this.growColumns(id * 2)
    this.strings.push(value)
    this.hashes[id] = h
    this.keepBytes(id, value)
    this.slots[slot] = id
    if (id * 2 > this.slots.length) this.grow()
    return id
  }

  /** Copies an ASCII value's characters into the pool (others are compared as strings only). */
  private keepBytes(id: number, value: string): void {
    const n = value.length
    for (let i = 0; i < n; i++) if (value.charCodeAt(i) >= 0x80) return
    if (this.poolUsed + n > this.pool.length) {
      // Grows with the distinct values actually seen (each came from the input, capped in length).
      const pool = new Uint8Array(Math.max(this.poolUsed + n, this.pool.length * 2))
      pool.set(this.pool.subarray(0, this.poolUsed))
      this.pool = pool
    }
    const at = this.poolUsed
    for (let i = 0; i < n; i++) this.pool[at + i] = value.charCodeAt(i)
    this.poolStart[id] = at
    this.poolLength[id] = n
    this.poolUsed = at + n
  }

  private growColumns(size: number): void {
    const hashes = new Int32Array(size)
    hashes.set(this.hashes)
    const starts = new Int32Array(size)
    starts.set(this.poolStart)
    const lengths = new Int32Array(size).fill(-1)
    lengths.set(this.poolLength)
    this.hashes = hashes
    this.poolStart = starts
    this.poolLength = lengths
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2)
    const mask = slots.length - 1
    for (let id = 1; id < this.strings.length; id++) {
      let slot = this.hashes[id] & mask
      while (slots[slot] !== 0) slot = (slot + 1) & mask
      slots[slot] = id
    }
    this.slots = slots
  }

  get size(): number {
    return this.strings.length - 1
  }
}

function sameText(s: string, t: string, start: number, n: number): boolean {
  if (s.length !== n) return false
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) !== t.charCodeAt(start + i)) return false
  return true
}

/** Values up to this long are remembered as the column's last value. */
const LAST_BYTES = 64

function sameBytes(pool: Uint8Array, at: number, bytes: Uint8Array, start: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (pool[at + i] !== bytes[start + i]) return false
  return true
}

/**
 * Interns one column of a row straight from the row's text. With a transform (protocol and service names are
 * normalised), the raw text is interned in a private table first and its transformed id remembered, so a value
 * seen before costs one hash lookup and no string.
 */
export class ColumnInterner {
  private readonly raw: StringTable | null
  private readonly transformed: number[] = [0]
  /** The bytes of the last value looked up (when short) and its id. */
  private readonly lastBytes = new Uint8Array(LAST_BYTES)
  private lastLength = -1
  private lastId = 0

  /** `unset` lists words that mean "no value" (Zeek's '-' and '(empty)'): they get id 0 without a lookup. */
  constructor(
    private readonly table: StringTable,
    private readonly transform?: (s: string) => string,
    private readonly unset: readonly string[] = [],
  ) {
    this.raw = transform ? new StringTable() : null
  }

  /** Id of field i of `row` (0 when empty, unset or absent). */
  id(row: RowFields, i: number): number {
    if (i < 0 || i >= row.count) return 0
    if (row.plain[i] === ESCAPED) return this.idOfText(row.field(i))
    const bytes = row.bytes
    const start = row.starts[i]
    const n = row.ends[i] - start
    // A column often repeats its last value (tcp, tcp, tcp): compare with it before hashing.
    const last = this.lastBytes
    if (n === this.lastLength) {
      let same = true
      for (let j = 0; j < n; j++)
        if (last[j] !== bytes[start + j]) {
          same = false
          break
        }
      if (same) return this.lastId
    }
    let id = 0
    if (!this.isUnset(row, i)) {
      id = (this.raw ?? this.table).internBytes(bytes, start, start + n)
      if (this.raw !== null) id = this.fromRaw(id)
    }
    if (n <= LAST_BYTES) {
      for (let j = 0; j < n; j++) last[j] = bytes[start + j]
      this.lastLength = n
      this.lastId = id
    }
    return id
  }

  private isUnset(row: RowFields, i: number): boolean {
    for (let u = 0; u < this.unset.length; u++) if (row.equals(i, this.unset[u])) return true
    return false
  }

  private idOfText(text: string): number {
    return this.unset.includes(text) ? 0 : this.idOf(text)
  }

  /** Id of a value given as a string. */
  idOf(value: string): number {
    if (this.raw === null) return this.table.intern(value)
    return this.fromRaw(this.raw.intern(value))
  }

  private fromRaw(rawId: number): number {
    if (rawId === 0) return 0
    let id = this.transformed[rawId]
    if (id === undefined) {
      const raw = this.raw?.strings[rawId] ?? ''
      id = this.table.intern(this.transform ? this.transform(raw) : raw)
      this.transformed[rawId] = id
    }
    return id
  }
}
