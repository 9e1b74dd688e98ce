/**
 * The summary of a traffic table (NSL-KDD, CIC-IDS2017, Zeek conn.log, Wireshark CSV, a mapped CSV, ...): what
 * `nettwin analyze` prints and the table views show. TableTotals counts the record batches as they arrive, with
 * typed counters keyed by the batches' interned string ids (no object per row); tableSummary() then joins them
 * with the TableReport that readTable returns. PacketTableFeed sends a packet table's records down the capture's
 * packet path (flows, statistics, detector taps), so a packet table is summarised like the capture it came from.
 */
import type { DecodeContext } from '../decode/context.ts'
import type { ConfusionCounts, LabelScores } from '../detect/label-scoring.ts'
import type { FlowRecordBatch, PacketRecordBatch, RejectedRows, TableDialectId, TableReport } from '../formats/tables/index.ts'
import { PacketRecordDecoder, TABLE_PACKET_LINKTYPE } from '../formats/tables/packet-records.ts'
import { PacketBatch } from '../model/packet-batch.ts'
import type { CaptureAnalysis } from './capture-analysis.ts'
import { summarizeCapture, Totals, type CaptureSummary } from './capture-summary.ts'

/** Rows of one label class, and how many of them a detector flagged. */
export interface LabelClassSummary {
  readonly rows: number
  /**
   * Rows of this class that any detector flagged (their flow is an alert's evidence: detect/label-scoring.ts);
   * 0 when the detectors did not run on the table (no flow records with addresses and start times).
   */
  readonly flagged: number
}

export interface TableSummary {
  readonly fileName: string
  readonly format: 'table'
  readonly dialect: TableDialectId
  readonly dialectLabel: string
  /** Sniff confidence, or 1 when the dialect or a mapping was chosen by the user. */
  readonly confidence: number
  readonly compression: 'gzip' | null
  /** Rows read into records (flows + packets + facts). */
  readonly records: number
  readonly flows: number
  readonly packets: number
  readonly facts: number
  readonly rejectedRows: RejectedRows
  readonly columns: readonly string[]
  readonly labels: {
    readonly column: string | null
    readonly classes: { readonly [name: string]: LabelClassSummary }
    readonly unlabelled: number
    /**
     * Per detector id (and 'any': flagged by at least one), flagged rows against the labels, every class not in
     * benignClasses counting as an attack. Absent when the detectors did not run on the table.
     */
    readonly confusion?: { readonly [detector: string]: ConfusionCounts }
    readonly benignClasses?: readonly string[]
    /** Labelled rows the matrices count (rows without a start time never reach the detectors). */
    readonly scoredRows?: number
  }
  /** Whether any record has an address / a time: views that need them say so when they do not. */
  readonly hasAddresses: boolean
  readonly hasTimestamps: boolean
  /** Seconds (epoch, or relative to the first record when timeBase is 'relative'); null without timestamps. */
  readonly start: number | null
  readonly end: number | null
  readonly timeBase: 'epoch' | 'relative' | null
  /** Bytes over all flow records (both directions; payload bytes when the table has no wire bytes) or packet lengths. */
  readonly bytes: number
  /** Records per protocol name ('tcp', 'udp', ...; '(unknown)' when the table gives none). */
  readonly protocols: { readonly [name: string]: number }
  /** Flow records per service name (flows only). */
  readonly services: { readonly [name: string]: number }
  /** Flow records per Zeek conn_state, or the dataset's own state when it has no conn_state. */
  readonly connStates: { readonly [name: string]: number }
  /** Addresses by bytes sent plus received, largest first (empty without addresses). */
  readonly topTalkers: readonly { readonly address: string; readonly bytes: number; readonly records: number }[]
  /** Caveats on values read anyway (number.nan, number.infinity, ...). */
  readonly notes: { readonly [code: string]: number }
  readonly truncated: TableReport['truncated']
  readonly bytesRead: number
}

export const TOP_TALKERS = 20
const UNKNOWN = '(unknown)'

/** Counts indexed by string id, growing as the (append-only, capped) string table grows. */
class IdCounts {
  values = new Float64Array(64)

  add(id: number, n: number): void {
    if (id >= this.values.length) {
      const grown = new Float64Array(Math.max(id + 1, this.values.length * 2))
      grown.set(this.values)
      this.values = grown
    }
    this.values[id] += n
  }

