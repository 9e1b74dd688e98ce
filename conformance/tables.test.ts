/**
 * Table conformance (vitest project "conformance"): every table under ../shared/corpus/csv against the
 * independent reading in expected/tables.json (made by scripts/table-oracle.py with Python's csv and json
 * modules). For each file: the row reader gives the same number of rows and the same cell text and number for
 * the sampled cells; the dialect is recognised from the content alone; readTable reads exactly the records the
 * oracle counts, rejects exactly the malformed rows, and the sampled numbers arrive unchanged in the records.
 * Without the corpus the suite is reported as skipped, with the reason.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bytesSource } from '../src/formats/sources.ts'
import { CICFLOWMETER_COLUMNS } from '../src/formats/tables/cicids-columns.ts'
import { JsonLinesReader } from '../src/formats/tables/json-lines.ts'
import { KDD_FEATURES } from '../src/formats/tables/nsl-kdd.ts'
import { NumberReader, strictDecimal } from '../src/formats/tables/numbers.ts'
import { readTable, sniffTable } from '../src/formats/tables/read-table.ts'
import type { Delimiter } from '../src/formats/tables/row-reader.ts'
import { RowReader } from '../src/formats/tables/row-reader.ts'
import type { FlowRecordBatch, PacketRecordBatch, TableDialectId, TableFact } from '../src/formats/tables/table-model.ts'
import { flowRecordAt, packetRecordAt } from '../src/formats/tables/table-model.ts'
import { corpusDir, corpusExists } from './corpus-index.ts'

interface Sample {
  readonly row: number
  readonly record: number | null
  readonly column: number | null
  readonly name: string | null
  readonly text: string
  readonly value: number | 'NaN' | 'Infinity' | '-Infinity'
}

interface Expected {
  readonly path: string
  readonly dialect: TableDialectId | null
  readonly format: 'delimited' | 'json-lines'
  readonly delimiter?: string
  readonly quotes?: boolean
  readonly rows: number
  readonly records: number
  readonly rejected: number
  readonly samples: readonly Sample[]
}

const expected: { files: Expected[] } = JSON.parse(readFileSync(join(__dirname, 'expected', 'tables.json'), 'utf8'))
const csvDir = join(corpusDir, 'csv')
/** An odd slice size, so rows, quoted fields and UTF-8 characters straddle slices. */
const SLICE = 4093

const specialNumbers = new NumberReader({ nan: ['NaN'], infinity: ['Infinity'] })
const asNumber = (v: Sample['value']): number => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v)

/** Record fields that hold a column's value as written (scale 1) or converted (the factor to undo). */
const CANONICAL: Readonly<Record<string, readonly [string, number]>> = {
  // Zeek conn.log
  duration: ['duration', 1], orig_pkts: ['origPkts', 1], resp_pkts: ['respPkts', 1], orig_ip_bytes: ['origBytes', 1],
  resp_ip_bytes: ['respBytes', 1], orig_bytes: ['origPayloadBytes', 1], resp_bytes: ['respPayloadBytes', 1],
  'id.orig_p': ['srcPort', 1], 'id.resp_p': ['dstPort', 1], ts: ['startTime', 1],
  // NSL-KDD
  src_bytes: ['origPayloadBytes', 1], dst_bytes: ['respPayloadBytes', 1],
  // Argus
  Sport: ['srcPort', 1], Dport: ['dstPort', 1],
  // Wireshark
  'No.': ['number', 1], Time: ['time', 1], Length: ['length', 1], 'Source Port': ['srcPort', 1], 'Destination Port': ['dstPort', 1],
}

function rowsOf(file: Expected, bytes: Uint8Array): { count: number; cells: Map<number, string[]> } {
  const wanted = new Set(file.samples.map((s) => s.row))
  const cells = new Map<number, string[]>()
  let count = 0
  const reader = new RowReader(
    {
      row(r) {
        if (wanted.has(count)) cells.set(count, r.toArray().slice())
        count++
      },
      reject() {
        count++
      },
    },
    { delimiter: file.delimiter as Delimiter, quotes: file.quotes },
  )
  for (let i = 0; i < bytes.length; i += SLICE) reader.push(bytes.subarray(i, i + SLICE))
  reader.end()
  return { count, cells }
}

function jsonLineCount(bytes: Uint8Array): number {
  let n = 0
  const reader = new JsonLinesReader({ value: () => void n++, reject: () => void n++ })
  for (let i = 0; i < bytes.length; i += SLICE) reader.push(bytes.subarray(i, i + SLICE))
  reader.end()
  return n
}

