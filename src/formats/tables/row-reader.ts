/**
 * A streaming CSV/TSV row reader after RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): quoted fields, doubled
 * quotes, line breaks inside quotes, CRLF / CR / LF line ends, a UTF-8 byte order mark, any delimiter. It scans
 * the UTF-8 bytes themselves (no eval, no new Function, so it works under a strict Content-Security-Policy where
 * d3.csvParse does not: shared/RELIABILITY.md row 39). Delimiters, quotes and line ends are ASCII, and no byte of
 * a multi-byte UTF-8 character is ever ASCII, so splitting bytes and decoding each field afterwards gives exactly
 * the fields of decoding first and splitting after; a field becomes a string only when a dialect asks for it
 * (row-fields.ts), and plain decimal fields (up to 18 significant digits) are read as numbers while they are scanned.
 *
 * Rows with a single-byte delimiter and no quoted field, nearly all of a large table, take a fast path first
 * (row-scan-unquoted.ts); anything unusual there is read again from the row's start by the general scanner here.
 *
 * Slices of any size: the bytes of a row that a slice cuts are carried and the row is scanned again from its start
 * once more bytes arrive, so the result never depends on where the cuts fall. A carried row is scanned again only
 * when the carried bytes have doubled (or passed the row cap), which keeps tiny slices linear.
 * Where RFC 4180 leaves a case open the reader does what Python's csv module does (a quote inside an unquoted field
 * is a literal; text after a closing quote is appended), so Python can serve as the independent oracle.
 *
 * Limits keep hostile input bounded (counted in bytes): a field over maxFieldChars or a row with more than maxFields
 * fields is rejected (reported to the sink, reading goes on); a row over maxRowChars stops the read with a
 * TableError naming the line the row began on, so an unbalanced quote cannot swallow the rest of a large file.
 */
import { CR, DOT, isBomPrefix, isBreak, LF, MINUS, QUOTE, SPACE, TAB } from './row-bytes.ts'
import { RUN_FULL, runsValue } from './row-decimal.ts'
import { scanUnquotedRow, UNUSUAL } from './row-scan-unquoted.ts'
import { ESCAPED, RowFields } from './row-fields.ts'
import type { RowReaderOptions, RowRejectReason, RowSink } from './row-types.ts'
import { DEFAULT_MAX_FIELD_CHARS, DEFAULT_MAX_FIELDS, DEFAULT_MAX_ROW_CHARS, TableError } from './row-types.ts'

export type { Delimiter, RowReaderOptions, RowRejectReason, RowSink, TableErrorCode } from './row-types.ts'
export { DEFAULT_MAX_FIELD_CHARS, DEFAULT_MAX_FIELDS, DEFAULT_MAX_ROW_CHARS, TableError } from './row-types.ts'

/** Returned by scanRow when the row continues past the bytes at hand. */
const INCOMPLETE = -1

const encoder = new TextEncoder()

export class RowReader {
  private readonly store: RowFields
  private readonly delim: number
  private readonly delim2: number
  private readonly whitespace: boolean
  private readonly quotes: boolean
  private readonly maxField: number
  private readonly maxRow: number
  /** The bytes not yet consumed: the start of an unfinished row, then the slices that arrived after it. */
  private pending = new Uint8Array(0)
  private pendingLength = 0
  /** Length of the unfinished row after the last scan: it is scanned again once the pending bytes doubled. */
  private lastTail = 0
  /** Physical line (1-based) where the next row begins; line breaks inside quoted fields count. */
  private line = 1
  /** A CR ended the last row at the end of the bytes: an LF that follows belongs to the same line end. */
  private skipLF = false
  private bomChecked = false
  private stopped = false
  private rejecting: RowRejectReason | null = null