  /** name -> count for every id counted, '(unknown)' for id 0; names from the read's string table. */
  toRecord(strings: readonly string[]): { [name: string]: number } {
    const entries: [string, number][] = []
    for (let id = 0; id < this.values.length; id++) {
      const v = this.values[id]
      if (v > 0) entries.push([id === 0 ? UNKNOWN : (strings[id] ?? UNKNOWN), v])
    }
    entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    return Object.fromEntries(entries)
  }
}

const bytesOf = (v: number): number => (v === v && v > 0 ? v : 0)

/** Running totals over the record batches of one table read. */
export class TableTotals {
  private readonly protocol = new IdCounts()
  private readonly service = new IdCounts()
  private readonly state = new IdCounts()
  private readonly talkerBytes = new IdCounts()
  private readonly talkerRecords = new IdCounts()
  private strings: readonly string[] = ['']
  private addressed = 0
  private timed = 0
  bytes = 0

  addFlows(b: FlowRecordBatch): void {
    this.strings = b.strings
    for (let i = 0; i < b.count; i++) {
      this.protocol.add(b.protocol[i], 1)
      if (b.service[i] !== 0) this.service.add(b.service[i], 1)
      const state = b.connState[i] !== 0 ? b.connState[i] : b.state[i]
      if (state !== 0) this.state.add(state, 1)
      // Wire bytes where the dataset counts them, else its payload bytes (NSL-KDD has only src_bytes/dst_bytes).
      const wire = bytesOf(b.origBytes[i]) + bytesOf(b.respBytes[i])
      const bytes = wire > 0 ? wire : bytesOf(b.origPayloadBytes[i]) + bytesOf(b.respPayloadBytes[i])
      this.bytes += bytes
      if (b.startTime[i] === b.startTime[i]) this.timed++
      this.talk(b.srcAddr[i], b.dstAddr[i], bytes)
    }
  }

  addPackets(b: PacketRecordBatch): void {
    this.strings = b.strings
    for (let i = 0; i < b.count; i++) {
      this.protocol.add(b.protocol[i], 1)
      const bytes = bytesOf(b.length[i])
      this.bytes += bytes
      if (b.time[i] === b.time[i]) this.timed++
      this.talk(b.src[i], b.dst[i], bytes)
    }
  }

  private talk(src: number, dst: number, bytes: number): void {
    if (src === 0 && dst === 0) return
    this.addressed++
    if (src !== 0) {
      this.talkerBytes.add(src, bytes)
      this.talkerRecords.add(src, 1)
    }
    if (dst !== 0 && dst !== src) {
      this.talkerBytes.add(dst, bytes)
      this.talkerRecords.add(dst, 1)
    }
  }

  get hasAddresses(): boolean {
    return this.addressed > 0
  }

  get hasTimestamps(): boolean {
    return this.timed > 0
  }

  protocols(): { [name: string]: number } {
    return this.protocol.toRecord(this.strings)
  }

  services(): { [name: string]: number } {
    return this.service.toRecord(this.strings)
  }

  connStates(): { [name: string]: number } {
    return this.state.toRecord(this.strings)
  }

  topTalkers(n = TOP_TALKERS): TableSummary['topTalkers'] {
    const ids: number[] = []
    const bytes = this.talkerBytes.values
    for (let id = 1; id < this.talkerRecords.values.length; id++) if (this.talkerRecords.values[id] > 0) ids.push(id)
    ids.sort((a, b) => bytes[b] - bytes[a] || this.talkerRecords.values[b] - this.talkerRecords.values[a])
    return ids.slice(0, n).map((id) => ({ address: this.strings[id] ?? UNKNOWN, bytes: bytes[id], records: this.talkerRecords.values[id] }))
  }
}

/** Joins the report of a finished (or stopped) read with the totals counted from its batches. */
export function tableSummary(fileName: string, report: TableReport, totals: TableTotals): TableSummary {
  const classes: { [name: string]: LabelClassSummary } = {}
  for (const [name, c] of Object.entries(report.labels.classes)) {
    Object.defineProperty(classes, name, { value: { rows: c.rows, flagged: 0 }, enumerable: true, writable: false, configurable: false })
  }
  // A log of facts only (a Zeek dns.log) has times but no flow or packet records to carry them.
  const range = totals.hasTimestamps || report.flows + report.packets === 0 ? report.timeRange : null
  return {
    fileName,
    format: 'table',
    dialect: report.dialect,
    dialectLabel: report.dialectLabel,
    confidence: report.confidence,
    compression: report.compression,
    records: report.records,
    flows: report.flows,
    packets: report.packets,
    facts: report.facts,
    rejectedRows: report.rejectedRows,
    columns: report.columns,
    labels: { column: report.labels.column, classes, unlabelled: report.labels.unlabelled },
    hasAddresses: totals.hasAddresses,
    hasTimestamps: range !== null,
    start: range?.first ?? null,
    end: range?.last ?? null,
    timeBase: range?.base ?? null,
    bytes: totals.bytes,
    protocols: totals.protocols(),
    services: totals.services(),
    connStates: totals.connStates(),
    topTalkers: totals.hasAddresses ? totals.topTalkers() : [],
    notes: report.notes,
    truncated: report.truncated,
    bytesRead: report.bytesRead,
  }
}

