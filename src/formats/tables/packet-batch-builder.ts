/**
 * Fills PacketRecordBatch columns row by row, like FlowBatchBuilder: begin(line), write row `n`, commit().
 * The Info column is the one per-row string (it is different on every row); it is capped in length.
 */
import type { LabelTable } from './label-table.ts'
import type { StringTable } from './string-table.ts'
import type { PacketRecordBatch, TableDialectId } from './table-model.ts'
import { TimeRange } from './time-range.ts'
import { DEFAULT_BATCH_ROWS } from './flow-batch-builder.ts'

export const MAX_INFO_LENGTH = 512

export interface PacketBuilderOptions {
  readonly dialect: TableDialectId
  readonly strings: StringTable
  readonly labels: LabelTable
  readonly labelColumn: string | null
  readonly capacity?: number
  readonly onBatch: (batch: PacketRecordBatch) => void
}

export class PacketBatchBuilder {
  n = 0
  total = 0
  readonly time = new TimeRange()
  /** Set by the dialect once it knows whether times are absolute. */
  timeBase: 'epoch' | 'relative' = 'epoch'
  private readonly capacity: number
  line!: Uint32Array
  number!: Uint32Array
  timeCol!: Float64Array
  src!: Uint32Array
  dst!: Uint32Array
  srcPort!: Int32Array
  dstPort!: Int32Array
  protocol!: Uint32Array
  length!: Float64Array
  info!: string[]
  labels!: Uint32Array

  get labelColumn(): string | null {
    return this.options.labelColumn
  }

  constructor(private readonly options: PacketBuilderOptions) {
    this.capacity = options.capacity ?? DEFAULT_BATCH_ROWS
    this.allocate()
  }

  private allocate(): void {
    const c = this.capacity
    this.line = new Uint32Array(c)
    this.number = new Uint32Array(c)
    this.timeCol = new Float64Array(c)
    this.src = new Uint32Array(c)
    this.dst = new Uint32Array(c)
    this.srcPort = new Int32Array(c)
    this.dstPort = new Int32Array(c)
    this.protocol = new Uint32Array(c)
    this.length = new Float64Array(c)
    this.info = []
    this.labels = new Uint32Array(c)
  }

  begin(line: number): void {
    const i = this.n
    this.line[i] = line
    this.number[i] = 0
    this.timeCol[i] = NaN
    this.src[i] = 0
    this.dst[i] = 0
    this.srcPort[i] = -1
    this.dstPort[i] = -1
    this.protocol[i] = 0
    this.length[i] = NaN
    this.info[i] = ''
    this.labels[i] = 0
  }

  commit(): void {
    const i = this.n
    const t = this.timeCol[i]
    if (t === t) this.time.add(t, t)
    this.options.labels.count(this.labels[i])
    this.n = i + 1
    this.total++
    if (this.n === this.capacity) this.flush()
  }

  flush(): void {
    const n = this.n
    if (n === 0) return
    const cut = <T extends { subarray(a: number, b: number): T }>(a: T): T => (n === this.capacity ? a : a.subarray(0, n))
    const o = this.options
    this.info.length = n
    const batch: PacketRecordBatch = {
      kind: 'packets',
      dialect: o.dialect,
      count: n,
      firstRecord: this.total - n,
      line: cut(this.line),
      number: cut(this.number),
      time: cut(this.timeCol),
      timeBase: this.timeBase,
      src: cut(this.src),
      dst: cut(this.dst),
      srcPort: cut(this.srcPort),
      dstPort: cut(this.dstPort),
      protocol: cut(this.protocol),
      length: cut(this.length),
      info: this.info,
      labels: cut(this.labels),
      strings: o.strings.strings,
      labelNames: o.labels.names,
      labelColumn: o.labelColumn,
    }
    this.n = 0
    this.allocate()
    o.onBatch(batch)
  }
}
