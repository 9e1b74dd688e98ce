/**
 * The strict schema of a saved traffic table's summary (analysis/table-summary.ts), read back from IndexedDB or
 * an imported session file. Every TableSummary field has a validator here, so the compiler fails the build when
 * a field is added without one. The label matrices are optional in TableSummary (absent when the detectors did
 * not run): an absent or undefined key stays absent; any other key outside the schema is refused.
 */
import type { ConfusionCounts } from '../detect/label-scoring.ts'
import type { LabelClassSummary, TableSummary } from '../analysis/table-summary.ts'
import type { RejectedRows, TableDialectId } from '../formats/tables/index.ts'
import { FORBIDDEN_KEYS } from './session-types.ts'
import { type Validator, ValidationError, arrayOf, bool, either, int, literal, nullable, num, object, record, str } from './validate.ts'

const SAFE = Number.MAX_SAFE_INTEGER
const count = int(0, SAFE)
const amount = num(0, Number.MAX_VALUE)
const finite = num(-Number.MAX_VALUE, Number.MAX_VALUE)
const cell = str(4096)

export const TABLE_DIALECTS: readonly TableDialectId[] = [
  'nsl-kdd', 'cicids', 'unsw-nb15', 'zeek-tsv', 'zeek-json', 'argus', 'suricata-eve', 'wireshark-csv', 'generic-packet-csv', 'generic-flow-csv',
]

const confusionCounts = object<ConfusionCounts>({ tp: count, fp: count, fn: count, tn: count })
const labelClass = object<LabelClassSummary>({ rows: count, flagged: count })

type Labels = TableSummary['labels']
type RequiredLabels = Pick<Labels, 'column' | 'classes' | 'unlabelled'>
const OPTIONAL_LABEL_KEYS = ['confusion', 'benignClasses', 'scoredRows'] as const
const requiredLabels = object<RequiredLabels>({ column: nullable(cell), classes: record(labelClass, 65_536, 4096), unlabelled: count })
const confusion = record(confusionCounts, 256)
const benignClasses = arrayOf(cell, 65_536)

/** The labels block: its three required keys, and each optional key only when present with a value. */
const labels: Validator<Labels> = (v, path) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ValidationError(path, 'expected an object')
  const source = v as Record<string, unknown>
  const required: Record<string, unknown> = {}
  for (const k of Object.keys(source)) {
    if (FORBIDDEN_KEYS.has(k)) throw new ValidationError(path, `forbidden key "${k}"`)
    if (!(OPTIONAL_LABEL_KEYS as readonly string[]).includes(k)) required[k] = source[k]
  }
  const out: { -readonly [K in keyof Labels]: Labels[K] } = requiredLabels(required, path)
  if (source.confusion !== undefined) out.confusion = confusion(source.confusion, `${path}.confusion`)
  if (source.benignClasses !== undefined) out.benignClasses = benignClasses(source.benignClasses, `${path}.benignClasses`)
  if (source.scoredRows !== undefined) out.scoredRows = count(source.scoredRows, `${path}.scoredRows`)
  return out
}

const rejectedRows = object<RejectedRows>({
  count,
  reasons: record(count, 4096, 4096),
  examples: arrayOf(object<RejectedRows['examples'][number]>({ line: count, reason: cell }), 10_000),
})

export const tableSummary = object<TableSummary>({
  fileName: cell,
  format: literal('table'),
  dialect: literal(...TABLE_DIALECTS),
  dialectLabel: str(256),
  confidence: num(0, 1),
  compression: literal('gzip', null),
  records: count,
  flows: count,
  packets: count,
  facts: count,
  rejectedRows,
  columns: arrayOf(cell, 65_536),
  labels,
  hasAddresses: bool,
  hasTimestamps: bool,
  start: nullable(finite),
  end: nullable(finite),
  timeBase: literal('epoch', 'relative', null),
  bytes: amount,
  protocols: record(count, 65_536, 4096),
  services: record(count, 65_536, 4096),
  connStates: record(count, 65_536, 4096),
  topTalkers: arrayOf(object<TableSummary['topTalkers'][number]>({ address: str(256), bytes: amount, records: count }), 10_000),
  notes: record(count, 4096, 4096),
  truncated: either(literal(false), object<{ line: number; reason: string }>({ line: count, reason: cell })),
  bytesRead: count,
})
