/**
 * Timestamps as traffic tables write them, to seconds since the Unix epoch:
 * - ISO 8601 / RFC 3339 (https://www.rfc-editor.org/rfc/rfc3339): "2017-07-05 18:12:15.650811", "...T...Z",
 *   Suricata's "2021-06-06T15:59:46.457984+0200";
 * - Argus: "2019/04/04 16:24:47.672448";
 * - CIC-IDS2017 / CICFlowMeter: day first, "3/7/2017 8:55", "14/02/2018 08:31:01", "20/01/1970 05:20:20 AM";
 * - tshark's frame.time: "Feb 13, 2024 14:34:38.788187000 CET";
 * - numbers: epoch seconds, or milliseconds / microseconds / nanoseconds told apart by magnitude.
 * A text without a zone is read as UTC (the datasets do not say which zone they were written in). A time of day
 * alone ("14:34:38.788") gives seconds since midnight, for tables whose times are relative anyway.
 */
import { strictDecimal } from './numbers.ts'

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** Epoch seconds from an epoch number in s, ms, µs or ns (the unit is guessed from the magnitude). */
export function epochFromNumber(v: number): number {
  const a = Math.abs(v)
  if (a >= 1e17) return v / 1e9
  if (a >= 1e14) return v / 1e6
  if (a >= 1e11) return v / 1e3
  return v
}

/**
 * A tiny cursor over the text, so the parser builds no substrings; one instance serves every call. It reads a
 * string or, for table cells, the UTF-8 bytes themselves: every character a timestamp may hold is ASCII, and a
 * byte of a multi-byte character (>= 0x80) fails the same tests its character would.
 */
class Cursor {
  i = 0
  s = ''
  bytes: Uint8Array | null = null
  end = 0

  reset(s: string, start: number, end: number): this {
    this.s = s
    this.bytes = null
    this.i = start
    this.end = end
    return this
  }

  resetBytes(bytes: Uint8Array, start: number, end: number): this {
    this.s = ''
    this.bytes = bytes
    this.i = start
    this.end = end
    return this
  }

  /** The code at i (a character code, or a byte). */
  code(i: number): number {
    const b = this.bytes
    return b === null ? this.s.charCodeAt(i) : i < this.end ? b[i] : NaN
  }

  peek(): number {
    return this.i < this.end ? this.code(this.i) : -1
  }

  /** Reads 1..max digits; -1 when there are none. `count` gets the number of digits read. */
  digits(max: number): number {
    let v = 0
    const from = this.i
    while (this.i < this.end && this.i - from < max) {
      const d = this.code(this.i) - 48
      if (d < 0 || d > 9) break
      v = v * 10 + d
      this.i++
    }
    this.count = this.i - from
    return this.count === 0 ? -1 : v
  }

  count = 0

  eat(c: number): boolean {
    if (this.peek() !== c) return false
    this.i++
    return true
  }

  spaces(): void {
    while (this.peek() === 32) this.i++
  }

  /** A month name (three letters or more) as 1..12, or -1. */
  month(): number {
    const from = this.i
    while (this.i < this.end && isLetter(this.code(this.i))) this.i++
    if (this.i - from < 3) {
      this.i = from
      return -1
    }
    const m = monthIndex(this, from)
    if (m < 0) this.i = from
    return m < 0 ? -1 : m + 1
  }
}

/** 0..11 for the three letters at `at` naming a month (any case), else -1. */
function monthIndex(c: Cursor, at: number): number {
  const key = ((c.code(at) | 0x20) << 16) | ((c.code(at + 1) | 0x20) << 8) | (c.code(at + 2) | 0x20)
  return MONTH_KEYS.indexOf(key)
}

const MONTH_KEYS = MONTHS.map((m) => (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2))

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
}

/** The fraction after a '.' or ',' as seconds (any number of digits). */
function fraction(c: Cursor): number {
  if (c.peek() !== 46 && c.peek() !== 44) return 0
  const from = c.i + 1
  c.i = from
  let v = 0
  let scale = 1
  while (c.i < c.end) {
    const d = c.code(c.i) - 48
    if (d < 0 || d > 9) break
    if (c.i - from < 15) {
      v = v * 10 + d
      scale *= 10
    }
    c.i++
  }
  return c.i === from ? NaN : v / scale
}

