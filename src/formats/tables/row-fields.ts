/**
 * One row of a table as the row reader hands it over: fields are byte ranges of the UTF-8 input (no string is
 * made until a field is asked for). Plain decimal fields also arrive already read as numbers, so the dialects'
 * number columns cost no string at all, and short values that repeat (protocols, states, labels) are decoded once
 * and then found by their bytes (ByteTextCache). A RowFields object is reused for every row: it is valid only
 * during the sink's row() call.
 */
import { ByteTextCache } from '../../lib/byte-text-cache.ts'

const QUOTE = 34
/** Values of RowFields.plain. */
export const PLAIN = 1
export const ESCAPED = 2
/** Values up to this many bytes are remembered by their bytes. */
const CACHED_BYTES = 48

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })

/** The text of bytes[start, end): ASCII is built directly, anything else goes through the UTF-8 decoder. */
export function decodeBytes(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start
  if (n <= 0) return ''
  if (n <= 16) {
    let s = ''
    for (let i = start; i < end; i++) {
      const b = bytes[i]
      if (b >= 0x80) return utf8.decode(bytes.subarray(start, end))
      s += String.fromCharCode(b)
    }
    return s
  }
  return utf8.decode(bytes.subarray(start, end))
}

export class RowFields {
  /** Number of fields in this row. */
  count = 0
  /** 1-based line of the file where the row begins. */
  line = 0
  /** The bytes the ranges point into. */
  bytes: Uint8Array = new Uint8Array(0)
  /** Start and end of each field in `bytes` (for a quoted field, of its content without the quotes). */
  readonly starts: Int32Array
  readonly ends: Int32Array
  /**
   * The field read as a plain decimal (digits, one '.', a leading '-', at most 18 significant digits and 22
   * after the dot), exactly as Number() reads its text; NaN otherwise (and for the rare value too close to a
   * rounding boundary to decide without the platform parser).
   */
  readonly simple: Float64Array
  /**
   * What each field is: PLAIN (1) a plain decimal (digits, at most one '.', a leading '-') of any length;
   * ESCAPED (2) a quoted field whose text must be rebuilt from its raw bytes (doubled quotes or text after the
   * closing quote; its range then covers the opening quote); 0 any other text.
   */
  readonly plain: Uint8Array
  private readonly array: string[] = []
  private readonly cache = new ByteTextCache(10, CACHED_BYTES)

  constructor(readonly capacity: number) {
    this.starts = new Int32Array(capacity)
    this.ends = new Int32Array(capacity)
    this.simple = new Float64Array(capacity)
    this.plain = new Uint8Array(capacity)
  }

  /** Forgets the row (the reader calls this after the sink has seen it). */
  clear(): void {
    this.count = 0
  }

  /** The text of field i ('' past the end of the row). */
  field(i: number): string {
    if (i >= this.count || i < 0) return ''
    const s = this.starts[i]
    const e = this.ends[i]
    if (this.plain[i] === ESCAPED) return unescapeQuoted(this.bytes, s, e)
    if (e - s > CACHED_BYTES) return decodeBytes(this.bytes, s, e)
    const known = this.cache.get(this.bytes, s, e)
    if (known !== null) return known
    const text = decodeBytes(this.bytes, s, e)
    this.cache.store(this.bytes, s, e, text)
    return text
  }

  /** Length of field i in bytes (0 exactly when the field is empty), without making its string. */
  length(i: number): number {
    if (i >= this.count || i < 0) return 0
    return this.plain[i] === ESCAPED ? this.field(i).length : this.ends[i] - this.starts[i]
  }

  /** True when field i is exactly `word` (compared in place). */
  equals(i: number, word: string): boolean {
    if (i >= this.count || i < 0) return word.length === 0
    if (this.plain[i] === ESCAPED) return this.field(i) === word
    const s = this.starts[i]
    const n = this.ends[i] - s
    const b = this.bytes
    if (n !== word.length) return hasNonAscii(word) && this.field(i) === word
    for (let j = 0; j < n; j++) {
      const c = word.charCodeAt(j)
      if (c >= 0x80) return this.field(i) === word
      if (b[s + j] !== c) return false
    }
    return true
  }

  /** The row as an array of strings; the same array is reused for the next row. */
  toArray(): string[] {
    const a = this.array
    for (let i = 0; i < this.count; i++) a[i] = this.field(i)
    a.length = this.count
    return a
  }
}

function hasNonAscii(word: string): boolean {
  for (let j = 0; j < word.length; j++) if (word.charCodeAt(j) >= 0x80) return true
  return false
}

/**
 * The text of a quoted field from its raw bytes (opening quote first): a doubled quote is one quote, the closing
 * quote is dropped and whatever follows it is kept as it is (Python's csv does the same).
 */
function unescapeQuoted(bytes: Uint8Array, start: number, end: number): string {
  const out = new Uint8Array(end - start)
  let o = 0
  let quoted = true
  for (let i = start + 1; i < end; i++) {
    const c = bytes[i]
    if (quoted && c === QUOTE) {
      if (i + 1 < end && bytes[i + 1] === QUOTE) {
        out[o++] = QUOTE
        i++
      } else quoted = false
      continue
    }
    out[o++] = c
  }
  return decodeBytes(out, 0, o)
}
