/**
 * One row of a table as the row reader hands it over: fields are kept as ranges of the decoded text (no string is
 * made until a field is asked for) or, for fields that spanned slices or held doubled quotes, as strings. Plain
 * decimal fields also arrive already read as numbers, so the dialects' number columns cost no string at all.
 * A RowFields object is reused for every row: it is valid only during the sink's row() call.
 */
export class RowFields {
  /** Number of fields in this row. */
  count = 0
  /** 1-based line of the file where the row begins. */
  line = 0
  /** Decoded text the ranges point into. */
  text = ''
  /** Start of each field in `text`, or -1 when the field is held in `values`. */
  readonly starts: Int32Array
  readonly ends: Int32Array
  readonly values: string[] = []
  /** The field read as a plain decimal (digits, one '.', a leading '-', at most 9 digits), else NaN. */
  readonly simple: Float64Array
  /** 1 when the field is a plain decimal (digits, at most one '.', a leading '-') of any length, else 0. */
  readonly plain: Uint8Array
  private readonly array: string[] = []

  constructor(readonly capacity: number) {
    this.starts = new Int32Array(capacity)
    this.ends = new Int32Array(capacity)
    this.simple = new Float64Array(capacity)
    this.plain = new Uint8Array(capacity)
  }

  /** The text of field i ('' past the end of the row). */
  field(i: number): string {
    if (i >= this.count || i < 0) return ''
    const s = this.starts[i]
    return s < 0 ? this.values[i] : this.text.slice(s, this.ends[i])
  }

  /** Length of field i without making its string. */
  length(i: number): number {
    if (i >= this.count || i < 0) return 0
    const s = this.starts[i]
    return s < 0 ? this.values[i].length : this.ends[i] - s
  }

  /** True when field i is exactly `word` (compared in place). */
  equals(i: number, word: string): boolean {
    if (i >= this.count || i < 0) return word.length === 0
    const s = this.starts[i]
    if (s < 0) return this.values[i] === word
    const n = this.ends[i] - s
    if (n !== word.length) return false
    if (n > 24) return this.text.startsWith(word, s)
    // Short words (protocols, states, labels) compare faster in a loop than through startsWith.
    const t = this.text
    for (let j = 0; j < n; j++) if (t.charCodeAt(s + j) !== word.charCodeAt(j)) return false
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