  /**
   * Per column: read its plain decimals (NUMBER_VALUE), only mark them plain (NUMBER_KIND), or treat it as text
   * (0; columns past the end too); null reads every column. A hint for the fast path only: a value left out is
   * simple NaN (and plain 0 for text columns), which every reader of numbers (dialect.ts readNumber, readTime)
   * then parses strictly from the cell's text, so a wrong hint costs time, never a different value. Takes effect
   * from the next row.
   */
  numberColumns: Uint8Array | null = null

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
  }

  /** True once the sink asked to stop. */
  get done(): boolean {
    return this.stopped
  }

  /** The line the reader has reached (1-based): where the next row begins. */
  get currentLine(): number {
    return this.line
  }

  /** Feeds the next slice of UTF-8 bytes. Throws TableError when a row exceeds the row cap. */
  push(bytes: Uint8Array): void {
    if (this.stopped || bytes.length === 0) return
    if (this.pendingLength === 0) {
      // Nothing carried: scan the slice where it is and keep only the unfinished row at its end.
      const used = this.scan(bytes, bytes.length, false)
      if (!this.stopped) this.carry(bytes, used)
      return
    }
    this.append(bytes)
    const n = this.pendingLength
    if (n < 2 * this.lastTail && n <= this.maxRow) return
    const used = this.scan(this.pending, n, false)
    if (!this.stopped) this.carry(this.pending, used)
  }

  /** Feeds already decoded text (a byte order mark at its start is kept as text). */
  pushText(text: string): void {
    this.bomChecked = true
    this.push(encoder.encode(text))
  }

  /** Ends the input: closes a last row that has no line end. */
  end(): void {
    if (this.stopped) return
    this.scan(this.pending, this.pendingLength, true)
    this.pendingLength = 0
  }

  /** Keeps buf[used, n) (the start of an unfinished row) as the pending bytes. */
  private carry(buf: Uint8Array, used: number): void {
    const n = buf === this.pending ? this.pendingLength : buf.length
    if (buf === this.pending) {
      if (used > 0) buf.copyWithin(0, used, n)
      this.pendingLength = n - used
    } else {
      this.pendingLength = 0
      this.append(buf.subarray(used, n))
    }
    this.lastTail = n - used
  }

  private append(bytes: Uint8Array): void {
    const need = this.pendingLength + bytes.length
    if (need > this.pending.length) {
      // Grows with what actually arrived, never ahead of it by more than the bytes at hand.
      const grown = new Uint8Array(Math.max(need, Math.min(2 * this.pending.length, need + bytes.length)))
      grown.set(this.pending.subarray(0, this.pendingLength))
      this.pending = grown
    }
    this.pending.set(bytes, this.pendingLength)
    this.pendingLength = need
  }

  /** Scans the complete rows of buf[0, n) (and with `final` the last, unfinished one); returns where it stopped. */
  private scan(buf: Uint8Array, n: number, final: boolean): number {
    let i = 0
    if (!this.bomChecked) {
      if (n < 3 && !final && isBomPrefix(buf, n)) return 0
      this.bomChecked = true
      if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3
    }
    if (this.skipLF && i < n) {
      this.skipLF = false
      if (buf[i] === LF) i++
    }
    const fast = !this.whitespace
    const quote = this.quotes ? QUOTE : -1
    while (i < n && !this.stopped) {
      if (fast) {
        const cap = i + this.maxRow
        const end = scanUnquotedRow(buf, i, n < cap ? n : cap, this.delim, quote, this.maxField, this.store, this.numberColumns)
        if (end !== UNUSUAL) {
          this.rejecting = null
          this.finishRow(buf, this.store.count, 0)
          i = this.lineEnd(buf, end, n, buf[end], final)
          continue
        }
      }
      const next = this.scanRow(buf, i, n, final)
      if (next === INCOMPLETE) break
      i = next
    }
    return i
  }

  /**
   * Scans the row that begins at `start`: delivers (or rejects) it and returns where the next row begins, or
   * INCOMPLETE when the row runs past `n` and more input may follow. Fields are stored as byte ranges.
   */
  private scanRow(buf: Uint8Array, start: number, n: number, final: boolean): number {
    const s = this.store
    const starts = s.starts
    const ends = s.ends
    const simple = s.simple
    const plain = s.plain
    const capacity = s.capacity
    const d1 = this.delim
    const d2 = this.delim2
    const ws = this.whitespace
    const quotes = this.quotes
    const maxField = this.maxField
    const cap = start + this.maxRow + 1
    const lim = n < cap ? n : cap
    let lines = 0
    // Fields stored so far. Outside whitespace mode a field start with k > 0 follows a delimiter, so a line end
    // there closes one more, empty, field ("a,b," has three).
    let k = 0
    this.rejecting = null
    let i = start
    for (;;) {
      if (ws) while (i < lim && (buf[i] === d1 || buf[i] === d2)) i++
      if (i >= lim) {
        if (lim === cap) this.rowTooLong(false)
        if (!final) return INCOMPLETE
        if (k > 0 && !ws) k = this.addField(k, i, i, 0, NaN, 0)
        this.finishRow(buf, k, lines)
        return n
      }
      const fieldStart = i
      let c = buf[i]
      let end: number
      if (c === QUOTE && quotes) {
        // A quoted field: up to the closing quote; a doubled quote or text after the closing quote makes the
        // field "escaped" (its text is rebuilt from the raw bytes when asked for).
        let isEscaped = 0
        let j = i + 1
        let cr = false
        for (;;) {
          while (j < lim) {
            c = buf[j]
            if (c === QUOTE) break
            if (c === LF) {
              if (!cr) lines++
              cr = false
            } else if (c === CR) {
              lines++
              cr = true
            } else cr = false
            j++
          }
          if (j >= lim) {
            if (lim === cap) this.rowTooLong(true)
            if (!final) return INCOMPLETE
            this.rejecting ??= 'unterminated-quote'
            this.finishRow(buf, k, lines)
            return n
          }
          // buf[j] is the quote that closes the field or starts a doubled quote.
          if (j + 1 < lim && buf[j + 1] === QUOTE) {
            isEscaped = 1
            cr = false
            j += 2
            continue
          }
          break
        }
        end = j + 1
        if (end < lim && !isBreak(buf[end], d1, d2)) {
          // Text after the closing quote: taken literally up to the next delimiter or line end.
          isEscaped = 1
          while (end < lim && !isBreak(buf[end], d1, d2)) end++
        } else if (end >= lim && end === n && !final && lim !== cap) return INCOMPLETE
        if (isEscaped === 0) k = this.addField(k, fieldStart + 1, j, 0, NaN, 0)
        else k = this.addField(k, fieldStart, end, 1, NaN, 0)
      } else {
        // The hot loop: an unquoted (possibly empty) field, read as a plain decimal on the way.
        // m: the first nine significant digits (leading zeros leave it 0), m2: those after them, counted in n2
        // (int32 multiply-adds; m2 is used only while n2 <= 9).
        let m = 0
        let m2 = 0
        let n2 = 0
        let dotAt = -1
        let ok = true
        let negative = false
        for (; i < lim; i++) {
          c = buf[i]
          const x = (c - 48) >>> 0
          if (x <= 9) {
            if (m < RUN_FULL) m = m * 10 + x
            else {
              m2 = (m2 * 10 + x) | 0
              n2++
            }
            continue
          }
          if (c === d1 || c === d2 || c === LF || c === CR) break
          if (c === DOT && dotAt < 0) dotAt = i
          else if (c === MINUS && i === fieldStart) negative = true
          else ok = false
        }
        end = i
        if (end === fieldStart && end < lim && (k === 0 || ws) && (c === LF || c === CR)) {
          // A line end with no field before it: an empty line (no row), or trailing whitespace.
          this.finishRow(buf, k, lines)
          return this.lineEnd(buf, end, n, c, final)
        }
        let value = NaN
        let isPlain = 0
        // With only digits, one dot and a leading minus, the field holds a digit unless it is all dot and sign.
        if (ok && end - fieldStart > (dotAt < 0 ? 0 : 1) + (negative ? 1 : 0)) {
          isPlain = 1
          const v = runsValue(m, m2, n2, dotAt < 0 ? 0 : end - dotAt - 1)
          value = negative ? -v : v
        }
        if (k < capacity && this.rejecting === null && end - fieldStart <= maxField) {
          // Inline store of the common case; addField handles the limits.
          starts[k] = fieldStart
          ends[k] = end
          simple[k] = value
          plain[k] = isPlain
          k++
        } else k = this.addField(k, fieldStart, end, 0, value, isPlain)
      }
      i = end
      if (i >= lim) {
        if (lim === cap) this.rowTooLong(false)
        if (!final) return INCOMPLETE
        this.finishRow(buf, k, lines)
        return n
      }
      c = buf[i]
      if (c === d1 || c === d2) {
        i++
        continue
      }
      // A line end closes the row.
      this.finishRow(buf, k, lines)
      return this.lineEnd(buf, i, n, c, final)
    }
  }

  /** Stores field k unless the row is already rejected or over a limit; returns the new field count. */
  private addField(k: number, start: number, end: number, isEscaped: number, value: number, isPlain: number): number {
    if (this.rejecting !== null) return k
    const s = this.store
    if (k >= s.capacity) {
      this.rejecting = 'too-many-fields'
      return k
    }
    if (end - start - 2 * isEscaped > this.maxField) {
      this.rejecting = 'field-too-long'
      return k
    }
    s.starts[k] = start
    s.ends[k] = end
    s.simple[k] = value
    s.plain[k] = isEscaped === 1 ? ESCAPED : isPlain
    return k + 1
  }

  private finishRow(buf: Uint8Array, k: number, lines: number): void {
    const s = this.store
    const line = this.line
    this.line = line + lines
    if (this.rejecting !== null) {
      this.rejected++
      this.sink.reject(line, this.rejecting)
    } else if (k > 0) {
      s.count = k
      s.line = line
      s.bytes = buf
      this.rows++
      if (this.sink.row(s) === false) this.stopped = true
      s.clear()
    }
    this.rejecting = null
  }

  /** Consumes the line end at i (CR, LF or CRLF) and returns where the next row begins. */
  private lineEnd(buf: Uint8Array, i: number, n: number, c: number, final: boolean): number {
    this.line++
    let next = i + 1
    if (c === CR) {
      if (next < n) {
        if (buf[next] === LF) next++
      } else if (!final) this.skipLF = true
    }
    return next
  }

  private rowTooLong(quoted: boolean): never {
    this.stopped = true
    throw new TableError(
      'row-too-long',
      `line ${this.line}: a row longer than ${this.maxRow.toLocaleString('en-US')} bytes` +
        (quoted ? ' (a quoted field that never closes: an unbalanced quote?)' : '') +
        '; reading stopped there',
      this.line,
    )
  }
}

