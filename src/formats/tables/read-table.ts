/**
 * Reading a traffic table: sniffTable() names the dialect from the first bytes (content only), readTable()
 * streams the source slice by slice through that dialect (or the user's choice, or a column mapping) and hands
 * over record batches as they fill. gzip input is unwrapped first (gzip.ts). Bad rows are counted, not fatal;
 * a row over the row cap stops the read with the rows so far kept (truncated names the line); a source that
 * is not a table at all is a FormatError.
 */
import type { ByteSource } from '../format.ts'
import { FormatError } from '../format.ts'
import { describeUnknownContent } from '../content-hints.ts'
import { gunzipSource, isGzip } from '../gzip.ts'
import { throwIfAborted } from '../record-stream.ts'
import type { FeatureVectors, TableDialect } from './dialect.ts'
import { dialectById, dialects } from './dialects.ts'
import { decodeHead, looksBinary, SNIFF_BYTES } from './head-text.ts'
import type { LabelClasses } from './label-table.ts'
import type { ColumnMapping } from './mapping.ts'
import { TableError } from './row-reader.ts'
import type { TableDialectId } from './table-model.ts'
import type { RejectedRows, TableCallbacks } from './table-session.ts'
import { TableSession } from './table-session.ts'

/** Below this sniff confidence a table is not taken as any dialect: it needs a column mapping. */
export const MIN_CONFIDENCE = 0.2
/** Reading stops when this many rows in a row were rejected and none was read: the dialect is wrong. */
export const GIVE_UP_AFTER_REJECTS = 10_000

export interface SniffResult {
  /** The most likely dialect, or null when none fits (binary data, or a table that needs a mapping). */
  readonly dialect: TableDialectId | null
  readonly confidence: number
  /** Other dialects that fit, best first. */
  readonly alternatives: readonly { readonly dialect: TableDialectId; readonly confidence: number }[]
}

/** Names the dialect of a table from its first bytes (pass at least the first 64 KiB when there are that many). */
export function sniffTable(head: Uint8Array): SniffResult {
  return sniffText(decodeHead(head.subarray(0, SNIFF_BYTES)))
}

function sniffText(text: string): SniffResult {
  if (text.trim() === '' || looksBinary(text)) return { dialect: null, confidence: 0, alternatives: [] }
  const scored = dialects
    .map((d) => ({ dialect: d.id, confidence: safeSniff(d, text) }))
    .filter((s) => s.confidence >= MIN_CONFIDENCE)
    .sort((a, b) => b.confidence - a.confidence)
  const [best, ...rest] = scored
  return best === undefined ? { dialect: null, confidence: 0, alternatives: [] } : { dialect: best.dialect, confidence: best.confidence, alternatives: rest }
}

function safeSniff(d: TableDialect, text: string): number {
  try {
    const c = d.sniff(text)
    return Number.isFinite(c) ? Math.max(0, Math.min(1, c)) : 0
  } catch {
    return 0
  }
}

export interface TableProgress {
  readonly bytesRead: number
  readonly records: number
}

export interface ReadTableOptions extends TableCallbacks {
  /** Read as this dialect instead of the sniffed one. */
  readonly dialect?: TableDialectId
  /** A column mapping (from the mapping dialog): the table is read as a generic flow or packet table. */
  readonly mapping?: ColumnMapping
  readonly signal?: AbortSignal
  readonly onProgress?: (p: TableProgress) => void
  /**
   * 'unaddressed': flow tables whose records carry addresses may come without per-record feature vectors (empty
   * featureNames), which nothing but the record-feature detectors reads, and those only on tables without
   * addresses; the rest of every record is the same. Default 'all'.
   */
  readonly featureVectors?: FeatureVectors
}

export interface TableReport {
  readonly dialect: TableDialectId
  readonly dialectLabel: string
  /** Sniff confidence, or 1 when the dialect or mapping was given. */
  readonly confidence: number
  readonly compression: 'gzip' | null
  /** Rows read into records (flows + packets + facts). */
  readonly records: number
  readonly flows: number
  readonly packets: number
  readonly facts: number
  readonly rejectedRows: RejectedRows
  readonly columns: readonly string[]
  readonly labels: { readonly column: string | null; readonly classes: LabelClasses; readonly unlabelled: number }
  /**
   * False when the whole input was read; else where and why reading stopped (rows before it are kept). line is
   * the 1-based line of the row that stopped it, or 0 when reading stopped for the table as a whole.
   */
  readonly truncated: false | { readonly line: number; readonly reason: string }
  /** First and last time of the records (seconds; relative to the capture start when base is 'relative'). */
  readonly timeRange: { readonly first: number; readonly last: number; readonly base: 'epoch' | 'relative' } | null
  /** Values read with a caveat, by code: number.nan, number.infinity, number.overflow, zeek.masked-value, ... */
  readonly notes: { readonly [code: string]: number }
  /** Bytes of the (decompressed) input read. */
  readonly bytesRead: number
}

