/**
 * One Zeek TSV log section (from its #fields line to the next): conn records into the flow builder, other logs
 * into facts. Column positions are resolved once per section; values use the section's unset ('-') and
 * empty ('(empty)') markers and Zeek's \xNN escaping (undone for text that reaches facts and labels).
 */
import { readFeatures, readPort } from './dialect.ts'
import type { FlowBatchBuilder } from './flow-batch-builder.ts'
import { LabelColumn } from './label-table.ts'
import type { NumberReader } from './numbers.ts'
import { NumberStatus } from './numbers.ts'
import { normaliseProtocol, normaliseService, PortServices } from './protocols.ts'
import type { RowFields } from './row-fields.ts'
import { capLength, ColumnInterner, detach } from './string-table.ts'
import type { TableSession } from './table-session.ts'
import { isMasked, unescapeZeek, ZEEK_LABEL_COLUMNS, ZEEK_NUMBER_TYPES } from './zeek-fields.ts'

export interface ZeekMeta {
  readonly setSeparator: string
  readonly emptyField: string
  readonly unsetField: string
}

/** conn.log columns that map to flow columns rather than features. */
const CONN_CANONICAL = new Set([
  'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration', 'orig_bytes',
  'resp_bytes', 'conn_state', 'history', 'orig_pkts', 'orig_ip_bytes', 'resp_pkts', 'resp_ip_bytes',
])
/** Numeric conn.log columns kept as features when the log has no #types line. */
const CONN_NUMERIC = ['missed_bytes', 'ip_proto']
export const MAX_FACT_VALUE = 1024
/** Count columns, in the order of countTarget(). */
const COUNT_COLUMNS = ['orig_pkts', 'resp_pkts', 'orig_ip_bytes', 'resp_ip_bytes', 'orig_bytes', 'resp_bytes']

function countTarget(b: FlowBatchBuilder, k: number): Float64Array {
  switch (k) {
    case 0:
      return b.origPkts
    case 1:
      return b.respPkts
    case 2:
      return b.origBytes
    case 3:
      return b.respBytes
    case 4:
      return b.origPayloadBytes
    default:
      return b.respPayloadBytes
  }
}

export class ZeekTsvLog {
  /** Column of each conn field used (-1: absent). */
  private readonly ix: Readonly<Record<'ts' | 'duration' | 'uid' | 'src' | 'dst' | 'sport' | 'dport' | 'proto' | 'service' | 'state' | 'history', number>>
  private readonly countCols: Int32Array
  private readonly nr: NumberReader
  private readonly flows: FlowBatchBuilder | null = null
  private readonly featureCols: Int32Array = new Int32Array(0)
  private readonly strings: Record<'src' | 'dst' | 'proto' | 'service' | 'state' | 'history' | 'uid', ColumnInterner>
  private readonly services: PortServices
  /** Label columns: detailed first, the plain one when the detailed one is unset (IoT-23 "label"/"detailed-label"). */
  private readonly labels: { readonly at: number; readonly part: number; readonly column: LabelColumn }[] = []

  constructor(
    private readonly session: TableSession,
    readonly kind: string,
    private readonly names: readonly string[],
    types: readonly string[] | null,
    private readonly meta: ZeekMeta,
  ) {
    const at = (name: string): number => names.indexOf(name)
    this.ix = {
      ts: at('ts'), duration: at('duration'), uid: at('uid'), src: at('id.orig_h'), dst: at('id.resp_h'),
      sport: at('id.orig_p'), dport: at('id.resp_p'), proto: at('proto'), service: at('service'),
      state: at('conn_state'), history: at('history'),
    }
    this.countCols = Int32Array.from(COUNT_COLUMNS.map(at))
    this.nr = session.numberReader({ missing: [meta.unsetField, meta.emptyField] })
    const s = session.strings
    const unset = (t?: (v: string) => string) => (v: string) => (v === meta.unsetField || v === meta.emptyField ? '' : t ? t(v) : v)
    const words = [meta.unsetField, meta.emptyField]
    this.strings = {
      src: new ColumnInterner(s, undefined, words),
      dst: new ColumnInterner(s, undefined, words),
      proto: new ColumnInterner(s, normaliseProtocol, words),
      service: new ColumnInterner(s, (v) => normaliseService(v), words),
      state: new ColumnInterner(s, undefined, words),
      history: new ColumnInterner(s, undefined, words),
      uid: new ColumnInterner(s, undefined, words),
    }
    this.services = new PortServices(s)
    if (kind !== 'conn') return
    // IoT-23's labelled conn logs end with "tunnel_parents   label   detailed-label": three columns joined by
    // spaces in one tab-separated field, in the #fields line and in every record.
    const lastAt = names.length - 1
    const packed = lastAt >= 0 && /\s/.test(names[lastAt].trim()) ? names[lastAt].trim().split(/\s+/) : []
    const labelNames = ZEEK_LABEL_COLUMNS.filter((n) => names.includes(n) || packed.includes(n))
    const features: string[] = []
    names.forEach((n, i) => {
      if (CONN_CANONICAL.has(n) || labelNames.includes(n)) return
      if (types !== null ? ZEEK_NUMBER_TYPES.has(types[i] ?? '') : CONN_NUMERIC.includes(n)) features.push(n)
    })
    this.flows = session.flowBuilder(features, labelNames[0] ?? null)
    // A file with several conn logs keeps the first log's feature list; later logs fill it by name.
    this.featureCols = Int32Array.from(this.flows.featureNames.map((n) => names.indexOf(n)))
    for (const name of labelNames) {
      const at = names.indexOf(name)
      this.labels.push({ at: at >= 0 ? at : lastAt, part: at >= 0 ? -1 : packed.indexOf(name), column: new LabelColumn(session.labels, unset(unescapeZeek)) })
    }
    if (labelNames.length > 0 && this.flows.labelColumn === null) this.flows.labelColumn = labelNames[0]
  }

