/**
 * What a table dialect implements, and the helpers the CSV dialects share: running the row reader into a row
 * mapper, and reading number cells through the row reader's plain-decimal fast path with a strict fallback.
 */
import { plainDecimalFromBytes } from './byte-decimal.ts'
import type { ColumnMapping } from './mapping.ts'
import type { NumberReader } from './numbers.ts'
import { NumberStatus, parseCount } from './numbers.ts'
import { PLAIN, type RowFields } from './row-fields.ts'
import type { RowReaderOptions } from './row-reader.ts'
import { RowReader } from './row-reader.ts'
import { NUMBER_KIND, NUMBER_VALUE } from './row-scan-unquoted.ts'
import { epochFromNumber, parseTimeBytes, parseTimeRange } from './table-times.ts'
import type { TableDialectId } from './table-model.ts'
import type { TableSession } from './table-session.ts'

/** Receives the file's bytes slice by slice. */
export interface TextParser {
  push(bytes: Uint8Array): void
  end(): void
  /** True once the parser wants no more input. */
  readonly done: boolean
}

export interface OpenOptions {
  /** The decoded head of the file (what sniff saw), for decisions made once: delimiter, header or not. */
  readonly headText: string
  /** A user's column mapping (generic dialects). */
  readonly mapping?: ColumnMapping
  /** ReadTableOptions.featureVectors: which tables need per-record feature vectors ('all' when absent). */
  readonly featureVectors?: FeatureVectors
}

/**
 * Which flow tables get per-record feature vectors: 'all', or 'unaddressed': a dialect may leave them out (empty
 * featureNames) when its records carry address columns, since the detectors read feature vectors only from
 * tables without addresses (detect/record-features.ts). Every other column is read the same either way.
 */
export type FeatureVectors = 'all' | 'unaddressed'

/** A text parser over the row reader, which a dialect can tell the columns it reads as numbers. */
export interface CsvParser extends TextParser {
  /**
   * RowReader.numberColumns, a speed hint from the next row on: the columns whose numbers are read, and those
   * where only whether a cell is a plain decimal matters (tallySpecialCells).
   */
  setNumberColumns(values: readonly number[] | null, kindOnly?: readonly number[]): void
}

export interface TableDialect {
  readonly id: TableDialectId
  readonly label: string
  /** What the dialect produces. */
  readonly records: 'flows' | 'packets' | 'flows-and-facts'
  /** Confidence 0..1 that the head is this dialect, from content only (header names, field counts, values). */
  sniff(headText: string): number
  open(session: TableSession, options: OpenOptions): TextParser
}

/** Maps one row: null when it was used (a record, a header, a comment), else the reason it was rejected. */
export type RowMapper = (row: RowFields) => string | null

/** A parser that runs the row reader and hands every row to `mapper`, counting rejected rows in the session. */
export function csvParser(session: TableSession, mapper: RowMapper, options: RowReaderOptions): CsvParser {
  const reader = new RowReader(
    {
      row(row) {
        const reason = mapper(row)
        if (reason !== null) session.reject(row.line, reason)
      },
      reject(line, reason) {
        session.reject(line, reason)
      },
    },
    options,
  )
  return {
    push: (bytes) => reader.push(bytes),
    end: () => reader.end(),
    get done() {
      return reader.done
    },
    setNumberColumns(values, kindOnly = []) {
      if (values === null) {
        reader.numberColumns = null
        return
      }
      let width = 0
      for (const c of [...values, ...kindOnly]) if (c >= width) width = c + 1
      const mask = new Uint8Array(width)
      for (const c of kindOnly) if (c >= 0) mask[c] = NUMBER_KIND
      for (const c of values) if (c >= 0) mask[c] = NUMBER_VALUE
      reader.numberColumns = mask
    },
  }
}

