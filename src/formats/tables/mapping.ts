/**
 * Column mappings for tables no dialect knows: proposeMapping() reads the header names and a few sample rows
 * and proposes which column holds which canonical field (time, addresses, ports, protocol, counts, label, ...)
 * with a confidence per field; the mapping dialog shows it for the user to correct; applyMapping() then turns
 * rows into flow or packet records. A name that matches a known spelling scores most, values that fit the field
 * (addresses, ports, times, counts) confirm it, values that do not fit count against it; each column serves at
 * most one field, best pairs first.
 */
import { normName } from './head-text.ts'
import { strictDecimal } from './numbers.ts'
import type { Delimiter } from './row-reader.ts'
import type { CanonicalField } from './mapping-synonyms.ts'
import { FLOW_FIELDS, PACKET_FIELDS, SYNONYMS, VALUE_TESTS } from './mapping-synonyms.ts'

export type { CanonicalField } from './mapping-synonyms.ts'
export { applyMapping } from './mapping-apply.ts'

export interface FieldChoice {
  /** Column index in the table. */
  readonly column: number
  /** 0..1: how sure the proposal is (1 for a user's choice). */
  readonly confidence: number
}

/** A mapping from table columns to canonical fields; plain data, so it can be kept for the session. */
export interface ColumnMapping {
  readonly target: 'flows' | 'packets'
  /** Whether the first row holds column names. */
  readonly hasHeader: boolean
  readonly delimiter: Delimiter
  /** The column names (from the header, or "column 1", "column 2", ... when there is none). */
  readonly columns: readonly string[]
  readonly fields: { readonly [F in CanonicalField]?: FieldChoice }
  /** Unit of the duration column. */
  readonly durationUnit: 's' | 'ms' | 'us'
  /** Day-first dates ("3/7/2017" is 3 July). */
  readonly dayFirst: boolean
  /** Other numeric columns, kept as features of flow records. */
  readonly featureColumns: readonly number[]
}

export interface MappingProposal {
  readonly mapping: ColumnMapping
  /** 0..1: how well the table fits the target (the key fields found and confirmed). */
  readonly confidence: number
}

export interface ProposeOptions {
  readonly target?: 'flows' | 'packets'
  readonly delimiter?: Delimiter
  readonly hasHeader?: boolean
}

const MIN_CONFIDENCE = 0.35

/** Score of a column for a field from its name: a known spelling, or a spelling inside a longer name. */
function nameScore(field: CanonicalField, norm: string): number {
  if (norm === '') return 0
  const spellings = SYNONYMS[field]
  if (spellings.includes(norm)) return 0.7
  for (const s of spellings) if (s.length >= 4 && norm.includes(s)) return 0.4
  return 0
}

/** Share of non-empty sample values that fit the field; null when the column has no values. */
function valueShare(field: CanonicalField, values: readonly string[]): number | null {
  const present = values.filter((v) => v !== '' && v !== '-')
  if (present.length === 0) return null
  return present.filter(VALUE_TESTS[field]).length / present.length
}

function columnValues(rows: readonly (readonly string[])[], col: number): string[] {
  return rows.map((r) => (col < r.length ? r[col].trim() : ''))
}

/** True when the first row looks like names over data: text where the rows below have numbers or addresses. */
export function looksLikeHeader(rows: readonly (readonly string[])[]): boolean {
  if (rows.length < 2) return rows.length === 1 && rows[0].every((c) => strictDecimal(c.trim()) === undefined)
  const [first, ...rest] = rows
  let textOverNumbers = 0
  let numbersInFirst = 0
  for (let c = 0; c < first.length; c++) {
    const v = first[c].trim()
    if (strictDecimal(v) !== undefined) numbersInFirst++
    else if (rest.some((r) => c < r.length && strictDecimal(r[c].trim()) !== undefined)) textOverNumbers++
  }
  const known = first.filter((n) => Object.values(SYNONYMS).some((s) => s.includes(normName(n)))).length
  return numbersInFirst === 0 && (textOverNumbers > 0 || known >= 2)
}

function pickTarget(scores: Map<CanonicalField, number>): 'flows' | 'packets' {
  const flowish = ['duration', 'origPkts', 'respPkts', 'totalPkts', 'origBytes', 'respBytes', 'totalBytes', 'endTime'] as const
  const flow = Math.max(0, ...flowish.map((f) => scores.get(f) ?? 0))
  const packet = Math.max(scores.get('length') ?? 0, scores.get('info') ?? 0)
  return packet > flow ? 'packets' : 'flows'
}

function durationUnit(name: string): 's' | 'ms' | 'us' {
  const n = normName(name)
  if (n === 'flowduration' || n.endsWith('us') || n.includes('micro')) return 'us'
  if (n.endsWith('ms') || n.includes('milli')) return 'ms'
  return 's'
}

