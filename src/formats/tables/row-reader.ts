/**
 * A streaming CSV/TSV row reader after RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): quoted fields, doubled
 * quotes, line breaks inside quotes, CRLF / CR / LF line ends, a UTF-8 byte order mark, any delimiter. It runs on
 * char codes and string slices only (no eval, no new Function), so it works under a strict Content-Security-Policy
 * where d3.csvParse does not (shared/RELIABILITY.md row 39).
 *
 * Input arrives as byte slices of any size; UTF-8 is decoded with TextDecoder in stream mode (a character split
 * across slices is carried by the decoder) and every character is looked at once, whatever the slice size.
 * Where RFC 4180 leaves a case open the reader does what Python's csv module does (a quote inside an unquoted field
 * is a literal; text after a closing quote is appended), so Python can serve as the independent oracle.
 *
 * Limits keep hostile input bounded: a field over maxFieldChars or a row with more than maxFields fields is
 * rejected (reported to the sink, reading goes on); a row over maxRowChars stops the read with a TableError naming
 * the line the row began on, so an unbalanced quote cannot swallow the rest of a large file.
 */
import { RowFields } from './row-fields.ts'

export type Delimiter = ',' | '\t' | ';' | '|' | 'whitespace'

export interface RowReaderOptions {
  /** Field separator; 'whitespace' splits on runs of spaces and tabs and ignores them at line starts and ends. */
  readonly delimiter?: Delimiter
  /** Whether '"' starts a quoted field (false for Zeek TSV, which escapes instead). */
  readonly quotes?: boolean
  readonly maxFieldChars?: number
  readonly maxRowChars?: number
  readonly maxFields?: number
}

export const DEFAULT_MAX_FIELD_CHARS = 64 * 1024
export const DEFAULT_MAX_ROW_CHARS = 1024 * 1024
export const DEFAULT_MAX_FIELDS = 16 * 1024

/** Why a row was skipped (the read goes on). */
export type RowRejectReason = 'field-too-long' | 'too-many-fields' | 'unterminated-quote'

export type TableErrorCode = 'row-too-long' | 'line-too-long'

/** A problem that stops reading a table; `line` is the 1-based line where the offending row began. */
export class TableError extends Error {
  constructor(readonly code: TableErrorCode, message: string, readonly line: number) {
    super(message)
    this.name = 'TableError'
  }
}

/** Receives rows; a row object is valid only during the call. */
export interface RowSink {
  /** Return false to stop reading. */
  row(row: RowFields): boolean | void
  reject(line: number, reason: RowRejectReason): void
}

const LF = 10
const CR = 13
const QUOTE = 34
const SPACE = 32
const TAB = 9
const DOT = 46
const MINUS = 45

const enum State {
  /** At the start of a field (or of a row). */
  Start,
  /** Inside an unquoted field. */
  Plain,
  /** Inside a quoted field. */
  Quoted,
  /** Just after a quote inside a quoted field: a doubled quote, the field's end, or stray text follows. */
  QuoteSeen,
}

