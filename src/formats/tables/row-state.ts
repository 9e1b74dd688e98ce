/**
 * The bookkeeping half of the row reader: the state of the row and field being read, and what happens when a
 * field or row ends, a slice ends in the middle of a row, or a limit is hit. row-reader.ts holds the scanning
 * half that drives it character by character.
 */
import { RowFields } from './row-fields.ts'
import type { RowReaderOptions, RowRejectReason, RowSink } from './row-types.ts'
import { DEFAULT_MAX_FIELD_CHARS, DEFAULT_MAX_FIELDS, DEFAULT_MAX_ROW_CHARS, TableError } from './row-types.ts'

export const LF = 10
export const CR = 13
export const QUOTE = 34
const SPACE = 32
const TAB = 9
export const DOT = 46
export const MINUS = 45

export const enum State {
  /** At the start of a field (or of a row). */
  Start,
  /** Inside an unquoted field. */
  Plain,
  /** Inside a quoted field. */
  Quoted,
  /** Just after a quote inside a quoted field: a doubled quote, the field's end, or stray text follows. */
  QuoteSeen,
}

/** Exact powers of ten for the plain-decimal fast path. */
export const POW10 = new Float64Array(16)
for (let i = 0, p = 1; i < 16; i++, p *= 10) POW10[i] = p

export abstract class RowState {
  protected readonly store: RowFields
  protected readonly delim: number
  protected readonly delim2: number
  protected readonly whitespace: boolean
  protected readonly quotes: boolean
  protected readonly maxField: number
  protected readonly maxRow: number

  protected state = State.Start
  protected text = ''
  /** Physical line (1-based) the scanner is on; counts line breaks inside quoted fields too. */
  protected line = 1
  /** A CR ended the last row: a following LF belongs to the same line end. */
  protected skipLF = false
  /** The previous character inside a quoted field was a CR (so a following LF is not a new line). */
  protected quotedCR = false
  /** A delimiter was the last thing consumed: a line end now closes one more (empty) field. */
  protected afterDelim = false
  protected rejecting: RowRejectReason | null = null
  protected stopped = false

  protected rowLine = 1
  /** Index in `text` where the current row began (0 when it began in an earlier slice). */
  protected rowStart = 0
  /** Characters of the current row in earlier slices. */
  protected rowCarried = 0
  /** Index in `text` past which the current row exceeds maxRow. */
  protected rowLimit = 0

  /** Start in `text` of the current field's pending segment. */
  protected fStart = 0
  /** Earlier parts of the current field (earlier slices, text before a doubled quote). */
  protected fBuf = ''
  protected fPieces = false
  /** Some field of the current row is held as a string in the store's values. */
  protected heldStrings = false
  /** The current field began in an earlier slice. */
  protected fContinued = false
  /** End in `text` of the quoted content when a closing quote was seen. */
  protected qEnd = 0
  // The current unquoted field read as a plain decimal while it is scanned (digits, one '.', a leading '-').
  protected nMantissa = 0
  protected nDigits = 0
  protected nDot = -1
  protected nNegative = false
  protected nOk = true

  /** Rows delivered and rejected so far. */
  rows = 0
  rejected = 0

  constructor(protected readonly sink: RowSink, options: RowReaderOptions = {}) {
    const d = options.delimiter ?? ','
    this.whitespace = d === 'whitespace'
    this.delim = this.whitespace ? SPACE : d.charCodeAt(0)
    this.delim2 = this.whitespace ? TAB : this.delim
    this.quotes = options.quotes ?? true
    this.maxField = options.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS
    this.maxRow = options.maxRowChars ?? DEFAULT_MAX_ROW_CHARS
    this.store = new RowFields(options.maxFields ?? DEFAULT_MAX_FIELDS)
    this.rowLimit = this.maxRow
  }

  protected appendPiece(t: string, from: number, to: number): void {
    if (this.rejecting !== null) return
    this.fBuf = this.fPieces ? this.fBuf + t.slice(from, to) : t.slice(from, to)
    this.fPieces = true
    if (this.fBuf.length > this.maxField) this.reject('field-too-long')
  }

  protected endField(end: number): void {
    const s = this.store
    this.afterDelim = false
    this.fContinued = false
    if (this.rejecting !== null) return
    const k = s.count
    if (k >= s.capacity) {
      this.reject('too-many-fields')
      return
    }
    if (this.fPieces) {
      const v = this.fBuf + this.text.slice(this.fStart, end)
      if (v.length > this.maxField) {
        this.reject('field-too-long')
        return
      }
      s.starts[k] = -1
      s.values[k] = v
      this.heldStrings = true
      this.fBuf = ''
      this.fPieces = false
    } else {
      if (end - this.fStart > this.maxField) {
        this.reject('field-too-long')
        return
      }
      s.starts[k] = this.fStart
      s.ends[k] = end
    }
    s.simple[k] = this.plainNumber()
    s.plain[k] = this.nOk && this.state === State.Plain && this.nDigits > 0 ? 1 : 0
    s.count = k + 1
  }

  /** The value of the field just scanned when it was a plain decimal of at most 9 digits, else NaN. */
  protected plainNumber(): number {
    const digits = this.nDigits
    if (!this.nOk || this.state !== State.Plain || digits === 0 || digits > 9) return NaN
    const dot = this.nDot
    const v = dot < 0 || dot === digits ? this.nMantissa : this.nMantissa / POW10[digits - dot]
    return this.nNegative ? -v : v
  }

  protected reject(reason: RowRejectReason): void {
    if (this.rejecting === null) this.rejecting = reason
    this.fBuf = ''
    this.fPieces = false
  }

  protected finishRow(): void {
    const s = this.store
    const rejected = this.rejecting
    if (rejected !== null) {
      this.rejected++
      this.sink.reject(this.rowLine, rejected)
    } else if (s.count > 0) {
      s.line = this.rowLine
      this.rows++
      if (this.sink.row(s) === false) this.stopped = true
    }
    // Strings kept for this row are let go, so a row of long quoted fields is not held until a wider row reuses
    // its slots.
    if (this.heldStrings) {
      s.values.length = 0
      this.heldStrings = false
    }
    s.count = 0
    this.rejecting = null
    this.afterDelim = false
    this.fBuf = ''
    this.fPieces = false
  }

  /** At the end of a slice: the row in progress keeps its completed fields and the current field's text. */
  protected carryOver(n: number): void {
    const s = this.store
    const t = this.text
    for (let k = 0; k < s.count; k++) {
      if (s.starts[k] >= 0) {
        s.values[k] = t.slice(s.starts[k], s.ends[k])
        s.starts[k] = -1
        this.heldStrings = true
      }
    }
    this.fContinued = this.state !== State.Start
    if (this.state === State.Plain || this.state === State.Quoted) this.appendPiece(t, this.fStart, n)
    else if (this.state === State.QuoteSeen) {
      this.appendPiece(t, this.fStart, this.qEnd)
      this.qEnd = 0
    }
    const inRow = this.state !== State.Start || s.count > 0 || this.afterDelim || this.rejecting !== null
    this.rowCarried = inRow ? this.rowCarried + (n - this.rowStart) : 0
  }

  protected rowTooLong(): never {
    this.stopped = true
    throw new TableError(
      'row-too-long',
      `line ${this.rowLine}: a row longer than ${this.maxRow.toLocaleString('en-US')} characters` +
        (this.state === State.Quoted ? ' (a quoted field that never closes: an unbalanced quote?)' : '') +
        '; reading stopped there',
      this.rowLine,
    )
  }
}
