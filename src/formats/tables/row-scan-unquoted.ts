/**
 * The row reader's fast path (row-reader.ts, RFC 4180 https://www.rfc-editor.org/rfc/rfc4180): one row with a
 * single-byte delimiter and no quoted field, which is nearly every row of the large tables (CIC-IDS2017, UNSW-NB15,
 * Argus, Zeek TSV). One tight loop over the bytes finds the field ends and reads plain decimals on the way, with no
 * call per field. Anything else (a field that opens with a quote, an empty line, a field or row over its cap, too
 * many fields, a row not ended within the bytes at hand) returns UNUSUAL, and the general scanner reads the row from
 * its start again, so both paths give the same fields by construction.
 */
import { decimalQuotient } from './byte-decimal.ts'
import { CR, DOT, LF, MINUS } from './row-bytes.ts'
import { EXACT_INTEGER, MAX_FRACTION, POW10, RUN_DIGITS, RUN_FULL } from './row-decimal.ts'
import { PLAIN, type RowFields } from './row-fields.ts'

/** Returned when the row needs the general scanner. */
export const UNUSUAL = -2
/** Values of the `numbers` hint: the column's plain decimals are read, or only whether a cell is one (plain). */
export const NUMBER_VALUE = 1
export const NUMBER_KIND = 2

/**
 * Scans the row that begins at `start` (its line end must come before `lim`) into `row` (fields stored from 0,
 * row.count set) and returns the index of the CR or LF that ends it, or UNUSUAL. `quote` is the quote byte, or -1
 * when quotes are not special. `numbers` (null: NUMBER_VALUE for every column) marks the columns whose plain
 * decimals are read (NUMBER_VALUE) or only recognised (NUMBER_KIND: plain set, simple NaN); the others (0) get no
 * value (plain 0, simple NaN), which readers treat as text and parse strictly if ever asked.
 */
export function scanUnquotedRow(
  buf: Uint8Array,
  start: number,
  lim: number,
  delim: number,
  quote: number,
  maxField: number,
  row: RowFields,
  numbers: Uint8Array | null,
): number {
  const starts = row.starts
  const ends = row.ends
  const simple = row.simple
  const plain = row.plain
  const capacity = row.capacity
  let k = 0
  let i = start
  for (;;) {
    const fieldStart = i
    let c = i < lim ? buf[i] : -1
    if (c === quote) return UNUSUAL
    const want = numbers === null ? NUMBER_VALUE : k < numbers.length ? numbers[k] : 0
    if (want !== NUMBER_VALUE) {
      // A column nobody reads as a number: only its end is looked for, and with NUMBER_KIND whether it is a
      // plain decimal (the same test as below, without reading the value).
      let isPlain = 0
      if (want === 0) {
        for (; i < lim; i++) {
          c = buf[i]
          if (c === delim || c === LF || c === CR) break
        }
      } else {
        let dot = false
        let sign = false
        let plainText = true
        for (; i < lim; i++) {
          c = buf[i]
          if (((c - 48) >>> 0) <= 9) continue
          if (c === delim || c === LF || c === CR) break
          if (c === DOT && !dot) dot = true
          else if (c === MINUS && i === fieldStart) sign = true
          else plainText = false
        }
        if (plainText && i - fieldStart > (dot ? 1 : 0) + (sign ? 1 : 0)) isPlain = PLAIN
      }
      if (i >= lim || k >= capacity || i - fieldStart > maxField) return UNUSUAL
      if (k === 0 && i === fieldStart && c !== delim) return UNUSUAL
      starts[k] = fieldStart
      ends[k] = i
      simple[k] = NaN
      plain[k] = isPlain
      k++
      if (c !== delim) {
        row.count = k
        return i
      }
      i++
      continue
    }
    // m: the first nine significant digits, m2: those after them, counted in n2 (row-decimal.ts).
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
      if (c === delim || c === LF || c === CR) break
      if (c === DOT && dotAt < 0) dotAt = i
      else if (c === MINUS && i === fieldStart) negative = true
      else ok = false
    }
    if (i >= lim || k >= capacity || i - fieldStart > maxField) return UNUSUAL
    // A line end before any field: an empty line, which the general scanner skips.
    if (k === 0 && i === fieldStart && c !== delim) return UNUSUAL
    let value = NaN
    let isPlain = 0
    // With only digits, one dot and a leading minus, the field holds a digit unless it is all dot and sign.
    if (ok && i - fieldStart > (dotAt < 0 ? 0 : 1) + (negative ? 1 : 0)) {
      isPlain = 1
      // runsValue (row-decimal.ts) written out: V8 does not inline it here, and a call returning a double boxes it,
      // an allocation per number (measured: about 10% of the scan).
      const fraction = dotAt < 0 ? 0 : i - dotAt - 1
      let v = NaN
      if (fraction > MAX_FRACTION) v = NaN
      else if (n2 === 0) v = fraction === 0 || m === 0 ? m : m / POW10[fraction]
      else if (n2 <= RUN_DIGITS) {
        const whole = m * POW10[n2] + m2
        v = whole < EXACT_INTEGER ? whole / POW10[fraction] : decimalQuotient(m, m2, n2, fraction)
      }
      value = negative ? -v : v
    }
    starts[k] = fieldStart
    ends[k] = i
    simple[k] = value
    plain[k] = isPlain
    k++
    if (c !== delim) {
      row.count = k
      return i
    }
    i++
  }
}