/** Seconds of the day from "hh:mm[:ss[.fff]][ AM|PM]", or NaN. */
function timeOfDay(c: Cursor): number {
  let h = c.digits(2)
  if (h < 0 || !c.eat(58)) return NaN
  const m = c.digits(2)
  if (m < 0 || c.count !== 2 || m > 59) return NaN
  let s = 0
  if (c.eat(58)) {
    s = c.digits(2)
    if (s < 0 || c.count !== 2 || s > 60) return NaN
    s += fraction(c)
  }
  const save = c.i
  c.spaces()
  const a = c.peek() | 0x20
  if ((a === 97 || a === 112) && ((c.code(c.i + 1) | 0x20) === 109)) {
    if (h < 1 || h > 12) return NaN
    if (h === 12) h = 0
    if (a === 112) h += 12
    c.i += 2
  } else c.i = save
  if (h > 23) return NaN
  return h * 3600 + m * 60 + s
}

/** Offset of a zone suffix in seconds (east positive), 0 for none / UTC / a zone name we cannot resolve, NaN if malformed. */
function zone(c: Cursor): number {
  c.spaces()
  const p = c.peek()
  if (p < 0) return 0
  if (p === 90 || p === 122) {
    c.i++
    return 0
  }
  if (p === 43 || p === 45) {
    c.i++
    const h = c.digits(2)
    if (h < 0 || c.count !== 2) return NaN
    c.eat(58)
    const m = c.digits(2)
    const off = h * 3600 + (m < 0 ? 0 : m * 60)
    return p === 45 ? -off : off
  }
  // A zone abbreviation (UTC, GMT, CET, ...): upper case, at most five letters. Names other than UTC/GMT are not
  // resolved (that needs a zone database) and read as UTC.
  const from = c.i
  while (c.i < c.end && c.i - from < 6 && c.code(c.i) >= 65 && c.code(c.i) <= 90) c.i++
  return c.i - from >= 2 && c.i - from <= 5 ? 0 : NaN
}

/**
 * Seconds since the epoch for a timestamp text, or NaN when the text is not one of the supported forms.
 * `dayFirst` decides "3/7/2017" (3 July when true, as CIC-IDS2017 writes it; 7 March otherwise).
 */
export function parseTableTime(text: string, dayFirst = true): number {
  return parseTimeRange(text, 0, text.length, dayFirst)
}

const cursor = new Cursor()

/** parseTableTime for text[from, to), without making a substring. */
export function parseTimeRange(text: string, from: number, to: number, dayFirst = true): number {
  let end = to
  let start = from
  while (start < end && text.charCodeAt(start) === 32) start++
  while (end > start && text.charCodeAt(end - 1) === 32) end--
  if (start === end) return NaN
  const asNumber = strictDecimal(text, start, end)
  if (asNumber !== undefined) return Number.isFinite(asNumber) ? epochFromNumber(asNumber) : NaN
  return parseDate(cursor.reset(text, start, end), start, end, dayFirst)
}

/**
 * parseTableTime for the UTF-8 bytes[from, to) of a table cell that is not a plain decimal (the row reader has
 * read those as numbers already; the caller passes them to epochFromNumber). No string is made.
 */
export function parseTimeBytes(bytes: Uint8Array, from: number, to: number, dayFirst = true): number {
  let end = to
  let start = from
  while (start < end && bytes[start] === 32) start++
  while (end > start && bytes[end - 1] === 32) end--
  if (start === end) return NaN
  const iso = isoDateTime(bytes, start, end)
  if (iso === iso) return iso
  // Numbers with an exponent or a sign are rare here: the string path reads them.
  const first = bytes[start]
  if (first === 43 || first === 45 || first === 46 || !hasDateCharacter(bytes, start, end)) {
    let text = ''
    for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i])
    return parseTimeRange(text, 0, text.length, dayFirst)
  }
  return parseDate(cursor.resetBytes(bytes, start, end), start, end, dayFirst)
}

/** Midnight of the day last read by isoDateTime, as y * 10000 + m * 100 + d and in epoch seconds. */
const lastDay = new Float64Array([-1, 0])

