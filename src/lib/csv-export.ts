/**
 * Tables as CSV (RFC 4180: comma separated, CRLF line ends, fields quoted when they hold a comma, a quote or a
 * line break, quotes doubled). Cells come from captures, so a cell that a spreadsheet would run as a formula
 * (starting with = + - @, TAB, CR or NUL: OWASP "CSV injection") gets a leading apostrophe, which spreadsheets
 * show as text. Negative numbers are numbers, not text, so they are written as they are.
 */

export type CsvValue = string | number | boolean | null | undefined

const FORMULA_START = /^[=+\-@\t\r\0]/
const NEEDS_QUOTES = /[",\r\n]/

export interface CsvOptions {
  /** Applied to every text cell and header before escaping (the export's address anonymiser, when asked for). */
  readonly mapText?: (text: string) => string
}

/** One CSV field. */
export function csvCell(value: CsvValue): string {
  return mappedCell(value, undefined)
}

/** One CSV field, its text passed through `mapText` first (before formula and quote escaping). */
function mappedCell(value: CsvValue, mapText: ((text: string) => string) | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  let text = mapText ? mapText(value) : value
  if (FORMULA_START.test(text)) text = `'${text}`
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A whole table: header row, then one line per row (rows shorter than the header get empty fields). */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>, options: CsvOptions = {}): string {
  const lines = [header.map((h) => mappedCell(h, options.mapText)).join(',')]
  for (const row of rows) {
    const cells: string[] = []
    for (let i = 0; i < header.length; i++) cells.push(mappedCell(row[i], options.mapText))
    lines.push(cells.join(','))
  }
  return `${lines.join('\r\n')}\r\n`
}

/** A CSV blob with a UTF-8 byte-order mark, so spreadsheets read non-ASCII text correctly. */
export function csvBlob(header: readonly string[], rows: Iterable<readonly CsvValue[]>, options: CsvOptions = {}): Blob {
  return new Blob(['\ufeff', toCsv(header, rows, options)], { type: 'text/csv;charset=utf-8' })
}

/** A file name from a title: letters, digits, dot, dash and underscore only. */
export function exportFileName(title: string, extension: string): string {
  const base = title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'nettwin'
  return `${base}.${extension}`
}