/** Field i as a number: the reader's fast path when it is a plain decimal, else the strict reader (status set). */
export function readNumber(row: RowFields, i: number, reader: NumberReader): number {
  if (i < 0 || i >= row.count) {
    reader.status = NumberStatus.missing
    return NaN
  }
  const v = row.simple[i]
  if (v === v) {
    reader.status = NumberStatus.ok
    return v
  }
  return row.plain[i] === 1 ? plainValue(row, i, reader) : reader.read(row.field(i))
}

/** A field the row reader found to be a plain decimal, too long for its fast path: no need to check it again. */
function plainValue(row: RowFields, i: number, reader: NumberReader): number {
  const v = plainDecimalFromBytes(row.bytes, row.starts[i], row.ends[i])
  reader.status = Number.isFinite(v) ? NumberStatus.ok : NumberStatus.overflow
  if (reader.status === NumberStatus.overflow) reader.tally.overflow++
  return v
}

/** Reads the feature columns `cols` of `row` into out[base ...]; cells that are not numbers become NaN. */
export function readFeatures(row: RowFields, cols: Int32Array, out: Float64Array, base: number, reader: NumberReader): void {
  const simple = row.simple
  const count = row.count
  for (let j = 0; j < cols.length; j++) {
    const i = cols[j]
    if (i >= count) {
      out[base + j] = NaN
      continue
    }
    const v = simple[i]
    out[base + j] = v === v ? v : row.plain[i] === 1 ? plainValue(row, i, reader) : reader.read(row.field(i))
  }
}

/** A plain decimal of at most this many characters is below 10^308, so finite: reading it can tally nothing. */
const FINITE_PLAIN_CHARS = 308

/**
 * The notes readFeatures would leave on the number reader (NaN, Infinity, invalid or overflowing cells) for the
 * columns `cols`, without reading the plain decimals, which cannot leave one: for a table read without its feature
 * vectors, so its notes stay the same. Needs the cells' plain kind (RowReader NUMBER_KIND or NUMBER_VALUE).
 */
export function tallySpecialCells(row: RowFields, cols: Int32Array, reader: NumberReader): void {
  const count = row.count
  for (let j = 0; j < cols.length; j++) {
    const i = cols[j]
    if (i >= count) continue
    if (row.plain[i] !== PLAIN) reader.read(row.field(i))
    else if (row.ends[i] - row.starts[i] > FINITE_PLAIN_CHARS) plainValue(row, i, reader)
  }
}

/** Field i as a port (0..65535, decimal or 0x hex as UNSW-NB15 writes some), or -1. */
export function readPort(row: RowFields, i: number): number {
  if (i < 0 || i >= row.count) return -1
  const v = row.simple[i]
  if (v === v) return Number.isInteger(v) && v >= 0 && v <= 65535 ? v : -1
  const s = row.field(i)
  const decimal = parseCount(s, 65535)
  if (decimal >= 0) return decimal
  if (s.length > 2 && s.length <= 6 && s.charCodeAt(0) === 48 && (s.charCodeAt(1) | 0x20) === 120) {
    const h = Number.parseInt(s.slice(2), 16)
    return /^[0-9a-fA-F]+$/.test(s.slice(2)) && h <= 65535 ? h : -1
  }
  return -1
}

/**
 * Field i as a time (table-times.ts formats); NaN when empty, absent or not a time. Read from the row's bytes:
 * a timestamp is different on nearly every row, and a string per row is what this avoids.
 */
export function readTime(row: RowFields, i: number, dayFirst = true): number {
  if (i < 0 || i >= row.count) return NaN
  const start = row.starts[i]
  const end = row.ends[i]
  if (end === start) return NaN
  const kind = row.plain[i]
  if (kind === PLAIN) {
    const v = row.simple[i]
    if (v === v) return epochFromNumber(v)
  }
  if (kind !== 0) {
    const text = row.field(i)
    return parseTimeRange(text, 0, text.length, dayFirst)
  }
  return parseTimeBytes(row.bytes, start, end, dayFirst)
}
