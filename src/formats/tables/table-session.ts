/**
 * The state of one table read that every dialect shares: the string and label dictionaries, the batch builders,
 * the tally of rejected rows (with the first examples, so the user can find them), notes on values that were
 * read with a caveat (masked timestamps, Infinity cells), and the facts buffer. read-table.ts turns it into the
 * TableReport at the end.
 */
import { FlowBatchBuilder } from './flow-batch-builder.ts'
import { LabelTable } from './label-table.ts'
import type { NumberWords } from './numbers.ts'
import { NumberReader } from './numbers.ts'
import { PacketBatchBuilder } from './packet-batch-builder.ts'
import { detach, StringTable } from './string-table.ts'
import { TimeRange } from './time-range.ts'
import type { FlowRecordBatch, PacketRecordBatch, TableDialectId, TableFact } from './table-model.ts'

export const MAX_REJECT_EXAMPLES = 10
const FACT_BATCH = 1024

export interface TableCallbacks {
  readonly onFlows?: (batch: FlowRecordBatch) => void
  readonly onPackets?: (batch: PacketRecordBatch) => void
  readonly onFacts?: (facts: readonly TableFact[]) => void
}

export interface RejectedRows {
  readonly count: number
  /** Rows per reason. */
  readonly reasons: { readonly [reason: string]: number }
  /** The first rejected rows, by line. */
  readonly examples: readonly { readonly line: number; readonly reason: string }[]
}

export class TableSession {
  readonly strings = new StringTable()
  readonly labels = new LabelTable()
  private columnNames: readonly string[] = []
  flows: FlowBatchBuilder | null = null
  packets: PacketBatchBuilder | null = null
  facts = 0
  private rejectCount = 0
  private readonly reasons = new Map<string, number>()
  private readonly examples: { line: number; reason: string }[] = []
  private readonly noteCounts = new Map<string, number>()
  private readonly numberReaders: NumberReader[] = []
  private factBuffer: TableFact[] = []

  constructor(readonly dialect: TableDialectId, private readonly callbacks: TableCallbacks) {}

  /** Column names as the table gives them (or as the dialect knows them for header-less tables). */
  get columns(): readonly string[] {
    return this.columnNames
  }

  set columns(names: readonly string[]) {
    this.columnNames = names.map(detach)
  }

  /** The flow builder of this read, created on first use with the dialect's feature columns. */
  flowBuilder(featureNames: readonly string[], labelColumn: string | null, timeBase: 'epoch' | 'relative' = 'epoch'): FlowBatchBuilder {
    if (this.flows === null) {
      this.flows = new FlowBatchBuilder({
        dialect: this.dialect,
        strings: this.strings,
        labels: this.labels,
        labelColumn: labelColumn === null ? null : detach(labelColumn),
        featureNames: featureNames.map(detach),
        timeBase,
        onBatch: (b) => this.callbacks.onFlows?.(b),
      })
    }
    return this.flows
  }

  packetBuilder(labelColumn: string | null): PacketBatchBuilder {
    if (this.packets === null) {
      this.packets = new PacketBatchBuilder({
        dialect: this.dialect,
        strings: this.strings,
        labels: this.labels,
        labelColumn: labelColumn === null ? null : detach(labelColumn),
        onBatch: (b) => this.callbacks.onPackets?.(b),
      })
    }
    return this.packets
  }

  /** A number reader whose special-value tally ends up in the report. */
  numberReader(words: NumberWords): NumberReader {
    const r = new NumberReader(words)
    this.numberReaders.push(r)
    return r
  }

  reject(line: number, reason: string): void {
    this.rejectCount++
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1)
    if (this.examples.length < MAX_REJECT_EXAMPLES) this.examples.push({ line, reason })
  }

  get rejected(): number {
    return this.rejectCount
  }

  /** Counts a caveat about values that were read anyway ('zeek.masked-time', 'cicids.infinity', ...). */
  note(code: string, n = 1): void {
    this.noteCounts.set(code, (this.noteCounts.get(code) ?? 0) + n)
  }

  /** Times of the facts, for the report when the table has no flows or packets. */
  readonly factTime = new TimeRange()

  fact(f: TableFact): void {
    this.facts++
    if (f.time !== null) this.factTime.add(f.time, f.time)
    this.factBuffer.push(f)
    if (this.factBuffer.length >= FACT_BATCH) this.flushFacts()
  }

  private flushFacts(): void {
    if (this.factBuffer.length === 0) return
    const facts = this.factBuffer
    this.factBuffer = []
    this.callbacks.onFacts?.(facts)
  }

  /** Hands over whatever is still buffered. */
  finish(): void {
    this.flows?.flush()
    this.packets?.flush()
    this.flushFacts()
  }

  get records(): number {
    return (this.flows?.total ?? 0) + (this.packets?.total ?? 0) + this.facts
  }

  rejectedRows(): RejectedRows {
    return {
      count: this.rejectCount,
      reasons: Object.fromEntries([...this.reasons].sort((a, b) => b[1] - a[1])),
      examples: this.examples.slice(),
    }
  }

  notes(): { readonly [code: string]: number } {
    const all = new Map(this.noteCounts)
    for (const r of this.numberReaders) {
      const t = r.tally
      if (t.nan) all.set('number.nan', (all.get('number.nan') ?? 0) + t.nan)
      if (t.infinity) all.set('number.infinity', (all.get('number.infinity') ?? 0) + t.infinity)
      if (t.overflow) all.set('number.overflow', (all.get('number.overflow') ?? 0) + t.overflow)
      if (t.invalid) all.set('number.invalid', (all.get('number.invalid') ?? 0) + t.invalid)
    }
    if (this.strings.overflowed) all.set('strings.too-many-distinct', this.strings.overflowed)
    return Object.fromEntries([...all].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
  }
}