function chooseDialect(source: ByteSource, text: string, options: ReadTableOptions): { dialect: TableDialect; confidence: number } {
  if (options.mapping !== undefined) {
    return { dialect: dialectById(options.mapping.target === 'packets' ? 'generic-packet-csv' : 'generic-flow-csv'), confidence: 1 }
  }
  if (options.dialect !== undefined) return { dialect: dialectById(options.dialect), confidence: 1 }
  if (text.trim() === '') throw new FormatError('not-recognised', `${source.name}: the file is empty`)
  const sniffed = sniffText(text)
  if (sniffed.dialect === null) {
    throw new FormatError('needs-mapping', `${source.name}: a table whose columns nettwin does not recognise; map its columns to read it`)
  }
  return { dialect: dialectById(sniffed.dialect), confidence: sniffed.confidence }
}

/** Reads a table; batches go to onFlows / onPackets / onFacts as they fill. */
export async function readTable(input: ByteSource, options: ReadTableOptions = {}): Promise<TableReport> {
  let source = input
  let compression: 'gzip' | null = null
  let head = await source.head(SNIFF_BYTES)
  if (isGzip(head)) {
    source = gunzipSource(source)
    compression = 'gzip'
    head = await source.head(SNIFF_BYTES)
  }
  const text = decodeHead(head)
  if (options.dialect === undefined && options.mapping === undefined && looksBinary(text)) {
    throw new FormatError('not-recognised', `${source.name}: not a table: ${describeUnknownContent(head)}`)
  }
  const { dialect, confidence } = chooseDialect(source, text, options)
  const session = new TableSession(dialect.id, options)
  const parser = dialect.open(session, { headText: text, mapping: options.mapping, featureVectors: options.featureVectors })
  let bytesRead = 0
  let truncated: TableReport['truncated'] = false
  try {
    for await (const slice of source.slices(options.signal)) {
      throwIfAborted(options.signal)
      parser.push(slice)
      bytesRead += slice.length
      options.onProgress?.({ bytesRead, records: session.records })
      if (session.records === 0 && session.rejected >= GIVE_UP_AFTER_REJECTS) {
        truncated = { line: 0, reason: `the first ${session.rejected.toLocaleString('en-US')} rows were all rejected: is this really ${dialect.label}?` }
        break
      }
      if (parser.done) break
    }
    if (truncated === false) parser.end()
    if (truncated === false && source.endedEarly?.() === true) {
      truncated = { line: 0, reason: 'the gzip stream is damaged or cut short: only the rows before the damage were read' }
    }
  } catch (e) {
    if (!(e instanceof TableError)) throw e
    truncated = { line: e.line, reason: e.message }
  }
  session.finish()
  return {
    dialect: dialect.id,
    dialectLabel: dialect.label,
    confidence,
    compression,
    records: session.records,
    flows: session.flows?.total ?? 0,
    packets: session.packets?.total ?? 0,
    facts: session.facts,
    rejectedRows: session.rejectedRows(),
    columns: session.columns,
    labels: { column: session.flows?.labelColumn ?? session.packets?.labelColumn ?? null, classes: session.labels.classes(), unlabelled: session.labels.unlabelled },
    truncated,
    timeRange: timeRange(session),
    notes: session.notes(),
    bytesRead,
  }
}

function timeRange(session: TableSession): TableReport['timeRange'] {
  const timed = session.flows?.time.empty === false ? session.flows : session.packets?.time.empty === false ? session.packets : null
  if (timed !== null) return { first: timed.time.first, last: timed.time.last, base: timed.timeBase }
  const f = session.factTime
  return f.empty ? null : { first: f.first, last: f.last, base: f.first < 1e8 ? 'relative' : 'epoch' }
}
