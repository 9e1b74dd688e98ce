/**
 * Fuzz targets for the table readers, one per dialect (src/formats/tables/dialects.ts). The seed is a small
 * table as the tool writes it (table-test-utils.ts SAMPLES, repeated to a few rows); cells are replaced with
 * hostile tokens (quotes, delimiters, line ends, BOM, NUL, NaN, 1e309, __proto__, very long text), bytes are
 * corrupted, lines spliced from another dialect's table, and the file cut. The dialect is forced, as when the
 * user picks it, so a cut file is read the same way as the whole one; the generic dialects get the column
 * mapping proposed for the unmutated table, as when the user confirms it in the mapping dialog (the mapping
 * proposed from a mutated head is fuzzed by read-table.property.test.ts).
 */
import { FormatError } from '../formats/format.ts'
import { dialects } from '../formats/tables/dialects.ts'
import { proposeFromHead } from '../formats/tables/generic-packet-csv.ts'
import type { ColumnMapping } from '../formats/tables/mapping.ts'
import type { TableDialectId } from '../formats/tables/table-model.ts'
import { encode, readAll, SAMPLES } from '../formats/tables/table-test-utils.ts'
import type { Seed, TextSpot } from './mutate.ts'
import type { FuzzTarget, Outcome } from './target.ts'

export const TABLE_TOKENS = [
  '', '"', '""', '"a,b"', ',', '\t', ';', '|', '\n', '\r', '\r\n', '#', '#fields', '-', '(empty)', 'NaN', 'Infinity', '-Infinity',
  '1e309', '-1e309', '1e-400', '0x10', '99999999999999999999', '-1', '4294967296', '65536', '__proto__', 'constructor', '{', '}',
  '[', ']', '{"__proto__":{"polluted":1}}', '\\x09', '\uFEFF', '\u0000', '\u202E', '\uFFFD', 'x'.repeat(70 * 1024),
  '1.2.3.4.5', '::ffff:1.2.3.4', '999.1.1.1', '2024-13-45 25:61:61', '1707834878.788187e10',
] as const

/** Spans between structural characters (delimiters, quotes, line ends, JSON punctuation): the cells and values. */
export function textCells(text: string): TextSpot[] {
  const cells: TextSpot[] = []
  const bytes = encode(text)
  const structural = new Set([0x2c, 0x09, 0x3b, 0x7c, 0x0a, 0x0d, 0x22, 0x7b, 0x7d, 0x5b, 0x5d, 0x3a])
  let start = -1
  for (let i = 0; i <= bytes.length; i++) {
    const isCell = i < bytes.length && !structural.has(bytes[i])
    if (isCell && start < 0) start = i
    else if (!isCell && start >= 0) {
      cells.push({ offset: start, length: i - start })
      start = -1
    }
  }
  return cells
}

function lineStarts(bytes: Uint8Array): number[] {
  const starts = [0]
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a && i + 1 < bytes.length) starts.push(i + 1)
  starts.push(bytes.length)
  return starts
}

export function tableSeed(dialect: TableDialectId): Seed {
  const text = SAMPLES[dialect]
  const bytes = encode(text)
  return { label: `table-${dialect}`, bytes, fields: [], cells: textCells(text), tokens: TABLE_TOKENS, blocks: lineStarts(bytes) }
}

async function readTableCase(bytes: Uint8Array, slice: number, dialect: TableDialectId, mapping: ColumnMapping | undefined): Promise<Outcome> {
  try {
    const { report, flows, packets, facts } = await readAll(bytes, mapping ? { mapping } : { dialect }, slice)
    const items = [...flows, ...packets, ...facts].map((r) => JSON.stringify(r))
    let problem: string | null = null
    if (report.records !== items.length) problem = `report says ${report.records} records, ${items.length} came out`
    if (report.rejectedRows.examples.length > 10) problem ??= 'more than 10 rejected-row examples kept'
    // suricata-eve.ts makes records from alerts only when the whole file has no flow events: a cut before the
    // first flow event turns that choice on.
    const wholeInputChoice = (report.notes['suricata.flows-from-alerts'] ?? 0) > 0 ? 'flows from alerts' : undefined
    return { kind: 'report', items, truncated: report.truncated !== false, problem, ...(wholeInputChoice ? { wholeInputChoice } : {}) }
  } catch (e) {
    if (e instanceof FormatError) return { kind: 'refused', code: e.code, items: [] }
    throw e
  }
}

/** Every record of a cut table but the last (which the cut may have shortened) is the whole table's record. */
export function tablePrefixProblem(part: Outcome, whole: Outcome): string | null {
  if (part.kind === 'refused' || whole.kind === 'refused') return null
  if (part.wholeInputChoice !== whole.wholeInputChoice) return null
  if (part.items.length > whole.items.length + 1) return `the cut table has ${part.items.length} records, the whole ${whole.items.length}`
  for (let i = 0; i < part.items.length - 1; i++) {
    if (part.items[i] !== whole.items[i]) return `record ${i} of the cut table differs: ${part.items[i].slice(0, 200)} vs ${(whole.items[i] ?? 'none').slice(0, 200)}`
  }
  return null
}

export function tableTarget(dialect: TableDialectId): FuzzTarget {
  const others = (Object.keys(SAMPLES) as TableDialectId[]).filter((d) => d !== dialect)
  const target = dialect === 'generic-flow-csv' ? 'flows' : dialect === 'generic-packet-csv' ? 'packets' : null
  const mapping = target === null ? undefined : proposeFromHead(SAMPLES[dialect], target)?.mapping
  if (target !== null && mapping === undefined) throw new Error(`no mapping proposed for the ${dialect} sample`)
  return {
    name: `table ${dialect}`,
    seeds: async () => [tableSeed(dialect)],
    // Lines of every other dialect's table are spliced in too.
    donors: async () => [tableSeed(dialect), ...others.map(tableSeed)],
    read: (bytes, slice) => readTableCase(bytes, slice, dialect, mapping),
    prefixProblem: tablePrefixProblem,
    // Record batches are typed-array columns of a fixed row capacity (up to ~5 MiB for the 80-feature CIC-IDS
    // layout), allocated once whatever the input: fixed, not sized by the data.
    fixedAllocation: 8 * 1024 * 1024,
  }
}

export const tableTargets: readonly FuzzTarget[] = dialects.map((d) => tableTarget(d.id))
