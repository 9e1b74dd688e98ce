/**
 * Strict number parsing for table cells. A cell is a number only when it is written as one (the JSON / C99
 * decimal grammar: https://www.rfc-editor.org/rfc/rfc8259#section-6, plus a leading '+' and a bare leading or
 * trailing '.' as Python's float() accepts): no hex, no surrounding spaces, no empty cell read as 0 — all of which
 * JavaScript's Number() would silently accept. Words such as "NaN", "Infinity" or "-" are not numbers here; each
 * dialect says which words it uses for "not a number", "infinite" and "missing" (NumberReader).
 */

/** Powers of ten that are exact doubles (10^22 is the largest). */
const EXACT_POW10 = new Float64Array(23)
for (let i = 0, p = 1; i < 23; i++, p *= 10) EXACT_POW10[i] = p

/** Significant digits below 2^53, so the digits accumulate exactly. */
const EXACT_DIGITS = 15

/**
 * Parses s[start, end) as a strict decimal number; undefined when it is not one.
 * '1e309' gives Infinity (the caller flags it: a finite spelling can only be infinite by overflow).
 * With at most 15 significant digits and 22 fraction digits the result is m / 10^k of two exact doubles, which
 * IEEE division rounds correctly (Clinger's fast path); longer numbers go to the platform parser after validation.
 */
export function strictDecimal(s: string, start = 0, end = s.length): number | undefined {
  let i = start
  if (i >= end) return undefined
  let c = s.charCodeAt(i)
  let negative = false
  if (c === 45 || c === 43) {
    negative = c === 45
    if (++i >= end) return undefined
  }
  let mantissa = 0
  let digits = 0
  let fraction = 0
  let any = false
  // Leading zeros do not count as significant digits.
  for (; i < end; i++) {
    c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) break
    any = true
    if (c !== 0 || digits > 0) digits++
    mantissa = mantissa * 10 + c
  }
  if (i < end && s.charCodeAt(i) === 46) {
    for (i++; i < end; i++) {
      c = s.charCodeAt(i) - 48
      if (c < 0 || c > 9) break
      any = true
      if (c !== 0 || digits > 0) digits++
      mantissa = mantissa * 10 + c
      fraction++
    }
  }
  if (!any) return undefined
  let exponent = 0
  if (i < end) {
    c = s.charCodeAt(i)
    if (c !== 101 && c !== 69) return undefined
    if (++i >= end) return undefined
    c = s.charCodeAt(i)
    let expNegative = false
    if (c === 45 || c === 43) {
      expNegative = c === 45
      if (++i >= end) return undefined
    }
    let expDigits = 0
    for (; i < end; i++) {
      c = s.charCodeAt(i) - 48
      if (c < 0 || c > 9) return undefined
      // Clamp: any exponent beyond a few thousand already means 0 or Infinity.
      if (exponent < 100000) exponent = exponent * 10 + c
      expDigits++
    }
    if (expDigits === 0) return undefined
    if (expNegative) exponent = -exponent
  }
  let value: number
  const scale = exponent - fraction
  if (digits <= EXACT_DIGITS && scale >= -22 && scale <= 22) {
    value = scale < 0 ? mantissa / EXACT_POW10[-scale] : mantissa * EXACT_POW10[scale]
  } else {
    // Validated above, so the platform parser sees only the grammar we accept.
    value = Number(s.slice(negative || s.charCodeAt(start) === 43 ? start + 1 : start, end))
  }
  return negative ? -value : value
}

/** Parses a whole string as a strict decimal; NaN when it is not one (use strictDecimal to tell NaN apart). */
export function parseDecimal(s: string): number {
  const v = strictDecimal(s)
  return v === undefined ? NaN : v
}

/** Parses a non-negative integer written in decimal digits only (ports, counts); -1 when it is not one or too large. */
export function parseCount(s: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = s.length
  if (n === 0 || n > 16) return -1
  let v = 0
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    v = v * 10 + d
  }
  return v <= max ? v : -1
}

/** What NumberReader.read found in a cell. */
export const NumberStatus = {
  ok: 0,
  /** An empty cell or one of the dialect's "missing" words ('-', '(empty)'). */
  missing: 1,
  /** Text that is not a number: the dialect decides whether that rejects the row. */
  invalid: 2,
  /** One of the dialect's NaN words. */
  nan: 3,
  /** One of the dialect's infinity words. */
  infinity: 4,
  /** A finite spelling too large for a double (1e309): read as ±Infinity. */
  overflow: 5,
} as const
export type NumberStatus = (typeof NumberStatus)[keyof typeof NumberStatus]

/** The words a dialect uses instead of numbers. Matching is exact (case-sensitive) unless listed in several cases. */
export interface NumberWords {
  readonly nan?: readonly string[]
  readonly infinity?: readonly string[]
  readonly missing?: readonly string[]
}

/** Counts of the special values met, for the read report. */
export interface NumberTally {
  nan: number
  infinity: number
  overflow: number
  invalid: number
}

/**
 * A reusable strict reader: read() returns the value and leaves the status in `status` (no object per cell).
 * Infinity words give ±Infinity, NaN words NaN, missing words NaN with status `missing`.
 */
export class NumberReader {
  status: NumberStatus = NumberStatus.ok
  readonly tally: NumberTally = { nan: 0, infinity: 0, overflow: 0, invalid: 0 }
  private readonly words = new Map<string, number>()

  constructor(words: NumberWords = {}) {
    for (const w of words.missing ?? []) this.words.set(w, NumberStatus.missing)
    for (const w of words.nan ?? []) this.words.set(w, NumberStatus.nan)
    for (const w of words.infinity ?? []) {
      this.words.set(w, NumberStatus.infinity)
      if (!w.startsWith('-') && !w.startsWith('+')) {
        this.words.set('+' + w, NumberStatus.infinity)
        this.words.set('-' + w, NumberStatus.infinity)
      }
    }
  }

  read(s: string): number {
    if (s.length === 0) {
      this.status = NumberStatus.missing
      return NaN
    }
    const v = strictDecimal(s)
    if (v !== undefined) {
      if (v === Infinity || v === -Infinity) {
        this.status = NumberStatus.overflow
        this.tally.overflow++
      } else this.status = NumberStatus.ok
      return v
    }
    const word = this.words.get(s)
    if (word === NumberStatus.infinity) {
      this.status = NumberStatus.infinity
      this.tally.infinity++
      return s.charCodeAt(0) === 45 ? -Infinity : Infinity
    }
    if (word === NumberStatus.nan) {
      this.status = NumberStatus.nan
      this.tally.nan++
      return NaN
    }
    if (word === NumberStatus.missing) {
      this.status = NumberStatus.missing
      return NaN
    }
    this.status = NumberStatus.invalid
    this.tally.invalid++
    return NaN
  }
}
