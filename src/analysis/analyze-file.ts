/**
 * One entry point for any input: a capture (pcap, pcapng, gzip of either) goes through analyzeCapture, a table
 * (CSV, TSV, JSON lines, gzip of either) through readTable. The kind is decided from the content, never from the
 * file name: a capture when a capture format recognises the head, else a table. A text file with no columns at
 * all is neither; a table whose columns no dialect knows throws MappingNeededError, which carries a proposed
 * column mapping and the first rows so the page can ask the user to map the columns.
 */
import type { ByteSource } from '../formats/format.ts'
import { FormatError } from '../formats/format.ts'
import { describeUnknownContent } from '../formats/content-hints.ts'
import { gunzipSource, isGzip } from '../formats/gzip.ts'
import { openCapture } from '../formats/registry.ts'
import { decodeHead, detectDelimiter, headRows, SNIFF_BYTES } from '../formats/tables/head-text.ts'
import type { ColumnMapping, FeatureVectors, MappingProposal, TableDialectId, TableProgress, TableCallbacks } from '../formats/tables/index.ts'
import { proposeFromHead, readTable, sniffTable } from '../formats/tables/index.ts'
import { analyzeCapture, type AnalyzeOptions, type CaptureSummary } from './capture-summary.ts'
import { tableSummary, TableTotals, type TableSummary } from './table-summary.ts'

export type FileAnalysis = { readonly kind: 'capture'; readonly summary: CaptureSummary } | { readonly kind: 'table'; readonly summary: TableSummary }

export interface AnalyzeFileOptions extends AnalyzeOptions, TableCallbacks {
  /** Read as a table of this dialect (no sniffing). */
  readonly dialect?: TableDialectId
  /** Read as a table through this column mapping (from the mapping dialog). */
  readonly mapping?: ColumnMapping
  /** Progress of a table read. */
  readonly onTableProgress?: (p: TableProgress) => void
  /**
   * Ask (MappingNeededError) rather than read when only a generic dialect fits, with little confidence: the page
   * lets the user confirm guessed columns; the CLI reads with the guess (it has --dialect to say otherwise).
   */
  readonly confirmGuessedColumns?: boolean
  /** Which flow tables keep per-record feature vectors (readTable's option; 'all' when absent). */
  readonly featureVectors?: FeatureVectors
}

/** Below this sniff confidence a generic (guessed-columns) reading is put to the user first. */
export const CONFIRM_GUESS_BELOW = 0.4

/** Rows shown in the mapping dialog under each column. */
export const SAMPLE_ROWS = 5

/** A table whose columns no dialect knows: what the mapping dialog needs to propose and show a mapping. */
export class MappingNeededError extends FormatError {
  constructor(
    message: string,
    readonly proposal: MappingProposal,
    /** The first data rows (cells as text), for the user to recognise the columns. */
    readonly sampleRows: readonly (readonly string[])[],
  ) {
    super('needs-mapping', message)
    this.name = 'MappingNeededError'
  }
}

/** Reads `source` as a capture or a table, whichever its content is. */
export async function analyzeFile(source: ByteSource, options: AnalyzeFileOptions = {}): Promise<FileAnalysis> {
  if (options.dialect === undefined && options.mapping === undefined && (await isCapture(source))) {
    return { kind: 'capture', summary: await analyzeCapture(source, options) }
  }
  return { kind: 'table', summary: await analyzeTable(source, options) }
}

/** True when a capture format recognises the head; bad gzip and the like are left for analyzeCapture to report. */
async function isCapture(source: ByteSource): Promise<boolean> {
  try {
    await openCapture(source)
    return true
  } catch (e) {
    if (e instanceof FormatError && e.code === 'not-recognised') return false
    // Any other FormatError (a gzip stream that cannot be decompressed) is the capture path's to report.
    if (e instanceof FormatError) return true
    throw e
  }
}

/** Reads a table into a TableSummary (counted batch by batch, then joined with the read's report). */
export async function analyzeTable(source: ByteSource, options: AnalyzeFileOptions = {}): Promise<TableSummary> {
  const totals = new TableTotals()
  try {
    if (options.confirmGuessedColumns === true && options.dialect === undefined && options.mapping === undefined) {
      const sniffed = sniffTable((await textHead(source)).head)
      const generic = sniffed.dialect === 'generic-flow-csv' || sniffed.dialect === 'generic-packet-csv'
      if (generic && sniffed.confidence < CONFIRM_GUESS_BELOW) {
        throw new FormatError('needs-mapping', `${source.name}: nettwin could only guess what the columns of this table hold; check the mapping to read it`)
      }
    }
    const report = await readTable(source, {
      dialect: options.dialect,
      mapping: options.mapping,
      featureVectors: options.featureVectors,
      signal: options.signal,
      onProgress: options.onTableProgress,
      onFlows: (b) => {
        totals.addFlows(b)
        options.onFlows?.(b)
      },
      onPackets: (b) => {
        totals.addPackets(b)
        options.onPackets?.(b)
      },
      onFacts: options.onFacts,
    })
    return tableSummary(source.name, report, totals)
  } catch (e) {
    if (!(e instanceof FormatError)) throw e
    if (e.code === 'needs-mapping') throw await mappingNeeded(source, e.message)
    if (e.code === 'not-recognised' && source.size !== 0) throw await neitherError(source)
    throw e
  }
}

async function textHead(source: ByteSource): Promise<{ head: Uint8Array; text: string }> {
  let head = await source.head(SNIFF_BYTES)
  if (isGzip(head)) head = await gunzipSource(source).head(SNIFF_BYTES)
  return { head, text: decodeHead(head) }
}

/** The mapping dialog's material, or a plain "not recognised" when the text has no columns to map. */
async function mappingNeeded(source: ByteSource, message: string): Promise<FormatError> {
  const { head, text } = await textHead(source)
  const proposal = proposeFromHead(text)
  const delimiter = detectDelimiter(text)
  if (proposal === null || delimiter === null) return notRecognised(source, head)
  const rows = headRows(text, delimiter, SAMPLE_ROWS + 1)
  return new MappingNeededError(message, proposal, proposal.mapping.hasHeader ? rows.slice(1) : rows.slice(0, SAMPLE_ROWS))
}

async function neitherError(source: ByteSource): Promise<FormatError> {
  return notRecognised(source, (await textHead(source)).head)
}

function notRecognised(source: ByteSource, head: Uint8Array): FormatError {
  return new FormatError(
    'not-recognised',
    `${source.name}: not a pcap or pcapng capture, nor a table (CSV, TSV, JSON lines): ${describeUnknownContent(head)}`,
  )
}