/** The name of a sampled column, for header-less tables from the dialect's known column list. */
function columnName(file: Expected, s: Sample): string | null {
  if (s.name !== null) return s.name
  if (s.column === null) return null
  if (file.dialect === 'nsl-kdd') return s.column < 41 ? KDD_FEATURES[s.column] : s.column === 42 ? 'difficulty' : null
  if (file.dialect === 'cicids') return CICFLOWMETER_COLUMNS[s.column] ?? null
  return null
}

/** The value nettwin read for a sampled column of a record, or undefined when it keeps that column nowhere. */
function valueRead(
  name: string,
  record: number,
  flows: FlowRecordBatch[],
  packets: PacketRecordBatch[],
  facts: TableFact[],
): number | undefined {
  const canonical = CANONICAL[name]
  for (const b of flows) {
    if (record < b.firstRecord || record >= b.firstRecord + b.count) continue
    const r = flowRecordAt(b, record - b.firstRecord)
    const f = b.featureNames.indexOf(name)
    if (f >= 0) return r.features[f]
    if (canonical === undefined) return undefined
    const v = (r as unknown as Record<string, number | null>)[canonical[0]]
    return v === null ? NaN : v * canonical[1]
  }
  for (const b of packets) {
    if (record < b.firstRecord || record >= b.firstRecord + b.count || canonical === undefined) continue
    const v = (packetRecordAt(b, record - b.firstRecord) as unknown as Record<string, number | null>)[canonical[0]]
    return v === null ? NaN : v
  }
  if (flows.length === 0 && packets.length === 0 && record < facts.length) {
    const text = facts[record].values.get(name)
    return text === undefined ? undefined : Number(text)
  }
  return undefined
}

if (!corpusExists) console.log(`tables conformance: skipped, the corpus was not found at ${corpusDir} (expected ../shared/corpus)`)

const tally = { files: 0, cells: 0, values: 0, records: 0 }

describe.skipIf(!corpusExists)(corpusExists ? 'corpus tables' : 'corpus tables: SKIPPED, ../shared/corpus not found', () => {
  afterAll(() => console.log(`tables: ${tally.files} files, ${tally.records} records, ${tally.cells} sampled cells and ${tally.values} record values checked against the oracle`))

  it('the oracle covers the corpus tables', () => {
    expect(expected.files.length).toBeGreaterThan(300)
  })

  for (const file of expected.files) {
    it(`${file.path}`, async () => {
      const bytes = new Uint8Array(readFileSync(join(csvDir, file.path)))
      tally.files++

      // Rows and cells, through the row reader alone.
      if (file.format === 'delimited') {
        const { count, cells } = rowsOf(file, bytes)
        expect(count, 'rows').toBe(file.rows)
        for (const s of file.samples) {
          const cell = cells.get(s.row)?.[s.column ?? -1]
          expect(cell, `row ${s.row} column ${s.column}`).toBe(s.text)
          const got = typeof s.value === 'number' ? strictDecimal(s.text) : specialNumbers.read(s.text)
          expect(Object.is(got, asNumber(s.value)), `${s.text} read as ${got}`).toBe(true)
          tally.cells++
        }
      } else {
        expect(jsonLineCount(bytes), 'lines').toBe(file.rows)
      }

      // The dialect, from the content alone (the file name is not passed).
      const sniffed = sniffTable(bytes.subarray(0, 64 * 1024))
      expect(sniffed.dialect, 'dialect').toBe(file.dialect)
      if (file.dialect === null) return

      const flows: FlowRecordBatch[] = []
      const packets: PacketRecordBatch[] = []
      const facts: TableFact[] = []
      const report = await readTable(bytesSource(bytes, 'table', SLICE), {
        onFlows: (b) => flows.push(b),
        onPackets: (b) => packets.push(b),
        onFacts: (f) => facts.push(...f),
      })
      expect(report.dialect).toBe(file.dialect)
      expect(report.truncated).toBe(false)
      expect(report.records, 'records').toBe(file.records)
      expect(report.rejectedRows.count, 'rejected rows').toBe(file.rejected)

      let checked = 0
      for (const s of file.samples) {
        const name = columnName(file, s)
        if (s.record === null || name === null) continue
        const got = valueRead(name, s.record, flows, packets, facts)
        if (got === undefined) continue
        const want = asNumber(s.value)
        if (Number.isNaN(want)) expect(got, `${name} of record ${s.record}`).toBeNaN()
        else expect(got, `${name} of record ${s.record} (cell "${s.text}")`).toBe(want)
        checked++
      }
      tally.values += checked
      tally.records += report.records
      if (file.records > 0 && file.samples.length > 0) expect(checked, 'sampled values found in the records').toBeGreaterThan(0)
    })
  }
})
