/**
 * Interned strings for the table batches: each distinct value (address, protocol, service, state, label) is
 * stored once and rows hold its id. Tables are append-only, so ids handed out stay valid for the whole read.
 * Both the length of a value and the number of distinct values are capped, so a hostile table with a new long
 * value on every row costs a bounded amount of memory beyond its own size.
 */
import type { RowFields } from './row-fields.ts'

export const MAX_INTERNED_LENGTH = 256
export const MAX_DISTINCT_STRINGS = 1 << 24

/** Shortens a value to `max` characters, marking the cut. */
export function capLength(s: string, max = MAX_INTERNED_LENGTH): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…'
}

export class StringTable {
  /** strings[0] is '' (the "unknown" id). */
  readonly strings: string[] = ['']
  private readonly ids = new Map<string, number>()
  /** Values that did not get an id because the table was full (they read as unknown). */
  overflowed = 0

  constructor(private readonly maxDistinct = MAX_DISTINCT_STRINGS) {}

  /** The id of `s` ('' is 0), adding it when new. */
  intern(s: string): number {
    if (s.length === 0) return 0
    const id = this.ids.get(s)
    if (id !== undefined) return id
    const value = capLength(s)
    if (value !== s) {
      const capped = this.ids.get(value)
      if (capped !== undefined) return capped
    }
    if (this.strings.length >= this.maxDistinct) {
      this.overflowed++
      return 0
    }
    const fresh = this.strings.length
    this.strings.push(value)
    this.ids.set(value, fresh)
    if (value !== s) this.ids.set(s, fresh)
    return fresh
  }

  get size(): number {
    return this.strings.length - 1
  }
}

/**
 * Interns one column of a row, remembering the last value so a column that repeats itself (protocol, service,
 * state, label) makes no string at all on most rows.
 */
export class ColumnInterner {
  private last = ''
  private lastId = 0

  constructor(private readonly table: StringTable, private readonly transform?: (s: string) => string) {}

  /** Id of field i of `row` (0 when empty or absent). */
  id(row: RowFields, i: number): number {
    if (i < 0 || i >= row.count) return 0
    if (this.last.length > 0 && row.equals(i, this.last)) return this.lastId
    const raw = row.field(i)
    return this.idOf(raw)
  }

  /** Id of a value given as a string. */
  idOf(raw: string): number {
    if (raw === this.last && raw.length > 0) return this.lastId
    const id = this.table.intern(this.transform ? this.transform(raw) : raw)
    this.last = raw
    this.lastId = id
    return id
  }
}