/** Two ASCII digits at i as a number, or -1. */
function twoDigits(bytes: Uint8Array, i: number): number {
  const a = bytes[i] - 48
  const b = bytes[i + 1] - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1
}

/**
 * The commonest table timestamp, "YYYY-MM-DD HH:MM:SS[.ffffff]" (or with 'T', and a final 'Z'), read at fixed
 * offsets; NaN for anything else (parseDate then decides). The arithmetic is parseDate's, step for step, so the
 * result is the same double.
 */
function isoDateTime(bytes: Uint8Array, start: number, end: number): number {
  const n = end - start
  if (n < 19 || bytes[start + 4] !== 45 || bytes[start + 7] !== 45 || bytes[start + 13] !== 58 || bytes[start + 16] !== 58) return NaN
  const sep = bytes[start + 10]
  if (sep !== 32 && sep !== 84 && sep !== 116) return NaN
  const y1 = twoDigits(bytes, start)
  const y2 = twoDigits(bytes, start + 2)
  const mo = twoDigits(bytes, start + 5)
  const d = twoDigits(bytes, start + 8)
  const h = twoDigits(bytes, start + 11)
  const mi = twoDigits(bytes, start + 14)
  const sec = twoDigits(bytes, start + 17)
  if (y1 < 0 || y2 < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return NaN
  const y = y1 * 100 + y2
  if (y < 1000) return NaN
  let i = start + 19
  let last = end
  if (bytes[last - 1] === 90 || bytes[last - 1] === 122) last--
  let s = sec
  if (i < last) {
    if (bytes[i] !== 46 && bytes[i] !== 44) return NaN
    const from = ++i
    let v = 0
    let scale = 1
    for (; i < last; i++) {
      const digit = bytes[i] - 48
      if (digit < 0 || digit > 9) return NaN
      if (i - from < 15) {
        v = v * 10 + digit
        scale *= 10
      }
    }
    if (i === from) return NaN
    s += v / scale
  }
  const key = y * 10000 + mo * 100 + d
  if (lastDay[0] !== key) {
    lastDay[0] = key
    lastDay[1] = Date.UTC(y, mo - 1, d) / 1000
  }
  return lastDay[1] + (h * 3600 + mi * 60 + s) - 0
}

/** True when the bytes hold something no number has (a separator of a date or time, a letter but e/E). */
function hasDateCharacter(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = bytes[i]
    if ((b < 48 || b > 57) && b !== 46 && b !== 101 && b !== 69 && b !== 43 && b !== 45) return true
  }
  return false
}

/** The date forms (everything but plain numbers) from the cursor's text between start and end (trimmed). */
function parseDate(c: Cursor, start: number, end: number, dayFirst: boolean): number {
  let y: number
  let mo: number
  let d: number
  const monthFirst = c.month()
  if (monthFirst > 0) {
    // "Feb 13, 2024 14:34:38.788187000 CET"
    mo = monthFirst
    c.spaces()
    d = c.digits(2)
    c.eat(44)
    c.spaces()
    y = c.digits(4)
    if (c.count !== 4) return NaN
  } else {
    const a = c.digits(4)
    const aLen = c.count
    if (a < 0) return NaN
    if (aLen <= 2 && c.peek() === 58) {
      c.i = start
      const t = timeOfDay(c)
      return c.i === end ? t : NaN
    }
    const sep = c.peek()
    if (sep !== 45 && sep !== 47 && sep !== 46) return NaN
    c.i++
    const b = c.digits(2)
    if (b < 0 || !c.eat(sep)) return NaN
    const e = c.digits(4)
    if (e < 0) return NaN
    if (aLen === 4) {
      y = a
      mo = b
      d = e
    } else if (c.count === 4) {
      y = e
      mo = dayFirst ? b : a
      d = dayFirst ? a : b
    } else return NaN
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1000) return NaN
  let seconds = 0
  const p = c.peek()
  if (p === 84 || p === 116 || p === 32) {
    c.i++
    c.spaces()
    if (c.i < end) {
      seconds = timeOfDay(c)
      if (Number.isNaN(seconds)) return NaN
    }
  }
  const offset = zone(c)
  if (c.i !== end || Number.isNaN(offset)) return NaN
  return Date.UTC(y, mo - 1, d) / 1000 + seconds - offset
}
