/**
 * Fills FlowRecordBatch columns row by row and hands a batch over every `capacity` records. A dialect calls
 * begin(line), writes the columns of row `n` directly (b.duration[b.n] = ...), then commit() or, when the row
 * turns out to be bad, nothing: begin() resets the slot anyway. Each batch gets fresh arrays, so a consumer may
 * keep or transfer them.
 */
import type { LabelTable } from './label-table.ts'
import type { StringTable } from './string-table.ts'
import type { FlowRecordBatch, TableDialectId } from './table-model.ts'
import { TimeRange } from './time-range.ts'

export const DEFAULT_BATCH_ROWS = 8192

export interface FlowBuilderOptions {
  readonly dialect: TableDialectId
  readonly strings: StringTable
  readonly labels: LabelTable
  readonly labelColumn: string | null
  readonly featureNames: readonly string[]
  readonly timeBase: 'epoch' | 'relative'
  readonly capacity?: number
  readonly onBatch: (batch: FlowRecordBatch) => void
}

export class FlowBatchBuilder {
  /** Slot of the row being filled (rows already in the current batch). */
  n = 0
  /** Records committed over the whole read. */
  total = 0
  readonly time = new TimeRange()
  readonly featureCount: number
  labelColumn: string | null
  /** 'relative' when the first start time is too small to be a date (seconds since a capture's start). */
  timeBase: 'epoch' | 'relative'
  private timeBaseKnown = false
  private readonly capacity: number
  line!: Uint32Array
  startTime!: Float64Array
  duration!: Float64Array
  srcAddr!: Uint32Array
  dstAddr!: Uint32Array
  srcPort!: Int32Array
  dstPort!: Int32Array
  protocol!: Uint32Array
  service!: Uint32Array
  origPkts!: Float64Array
  respPkts!: Float64Array
  origBytes!: Float64Array
  respBytes!: Float64Array
  origPayloadBytes!: Float64Array
  respPayloadBytes!: Float64Array
  connState!: Uint32Array
  state!: Uint32Array
  history!: Uint32Array
  uid!: Uint32Array
  labels!: Uint32Array
  features!: Float64Array

  constructor(private readonly options: FlowBuilderOptions) {
    this.capacity = options.capacity ?? DEFAULT_BATCH_ROWS
    this.featureCount = options.featureNames.length
    this.labelColumn = options.labelColumn
    this.timeBase = options.timeBase
    this.allocate()
  }

  private allocate(): void {
    const c = this.capacity
    this.line = new Uint32Array(c)
    this.startTime = new Float64Array(c)
    this.duration = new Float64Array(c)
    this.srcAddr = new Uint32Array(c)
    this.dstAddr = new Uint32Array(c)
    this.srcPort = new Int32Array(c)
    this.dstPort = new Int32Array(c)
    this.protocol = new Uint32Array(c)
    this.service = new Uint32Array(c)
    this.origPkts = new Float64Array(c)
    this.respPkts = new Float64Array(c)
    this.origBytes = new Float64Array(c)
    this.respBytes = new Float64Array(c)
    this.origPayloadBytes = new Float64Array(c)
    this.respPayloadBytes = new Float64Array(c)
    this.connState = new Uint32Array(c)
    this.state = new Uint32Array(c)
    this.history = new Uint32Array(c)
    this.uid = new Uint32Array(c)
    this.labels = new Uint32Array(c)
    this.features = new Float64Array(c * this.featureCount)
  }

  get featureNames(): readonly string[] {
    return this.options.featureNames
  }

  /** Starts row `n` with every column but the features unknown. */
  begin(line: number): void {
    const i = this.n
    this.line[i] = line
    this.startTime[i] = NaN
    this.duration[i] = NaN
    this.srcAddr[i] = 0
    this.dstAddr[i] = 0
    this.srcPort[i] = -1
    this.dstPort[i] = -1
    this.protocol[i] = 0
    this.service[i] = 0
    this.origPkts[i] = NaN
    this.respPkts[i] = NaN
    this.origBytes[i] = NaN
    this.respBytes[i] = NaN
    this.origPayloadBytes[i] = NaN
    this.respPayloadBytes[i] = NaN
    this.connState[i] = 0
    this.state[i] = 0
    this.history[i] = 0
    this.uid[i] = 0
    this.labels[i] = 0
    // Features are not reset: every dialect writes all of a row's features (readFeatures does).
  }

  /** Keeps row `n`; hands the batch over when it is full. */
  commit(): void {
    const i = this.n
    const start = this.startTime[i]
    if (start === start) {
      if (!this.timeBaseKnown) {
        this.timeBase = start < 1e8 ? 'relative' : 'epoch'
        this.timeBaseKnown = true
      }
      const d = this.duration[i]
      this.time.add(start, d === d && d > 0 ? start + d : start)
    }
    this.options.labels.count(this.labels[i])
    this.n = i + 1
    this.total++
    if (this.n === this.capacity) this.flush()
  }

  /** Hands over the rows collected so far, if any. */
  flush(): void {
    const n = this.n
    if (n === 0) return
    const cut = <T extends { subarray(a: number, b: number): T }>(a: T, per = 1): T => (n === this.capacity ? a : a.subarray(0, n * per))
    const o = this.options
    const batch: FlowRecordBatch = {
      kind: 'flows',
      dialect: o.dialect,
      count: n,
      firstRecord: this.total - n,
      line: cut(this.line),
      startTime: cut(this.startTime),
      timeBase: this.timeBase,
      duration: cut(this.duration),
      srcAddr: cut(this.srcAddr),
      dstAddr: cut(this.dstAddr),
      srcPort: cut(this.srcPort),
      dstPort: cut(this.dstPort),
      protocol: cut(this.protocol),
      service: cut(this.service),
      origPkts: cut(this.origPkts),
      respPkts: cut(this.respPkts),
      origBytes: cut(this.origBytes),
      respBytes: cut(this.respBytes),
      origPayloadBytes: cut(this.origPayloadBytes),
      respPayloadBytes: cut(this.respPayloadBytes),
      connState: cut(this.connState),
      state: cut(this.state),
      history: cut(this.history),
      uid: cut(this.uid),
      labels: cut(this.labels),
      strings: o.strings.strings,
      labelNames: o.labels.names,
      labelColumn: this.labelColumn,
      featureNames: o.featureNames,
      features: cut(this.features, this.featureCount),
    }
    this.n = 0
    this.allocate()
    o.onBatch(batch)
  }
}