/**
 * Proposes a mapping for a table with these column names (empty strings, or [] for a header-less table) and
 * sample rows (data only). The target is chosen from the columns unless given.
 */
export function proposeMapping(header: readonly string[], sampleRows: readonly (readonly string[])[], options: ProposeOptions = {}): MappingProposal {
  const width = Math.max(header.length, ...sampleRows.map((r) => r.length), 0)
  const columns = Array.from({ length: width }, (_, i) => (header[i] ?? '').trim() || `column ${i + 1}`)
  const norms = Array.from({ length: width }, (_, i) => normName(header[i] ?? ''))
  const values = Array.from({ length: width }, (_, i) => columnValues(sampleRows, i))
  const all = [...new Set([...FLOW_FIELDS, ...PACKET_FIELDS])]
  const pairs: { field: CanonicalField; column: number; score: number }[] = []
  for (const field of all) {
    for (let c = 0; c < width; c++) {
      const byName = nameScore(field, norms[c])
      const share = valueShare(field, values[c])
      let score = byName
      if (share !== null) score += share >= 0.9 ? 0.3 : share >= 0.5 ? 0.1 : -0.4
      // Without a fitting name only unmistakable values count: addresses (the first two), times.
      if (byName === 0 && !((field === 'srcAddr' || field === 'dstAddr' || field === 'time') && share !== null && share >= 0.9)) continue
      if (byName === 0) score = field === 'time' ? 0.4 : 0.45
      if (score >= MIN_CONFIDENCE) pairs.push({ field, column: c, score: Math.min(1, score) })
    }
  }
  // Best pairs first; address pairs without a name go left to right (source before destination).
  pairs.sort((a, b) => b.score - a.score || a.column - b.column || all.indexOf(a.field) - all.indexOf(b.field))
  const chosen = new Map<CanonicalField, FieldChoice>()
  const used = new Set<number>()
  for (const p of pairs) {
    if (chosen.has(p.field) || used.has(p.column)) continue
    chosen.set(p.field, { column: p.column, confidence: Math.round(p.score * 100) / 100 })
    used.add(p.column)
  }
  const scores = new Map([...chosen].map(([f, c]) => [f, c.confidence]))
  const target = options.target ?? pickTarget(scores)
  const allowed = new Set(target === 'flows' ? FLOW_FIELDS : PACKET_FIELDS)
  const fields: { [F in CanonicalField]?: FieldChoice } = {}
  for (const [f, c] of chosen) if (allowed.has(f)) fields[f] = c
  const mappedColumns = new Set(Object.values(fields).map((c) => c.column))
  const featureColumns: number[] = []
  if (target === 'flows') {
    for (let c = 0; c < width; c++) {
      if (mappedColumns.has(c) && c !== fields.totalPkts?.column && c !== fields.totalBytes?.column) continue
      const present = values[c].filter((v) => v !== '')
      if (present.length > 0 && present.filter((v) => strictDecimal(v) !== undefined).length / present.length >= 0.8) featureColumns.push(c)
    }
  }
  const key: readonly CanonicalField[] = target === 'flows' ? ['srcAddr', 'dstAddr', 'protocol', 'time'] : ['time', 'srcAddr', 'dstAddr', 'protocol']
  const confidence = key.reduce((sum, f) => sum + (fields[f]?.confidence ?? 0), 0) / key.length
  return {
    mapping: {
      target,
      hasHeader: options.hasHeader ?? header.some((h) => h.trim() !== ''),
      delimiter: options.delimiter ?? ',',
      columns,
      fields,
      durationUnit: fields.duration ? durationUnit(columns[fields.duration.column]) : 's',
      dayFirst: true,
      featureColumns,
    },
    confidence: Math.round(confidence * 100) / 100,
  }
}

/** Checks a mapping (from the dialog, or read back from storage) against a table of `width` columns; null when sound. */
export function checkMapping(m: ColumnMapping, width: number): string | null {
  if (m.target !== 'flows' && m.target !== 'packets') return 'unknown target'
  const allowed = new Set<string>(m.target === 'flows' ? FLOW_FIELDS : PACKET_FIELDS)
  const seen = new Set<number>()
  for (const [field, choice] of Object.entries(m.fields)) {
    if (!allowed.has(field)) return `field ${field} does not belong to ${m.target}`
    if (choice === undefined) continue
    if (!Number.isInteger(choice.column) || choice.column < 0 || choice.column >= width) return `field ${field}: no column ${choice.column}`
    if (seen.has(choice.column)) return `column ${choice.column} is mapped twice`
    seen.add(choice.column)
  }
  for (const c of m.featureColumns) if (!Number.isInteger(c) || c < 0 || c >= width) return `feature column ${c} does not exist`
  return null
}