export class RowReader {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false })
  private readonly store: RowFields
  private readonly delim: number
  private readonly delim2: number
  private readonly whitespace: boolean
  private readonly quotes: boolean
  private readonly maxField: number
  private readonly maxRow: number

  private state = State.Start
  private text = ''
  /** Physical line (1-based) the scanner is on; counts line breaks inside quoted fields too. */
  private line = 1
  /** A CR ended the last row: a following LF belongs to the same line end. */
  private skipLF = false
  /** The previous character inside a quoted field was a CR (so a following LF is not a new line). */
  private quotedCR = false
  /** A delimiter was the last thing consumed: a line end now closes one more (empty) field. */
  private afterDelim = false
  private rejecting: RowRejectReason | null = null
  private stopped = false

  private rowLine = 1
  /** Index in `text` where the current row began (0 when it began in an earlier slice). */
  private rowStart = 0
  /** Characters of the current row in earlier slices. */
  private rowCarried = 0
  /** Index in `text` past which the current row exceeds maxRow. */
  private rowLimit = 0

  /** Start in `text` of the current field's pending segment. */
  private fStart = 0
  /** Earlier parts of the current field (earlier slices, text before a doubled quote). */
  private fBuf = ''
  private fPieces = false
  /** End in `text` of the quoted content when a closing quote was seen. */
  private qEnd = 0
  // The current unquoted field read as a plain decimal while it is scanned (digits, one '.', a leading '-').
  private nMantissa = 0
  private nDigits = 0
  private nDot = -1
  private nNegative = false
  private nOk = true

  /** Rows delivered and rejected so far. */
  rows = 0
  rejected = 0

  constructor(private readonly sink: RowSink, options: RowReaderOptions = {}) {
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

  /** True once the sink asked to stop. */
  get done(): boolean {
    return this.stopped
  }

  /** The line the scanner has reached (1-based). */
  get currentLine(): number {
    return this.line
  }

  /** Feeds the next slice of UTF-8 bytes. Throws TableError when a row exceeds the row cap. */
  push(bytes: Uint8Array): void {
    if (this.stopped) return
    this.pushText(this.decoder.decode(bytes, { stream: true }))
  }

  /** Feeds already decoded text (the BOM, if any, must already be gone). */
  pushText(text: string): void {
    if (this.stopped || text.length === 0) return
    this.text = text
    this.store.text = text
    this.rowStart = 0
    this.rowLimit = this.maxRow - this.rowCarried
    if (this.state !== State.Start || this.store.count > 0 || this.afterDelim) this.fStart = 0
    const n = text.length
    let i = 0
    while (i < n && !this.stopped) {
      switch (this.state) {
        case State.Start:
          i = this.atFieldStart(text, i)
          break
        case State.Plain:
          i = this.scanPlain(text, i, n)
          break
        case State.Quoted:
          i = this.scanQuoted(text, i, n)
          break
        case State.QuoteSeen:
          i = this.afterQuote(text, i)
          break
      }
    }
    if (!this.stopped) this.carryOver(n)
  }

  /** Ends the input: flushes the decoder and closes a last row that has no line end. */
  end(): void {
    if (this.stopped) return
    this.pushText(this.decoder.decode())
    if (this.stopped) return
    this.text = ''
    this.store.text = ''
    this.fStart = 0
    this.qEnd = 0
    if (this.state === State.Quoted) {
      this.rejecting = 'unterminated-quote'
      this.finishRow()
    } else if (this.state !== State.Start) {
      this.endField(this.state === State.QuoteSeen ? this.qEnd : 0)
      this.finishRow()
    } else if (this.store.count > 0 || this.afterDelim) {
      if (this.afterDelim) this.endField(0)
      this.finishRow()
    }
    this.state = State.Start
  }

  private atFieldStart(t: string, i: number): number {
    const c = t.charCodeAt(i)
    if (this.skipLF) {
      this.skipLF = false
      if (c === LF) {
        this.rowStart = i + 1
        this.rowLimit = this.rowStart + this.maxRow
        return i + 1
      }
    }
    if (c === LF || c === CR) return this.lineEnd(t, i, c)
    if (c === this.delim || c === this.delim2) {
      if (this.whitespace) return i + 1
      this.fStart = i
      this.nOk = false
      this.endField(i)
      this.afterDelim = true
      return i + 1
    }
    this.fStart = i
    this.fBuf = ''
    this.fPieces = false
    if (c === QUOTE && this.quotes) {
      this.fStart = i + 1
      this.quotedCR = false
      this.state = State.Quoted
      return i + 1
    }
    this.nMantissa = 0
    this.nDigits = 0
    this.nDot = -1
    this.nOk = true
    this.nNegative = c === MINUS
    this.state = State.Plain
    return this.nNegative ? i + 1 : i
  }

  /**
   * The hot loop: scans unquoted fields, reading each as a number on the way, and runs on from one plain field
   * to the next without leaving the loop; anything unusual (quotes, line ends, long fields) takes the slow path.
   */
  private scanPlain(t: string, i: number, n: number): number {
    const lim = n < this.rowLimit ? n : this.rowLimit
    const d1 = this.delim
    const d2 = this.delim2
    const s = this.store
    const starts = s.starts
    const ends = s.ends
    const simple = s.simple
    const lastSlot = s.capacity - 1
    const maxField = this.maxField
    const fast = !this.whitespace && this.rejecting === null && !this.fPieces
    let k = s.count
    let fStart = this.fStart
    let negative = this.nNegative
    let m = this.nMantissa
    let digits = this.nDigits
    let dot = this.nDot
    let ok = this.nOk
    for (;;) {
      for (; i < lim; i++) {
        const c = t.charCodeAt(i)
        const x = c - 48
        if (x >= 0 && x <= 9) {
          m = m * 10 + x
          digits++
          continue
        }
        if (c === d1 || c === d2 || c === LF || c === CR) break
        if (c === DOT && dot < 0) dot = digits
        else ok = false
      }
      if (i >= lim || !fast || k >= lastSlot || i - fStart > maxField || i + 1 >= lim || t.charCodeAt(i) !== d1) break
      // Fast path: a plain field closed by the delimiter, and the next field starts right after it.
      starts[k] = fStart
      ends[k] = i
      if (ok && digits > 0 && digits <= 15) {
        const v = dot < 0 || dot === digits ? m : m / POW10[digits - dot]
        simple[k] = negative ? -v : v
      } else simple[k] = NaN
      k++
      const next = t.charCodeAt(++i)
      if (next === QUOTE || next === d1 || next === LF || next === CR) {
        s.count = k
        this.afterDelim = true
        this.state = State.Start
        return i
      }
      fStart = i
      m = 0
      digits = 0
      dot = -1
      ok = true
      negative = next === MINUS
      if (negative) i++
    }
    s.count = k
    this.fStart = fStart
    this.nNegative = negative
    this.nMantissa = m
    this.nDigits = digits
    this.nDot = dot
    this.nOk = ok
    if (i >= lim) {
      if (lim < n) this.rowTooLong()
      return i
    }
    this.endField(i)
    return this.afterField(t, i)
  }

  private scanQuoted(t: string, i: number, n: number): number {
    const lim = n < this.rowLimit ? n : this.rowLimit
    let cr = this.quotedCR
    for (; i < lim; i++) {
      const c = t.charCodeAt(i)
      if (c === QUOTE) break
      if (c === LF) {
        if (!cr) this.line++
        cr = false
      } else if (c === CR) {
        this.line++
        cr = true
      } else cr = false
    }
    this.quotedCR = cr
    if (i >= lim) {
      if (lim < n) this.rowTooLong()
      return i
    }
    this.qEnd = i
    this.state = State.QuoteSeen
    return i + 1
  }

  private afterQuote(t: string, i: number): number {
    const c = t.charCodeAt(i)
    if (c === QUOTE) {
      // A doubled quote: keep the text so far plus one quote, continue the quoted field after the pair.
      this.appendPiece(t, this.fStart, this.qEnd)
      if (this.rejecting === null) this.fBuf += '"'
      this.fStart = i + 1
      this.quotedCR = false
      this.state = State.Quoted
      return i + 1
    }
    if (c === this.delim || c === this.delim2 || c === LF || c === CR) {
      this.nOk = false
      this.endField(this.qEnd)
      return this.afterField(t, i)
    }
    // Text after the closing quote: appended as it is (Python's csv does the same when not strict).
    this.appendPiece(t, this.fStart, this.qEnd)
    this.fStart = i
    this.nOk = false
    this.nDot = -1
    this.state = State.Plain
    return i
  }

  /** Consumes the delimiter or line end that closed a field. */
  private afterField(t: string, i: number): number {
    const c = t.charCodeAt(i)
    this.state = State.Start
    if (c === LF || c === CR) {
      this.afterDelim = false
      return this.lineEnd(t, i, c)
    }
    this.afterDelim = !this.whitespace
    return i + 1
  }

  private lineEnd(t: string, i: number, c: number): number {
    if (this.afterDelim) {
      // "a,b," ends with one more, empty, field.
      this.fStart = i
      this.fPieces = false
      this.endField(i)
    }
    this.finishRow()
    this.line++
    this.rowLine = this.line
    let next = i + 1
    if (c === CR) {
      if (next < t.length) {
        if (t.charCodeAt(next) === LF) next++
      } else this.skipLF = true
    }
    this.rowStart = next
    this.rowLimit = next + this.maxRow
    this.rowCarried = 0
    return next
  }

  private appendPiece(t: string, from: number, to: number): void {
    if (this.rejecting !== null) return
    this.fBuf = this.fPieces ? this.fBuf + t.slice(from, to) : t.slice(from, to)
    this.fPieces = true
    if (this.fBuf.length > this.maxField) this.reject('field-too-long')
  }

  private endField(end: number): void {
    const s = this.store
    this.afterDelim = false
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
    s.count = k + 1
  }

  /** The value of the field just scanned when it was a plain decimal of at most 15 digits, else NaN. */
  private plainNumber(): number {
    const digits = this.nDigits
    if (!this.nOk || this.state !== State.Plain || digits === 0 || digits > 15) return NaN
    const dot = this.nDot
    const v = dot < 0 || dot === digits ? this.nMantissa : this.nMantissa / POW10[digits - dot]
    return this.nNegative ? -v : v
  }

  private reject(reason: RowRejectReason): void {
    if (this.rejecting === null) this.rejecting = reason
    this.fBuf = ''
    this.fPieces = false
  }

  private finishRow(): void {
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
    s.count = 0
    this.rejecting = null
    this.afterDelim = false
    this.fBuf = ''
    this.fPieces = false
  }

  /** At the end of a slice: the row in progress keeps its completed fields and the current field's text. */
  private carryOver(n: number): void {
    const s = this.store
    const t = this.text
    for (let k = 0; k < s.count; k++) {
      if (s.starts[k] >= 0) {
        s.values[k] = t.slice(s.starts[k], s.ends[k])
        s.starts[k] = -1
      }
    }
    if (this.state === State.Plain || this.state === State.Quoted) this.appendPiece(t, this.fStart, n)
    else if (this.state === State.QuoteSeen) {
      this.appendPiece(t, this.fStart, this.qEnd)
      this.qEnd = 0
    }
    const inRow = this.state !== State.Start || s.count > 0 || this.afterDelim || this.rejecting !== null
    this.rowCarried = inRow ? this.rowCarried + (n - this.rowStart) : 0
  }

  private rowTooLong(): never {
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

const POW10 = new Float64Array(16)
for (let i = 0, p = 1; i < 16; i++, p *= 10) POW10[i] = p