  private label(row: RowFields): number {
    for (const l of this.labels) {
      let id: number
      if (l.part < 0) id = l.column.id(row, l.at)
      else {
        const value = row.field(l.at).trim().split(/\s+/)[l.part] ?? ''
        id = value === this.meta.unsetField ? 0 : this.session.labels.id(unescapeZeek(value))
      }
      if (id !== 0) return id
    }
    return 0
  }

  row(row: RowFields): string | null {
    if (row.count !== this.names.length) return `expected ${this.names.length} fields, found ${row.count}`
    return this.flows !== null ? this.conn(row, this.flows) : this.fact(row)
  }

  /** A number cell: NaN when unset, empty or masked by the btest canonifier (noted), else read strictly. */
  private number(row: RowFields, i: number): number {
    if (i < 0 || i >= row.count) {
      this.nr.status = NumberStatus.missing
      return NaN
    }
    const fast = row.simple[i]
    if (fast === fast) {
      this.nr.status = NumberStatus.ok
      return fast
    }
    const text = row.field(i)
    const v = this.nr.read(text)
    if (this.nr.status === NumberStatus.invalid && isMasked(text)) {
      // Not a bad number: a value the btest canonifier hid. Noted, and read as unknown.
      this.nr.tally.invalid--
      this.nr.status = NumberStatus.missing
      this.session.note('zeek.masked-value')
    }
    return v
  }

  private time(row: RowFields, i: number): number {
    const v = this.number(row, i)
    return this.nr.status === NumberStatus.ok ? v : NaN
  }

  private conn(row: RowFields, b: FlowBatchBuilder): string | null {
    const ix = this.ix
    const nr = this.nr
    const i = b.n
    b.begin(row.line)
    nr.status = NumberStatus.ok
    b.startTime[i] = this.time(row, ix.ts)
    b.duration[i] = this.time(row, ix.duration)
    const s = this.strings
    b.uid[i] = s.uid.id(row, ix.uid)
    b.srcAddr[i] = s.src.id(row, ix.src)
    b.dstAddr[i] = s.dst.id(row, ix.dst)
    b.srcPort[i] = readPort(row, ix.sport)
    b.dstPort[i] = readPort(row, ix.dport)
    const p = s.proto.id(row, ix.proto)
    b.protocol[i] = p
    const svc = s.service.id(row, ix.service)
    b.service[i] = svc !== 0 ? svc : this.services.id(p, b.dstPort[i])
    const state = s.state.id(row, ix.state)
    b.connState[i] = state
    b.state[i] = state
    b.history[i] = s.history.id(row, ix.history)
    for (let k = 0; k < this.countCols.length; k++) {
      const col = this.countCols[k]
      if (col < 0) continue
      nr.status = NumberStatus.ok
      const v = this.number(row, col)
      if ((nr.status as NumberStatus) === NumberStatus.invalid) return `${COUNT_COLUMNS[k]} is not a number`
      countTarget(b, k)[i] = v
    }
    readFeatures(row, this.featureCols, b.features, i * b.featureCount, nr)
    if (this.labels.length > 0) b.labels[i] = this.label(row)
    b.commit()
    return null
  }

  private fact(row: RowFields): string | null {
    const { unsetField, emptyField, setSeparator } = this.meta
    const values = new Map<string, string>()
    let uids: string[] = []
    let time: number | null = null
    for (let c = 0; c < this.names.length; c++) {
      const raw = row.field(c)
      if (raw === unsetField) continue
      const name = this.names[c]
      const value = raw === emptyField ? '' : detach(capLength(unescapeZeek(raw), MAX_FACT_VALUE))
      values.set(name, value)
      if (name === 'uid' && value !== '') uids = [value]
      else if (name === 'uids' && value !== '') uids = value.split(setSeparator)
      else if (name === 'ts') {
        const t = this.time(row, c)
        time = Number.isNaN(t) ? null : t
      }
    }
    this.session.fact({ log: this.kind, line: row.line, uids, time, values })
    return null
  }
}