/** The summary with the detectors' flagged rows per class and their confusion matrices filled in. */
export function withLabelScores(summary: TableSummary, scores: LabelScores): TableSummary {
  const classes: { [name: string]: LabelClassSummary } = {}
  for (const [name, c] of Object.entries(summary.labels.classes)) {
    const flagged = Object.hasOwn(scores.flaggedByClass, name) ? scores.flaggedByClass[name] : 0
    Object.defineProperty(classes, name, { value: { rows: c.rows, flagged }, enumerable: true, writable: false, configurable: false })
  }
  return {
    ...summary,
    labels: { ...summary.labels, classes, confusion: scores.confusion, benignClasses: scores.benignClasses, scoredRows: scores.scoredRows },
  }
}

/** A packet table analysed as a capture: the capture summary of its packets, with the table's own summary. */
export interface PacketTableSummary extends CaptureSummary {
  readonly table: TableSummary
}

/**
 * Feeds the packet records of a table read into a CaptureAnalysis as packet batches (formats/tables/
 * packet-records.ts says which fields come from where), with the capture path's totals; onBatch sees every
 * batch as a capture's consumers do (packet taps, live detection).
 */
export class PacketTableFeed {
  private readonly totals = new Totals()
  private readonly decoder: PacketRecordDecoder
  /** Made on the first packet record: most files are captures or flow tables and never need it. */
  private batch: PacketBatch | null = null

  constructor(
    readonly analysis: CaptureAnalysis,
    private readonly onBatch?: (batch: PacketBatch, ctx: DecodeContext) => void,
  ) {
    this.decoder = new PacketRecordDecoder(analysis.ctx)
  }

  /** Packets fed so far. */
  get packets(): number {
    return this.totals.packets + (this.batch?.count ?? 0)
  }

  add(records: PacketRecordBatch): void {
    const batch = (this.batch ??= new PacketBatch())
    let from = 0
    while (from < records.count) {
      const n = Math.min(batch.capacity - batch.count, records.count - from)
      from += this.decoder.fill(records, from, n, batch)
      if (batch.full) this.flush()
    }
  }

  private flush(): void {
    const b = this.batch
    if (b === null || b.count === 0) return
    this.totals.add(b)
    this.analysis.consume(b)
    this.onBatch?.(b, this.analysis.ctx)
    b.reset()
  }

  /** Finishes the analysis (flows closed at the last packet) and returns the capture summary of the table. */
  summary(table: TableSummary): PacketTableSummary {
    this.flush()
    const ctx = this.analysis.ctx
    const capture = summarizeCapture(
      table.fileName,
      {
        format: table.dialect,
        compression: table.compression,
        linkTypes: this.totals.packets > 0 ? [TABLE_PACKET_LINKTYPE] : [],
        truncated: table.truncated === false ? false : table.bytesRead,
        interfaces: [],
        comments: [],
        timePrecision: 'micro',
        anomalies: ctx.anomalies.toRecord(),
        ipConversations: ctx.ipPairs.size,
        unsupportedLinkTypes: {},
        cancelled: false,
      },
      this.totals,
      this.analysis,
    )
    return { ...capture, table }
  }
}

/**
 * The batch as the detectors need to keep it until the read ends. A batch with a row that has an address and a
 * start time puts the table on the flow path (detect/table-detection.ts), which never reads the per-record feature
 * vectors: those are dropped, as they are most of a batch's memory (CIC-IDS2017 rows carry about 80 numbers, so
 * keeping them costs as much memory as the file has bytes). Other batches are kept whole for the record-feature
 * rules.
 */
export function retainedForDetection(b: FlowRecordBatch): FlowRecordBatch {
  if (b.features.length === 0) return b
  for (let i = 0; i < b.count; i++) {
    if ((b.srcAddr[i] !== 0 || b.dstAddr[i] !== 0) && b.startTime[i] === b.startTime[i]) return { ...b, features: new Float64Array(0) }
  }
  return b
}
