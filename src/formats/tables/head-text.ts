/**
 * Helpers for the dialects' sniff(headText): the first bytes of a file decoded as text, its first lines and rows,
 * the delimiter that splits them consistently, and header names compared without case, spaces or punctuation.
 * Sniffing looks at content only, never at the file name.
 */
import type { Delimiter } from './row-reader.ts'
import { RowReader } from './row-reader.ts'

/** Bytes of the head that sniffing looks at. */
export const SNIFF_BYTES = 64 * 1024

/** The head decoded as UTF-8 (invalid bytes become U+FFFD), without a byte order mark. */
export function decodeHead(head: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(head)
}

/** True when the head is not text: NUL bytes, many control characters or many undecodable bytes. */
export function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 8192)
  if (n === 0) return false
  let odd = 0
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 0) return true
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) odd++
  }
  return odd > n / 50
}

/** The complete lines of the head (the last one is dropped when the head may have cut it), at most `max`. */
export function headLines(text: string, max = 64): string[] {
  const lines = text.split(/\r\n|\r|\n/, max + 1)
  const complete = /[\r\n]$/.test(text) || lines.length > max ? lines : lines.slice(0, Math.max(1, lines.length - 1))
  return complete.slice(0, max).filter((l) => l.length > 0)
}

/** The first rows of the head parsed with `delimiter` (a row the head may have cut is dropped). */
export function headRows(text: string, delimiter: Delimiter, max = 64, quotes = true): string[][] {
  const rows: string[][] = []
  const reader = new RowReader(
    {
      row(r) {
        rows.push(r.toArray().slice())
        return rows.length <= max
      },
      reject() {},
    },
    { delimiter, quotes, maxRowChars: SNIFF_BYTES * 2 },
  )
  try {
    reader.pushText(text)
    if (!reader.done) reader.end()
  } catch {
    // A row too long for the head: the rows so far are what sniffing gets.
  }
  const whole = /[\r\n]$/.test(text)
  if (!whole && rows.length > 1 && rows.length <= max) rows.pop()
  return rows.slice(0, max)
}

const CANDIDATES: readonly Delimiter[] = [',', '\t', ';', '|']

/**
 * The delimiter that splits the head's lines into the same number (> 1) of fields most consistently, or null.
 * Quotes are respected, so commas inside quoted Info cells do not count.
 */
export function detectDelimiter(text: string): Delimiter | null {
  let best: Delimiter | null = null
  let bestScore = 0
  for (const d of CANDIDATES) {
    const rows = headRows(text, d, 32)
    if (rows.length === 0) continue
    const widths = new Map<number, number>()
    for (const r of rows) widths.set(r.length, (widths.get(r.length) ?? 0) + 1)
    let mode = 0
    let modeCount = 0
    for (const [w, c] of widths) if (c > modeCount || (c === modeCount && w > mode)) [mode, modeCount] = [w, c]
    if (mode < 2) continue
    const score = (modeCount / rows.length) * Math.min(mode, 8)
    if (score > bestScore) {
      best = d
      bestScore = score
    }
  }
  return best
}

/** A header name reduced to lower-case letters and digits: " Flow Bytes/s" -> "flowbytess". */
export function normName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '')
}

/** Names made unique the way pandas does it: the second "Fwd Header Length" becomes "Fwd Header Length.1". */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>()
  return names.map((n) => {
    const k = seen.get(n)
    if (k === undefined) {
      seen.set(n, 1)
      return n
    }
    seen.set(n, k + 1)
    return `${n}.${k}`
  })
}

/** Share of `values` for which `test` holds (0 for none). */
export function share(values: readonly string[], test: (v: string) => boolean): number {
  if (values.length === 0) return 0
  let n = 0
  for (const v of values) if (test(v)) n++
  return n / values.length
}

/** Column `i` of each row (skipping rows too short to have it). */
export function column(rows: readonly (readonly string[])[], i: number): string[] {
  const out: string[] = []
  for (const r of rows) if (i < r.length) out.push(r[i])
  return out
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:.]*(%[\w.]+)?$/

/** True for an IPv4 or IPv6 address text. */
export function isIpAddress(s: string): boolean {
  return IPV4.test(s) || (s.includes(':') && s.length >= 2 && s.length <= 64 && IPV6.test(s))
}
