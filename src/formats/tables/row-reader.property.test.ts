/**
 * Property tests for the row reader (shared/RELIABILITY.md "Targets"): cutting the input anywhere changes
 * nothing, a table written by a small reference writer reads back equal, and arbitrary bytes give rows, rejected
 * rows or a TableError, never anything else. Seeds are fixed and named in the titles so failures replay.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { strictDecimal } from './numbers.ts'
import { RowReader, TableError } from './row-reader.ts'
import type { Delimiter, RowReaderOptions } from './row-reader.ts'
import { encode, parseRows } from './table-test-utils.ts'

const SEED = Number(process.env.FC_SEED ?? 4180)
const RUNS = Number(process.env.FC_RUNS ?? 600)

/** Characters that matter to CSV, mixed with ordinary and multi-byte ones. */
const cellChar = fc.constantFrom(',', '"', '\n', '\r', ';', '\t', '|', ' ', 'a', 'b', '1', '.', '-', 'é', '→', '😀', '\uFEFF')
const cellArb = fc.array(cellChar, { maxLength: 12 }).map((cs) => cs.join(''))
const delimiterArb = fc.constantFrom<Delimiter>(',', '\t', ';', '|')

/** The reference writer: quotes a cell when it holds the delimiter, a quote or a line break (and sometimes anyway). */
function writeCsv(rows: readonly (readonly string[])[], delimiter: string, eol: string, quoteAll: boolean): string {
  return rows
    .map((row) =>
      row
        .map((cell) => (quoteAll || row.length === 1 || /[",\r\n;\t|]/.test(cell) || cell.startsWith('\uFEFF') ? `"${cell.replaceAll('"', '""')}"` : cell))
        .join(delimiter),
    )
    .map((line) => line + eol)
    .join('')
}

/** Cut points to apply to a byte length: slice sizes repeated. */
const cutsArb = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 })

describe('row reader properties', () => {
  it(`a table written by the reference writer reads back equal, however it is sliced (seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cellArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        delimiterArb,
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        cutsArb,
        (rows, delimiter, eol, quoteAll, cuts) => {
          const text = writeCsv(rows, delimiter, eol, quoteAll)
          const read = parseRows(text, { delimiter }, cuts)
          expect(read.map((r) => ('cells' in r ? r.cells : r))).toEqual(rows)
        },
      ),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it(`any text parses to the same rows whatever the slice boundaries (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.array(cellChar, { maxLength: 80 }), delimiterArb, fc.boolean(), cutsArb, (chars, delimiter, quotes, cuts) => {
        const text = chars.join('')
        const options: RowReaderOptions = { delimiter, quotes, maxFieldChars: 10, maxFields: 6 }
        let whole: unknown
        let wholeError: unknown = null
        try {
          whole = parseRows(text, options, [1 << 20])
        } catch (e) {
          wholeError = e
        }
        let sliced: unknown
        let slicedError: unknown = null
        try {
          sliced = parseRows(text, options, cuts)
        } catch (e) {
          slicedError = e
        }
        expect(slicedError === null).toBe(wholeError === null)
        if (wholeError === null) expect(sliced).toEqual(whole)
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    )
  })

  it(`arbitrary bytes give rows, rejects or a TableError, nothing else (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom<Delimiter>(',', '\t', 'whitespace'), cutsArb, (bytes, delimiter, cuts) => {
        try {
          const rows = parseRows(bytes, { delimiter, maxRowChars: 64, maxFieldChars: 16, maxFields: 8 }, cuts)
          for (const r of rows) if ('cells' in r) expect(r.cells.length).toBeLessThanOrEqual(8)
        } catch (e) {
          expect(e).toBeInstanceOf(TableError)
        }
      }),
      { seed: SEED, numRuns: RUNS * 3 },
    )
  })

  it(`long plain decimals read while scanning agree with Number() (seed ${SEED})`, () => {
    const digitString = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 24 }).map((d) => d.join(''))
    fc.assert(
      fc.property(fc.array(fc.tuple(digitString, fc.nat(), fc.boolean()), { minLength: 1, maxLength: 6 }), (cells) => {
        const texts = cells.map(([d, at, negative]) => {
          const dot = at % (d.length + 2)
          return `${negative ? '-' : ''}${dot > d.length ? d : `${d.slice(0, dot)}.${d.slice(dot)}`}`
        })
        const reader = new RowReader({
          row(r) {
            for (let i = 0; i < r.count; i++) {
              const fast = r.simple[i]
              if (!Number.isNaN(fast)) expect(Object.is(fast, Number(texts[i])), texts[i]).toBe(true)
            }
          },
          reject() {},
        })
        reader.push(encode(texts.join(',') + '\n'))
        reader.end()
      }),
      { seed: SEED, numRuns: RUNS * 4 },
    )
  })

  it(`the plain-number fast path agrees with the strict parser (seed ${SEED})`, () => {
    const numberish = fc.array(fc.constantFrom('0', '1', '7', '9', '.', '-', 'e', '+', 'x'), { maxLength: 12 }).map((c) => c.join(''))
    fc.assert(
      fc.property(fc.array(numberish, { minLength: 1, maxLength: 10 }), cutsArb, (row, cuts) => {
        const bytes = encode(row.join(',') + '\n')
        const checked: boolean[] = []
        const reader = new RowReader({
          row(r) {
            for (let i = 0; i < r.count; i++) {
              const text = r.field(i)
              // "plain" promises a decimal the strict parser accepts, and (these cells are unquoted) exactly the plain ones.
              expect(r.plain[i] === 1, text).toBe(/^-?(\d+\.?\d*|\.\d+)$/.test(text))
              if (r.plain[i] === 1) expect(Object.is(Number(text), strictDecimal(text)), text).toBe(true)
              const fast = r.simple[i]
              if (Number.isNaN(fast)) continue
              expect(Object.is(fast, strictDecimal(r.field(i))), r.field(i)).toBe(true)
              checked.push(true)
            }
          },
          reject() {},
        })
        let at = 0
        for (let c = 0; at < bytes.length; c++) {
          reader.push(bytes.subarray(at, at + cuts[c % cuts.length]))
          at += cuts[c % cuts.length]
        }
        reader.end()
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    )
  })
})
