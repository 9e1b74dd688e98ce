/**
 * A streaming CSV/TSV row reader after RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): quoted fields, doubled
 * quotes, line breaks inside quotes, CRLF / CR / LF line ends, a UTF-8 byte order mark, any delimiter. It runs on
 * char codes and string slices only (no eval, no new Function), so it works under a strict Content-Security-Policy
 * where d3.csvParse does not (shared/RELIABILITY.md row 39).
 *
 * Input arrives as byte slices of any size; UTF-8 is decoded with TextDecoder slice by slice, a character split
 * across slices carried to the next (utf8-slices.ts), and every character is looked at once, whatever the slice
 * size. Fields are handed over as ranges of the decoded text (row-fields.ts); row-state.ts keeps the bookkeeping.
 * Where RFC 4180 leaves a case open the reader does what Python's csv module does (a quote inside an unquoted field
 * is a literal; text after a closing quote is appended), so Python can serve as the independent oracle.
 *
 * Limits keep hostile input bounded: a field over maxFieldChars or a row with more than maxFields fields is
 * rejected (reported to the sink, reading goes on); a row over maxRowChars stops the read with a TableError naming
 * the line the row began on, so an unbalanced quote cannot swallow the rest of a large file.
 */
import { CR, DOT, LF, MINUS, POW10, QUOTE, RowState, State } from './row-state.ts'
import { Utf8Slices } from './utf8-slices.ts'

export type { Delimiter, RowReaderOptions, RowRejectReason, RowSink, TableErrorCode } from './row-types.ts'
export { DEFAULT_MAX_FIELD_CHARS, DEFAULT_MAX_FIELDS, DEFAULT_MAX_ROW_CHARS, TableError } from './row-types.ts'

export class RowReader extends RowState {
  private readonly decoder = new Utf8Slices()

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
    this.pushText(this.decoder.decode(bytes))
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
    this.pushText(this.decoder.flush())
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
   * The hot loop: scans unquoted fields and reads each as a number on the way (in int32 arithmetic, so digits of
   * at most nine-digit numbers cost one multiply-add), running on from one plain field to the next without
   * leaving the loop. Line ends, quotes, long fields and full rows take the general path.
   */
  private scanPlain(t: string, i: number, n: number): number {
    const lim = n < this.rowLimit ? n : this.rowLimit
    const d1 = this.delim
    const d2 = this.delim2
    const s = this.store
    const starts = s.starts
    const ends = s.ends
    const simple = s.simple
    const plain = s.plain
    const lastSlot = s.capacity - 1
    const maxField = this.maxField
    const quotes = this.quotes
    const fast = !this.whitespace && this.rejecting === null && !this.fPieces
    let k = s.count
    let fStart = this.fStart
    // A field continued from the previous slice does not start at fStart (0): no sign or opening quote there.
    let fresh = !this.fContinued
    let negative = this.nNegative
    let m = this.nMantissa
    let digits = this.nDigits
    let dot = this.nDot
    let ok = this.nOk
    for (; i < lim; i++) {
      const c = t.charCodeAt(i)
      const x = (c - 48) >>> 0
      if (x <= 9) {
        m = (m * 10 + x) | 0
        digits++
        continue
      }
      if (c === d1) {
        // The general path handles a delimiter that ends the slice, so the next field starts in the Start state.
        if (!fast || k >= lastSlot || i - fStart > maxField || i + 1 >= lim) break
        // A plain field closed by the delimiter: store it and start the next one here.
        starts[k] = fStart
        ends[k] = i
        if (ok && digits > 0 && digits <= 9) {
          const v = dot < 0 || dot === digits ? m : m / POW10[digits - dot]
          simple[k] = negative ? -v : v
        } else simple[k] = NaN
        plain[k] = ok && digits > 0 ? 1 : 0
        k++
        fStart = i + 1
        fresh = true
        m = 0
        digits = 0
        dot = -1
        ok = true
        negative = false
        continue
      }
      if (c === LF || c === CR || c === d2) break
      if (i === fStart && fresh) {
        if (c === QUOTE && quotes) break
        if (c === MINUS) {
          negative = true
          continue
        }
      }
      if (c === DOT && dot < 0) dot = digits
      else ok = false
    }
    s.count = k
    this.fStart = fStart
    if (fresh) this.fContinued = false
    this.nNegative = negative
    this.nMantissa = m
    this.nDigits = digits
    this.nDot = dot
    this.nOk = ok
    if (i >= lim) {
      if (lim < n) this.rowTooLong()
      return i
    }
    if (i === fStart && fresh && t.charCodeAt(i) === QUOTE && quotes) {
      // A quoted field after a delimiter the fast path consumed.
      this.afterDelim = false
      this.fStart = i + 1
      this.quotedCR = false
      this.state = State.Quoted
      return i + 1
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
}
