import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PLAIN, RowFields } from './row-fields.ts'
import { scanUnquotedRow, UNUSUAL } from './row-scan-unquoted.ts'
import { encode } from './table-test-utils.ts'

const SEED = Number(process.env.FC_SEED ?? 4180)
const COMMA = 44
const QUOTE = 34

function scan(text: string, options: { capacity?: number; maxField?: number; quote?: number; lim?: number; numbers?: Uint8Array } = {}): { end: number; row: RowFields } {
  const bytes = encode(text)
  const row = new RowFields(options.capacity ?? 64)
  const end = scanUnquotedRow(bytes, 0, options.lim ?? bytes.length, COMMA, options.quote ?? QUOTE, options.maxField ?? 1000, row, options.numbers ?? null)
  row.bytes = bytes
  return { end, row }
}

describe('scanUnquotedRow', () => {
  it('stores the fields of one row, reads plain decimals, and returns where the line end is', () => {
    const { end, row } = scan('10.0.0.1,80,-1.25,,x"y,007\r\nnext,row\n')
    expect(end).toBe(26)
    expect(row.count).toBe(6)
    expect(Array.from({ length: 6 }, (_, i) => row.field(i))).toEqual(['10.0.0.1', '80', '-1.25', '', 'x"y', '007'])
    expect(Array.from(row.simple.subarray(0, 6))).toEqual([NaN, 80, -1.25, NaN, NaN, 7])
    expect(Array.from(row.plain.subarray(0, 6))).toEqual([0, PLAIN, PLAIN, 0, 0, PLAIN])
  })

  it('keeps an empty last field after a trailing delimiter', () => {
    const { end, row } = scan('a,b,\n')
    expect(end).toBe(4)
    expect(row.count).toBe(3)
    expect(row.field(2)).toBe('')
  })

  it('leaves every unusual row to the general scanner', () => {
    expect(scan('a,"b",c\n').end).toBe(UNUSUAL)
    expect(scan('"a",b\n').end).toBe(UNUSUAL)
    expect(scan('\na,b\n').end).toBe(UNUSUAL)
    expect(scan('a,b,c').end).toBe(UNUSUAL)
    expect(scan('a,b,c\n', { lim: 5 }).end).toBe(UNUSUAL)
    expect(scan('a,b,c\n', { capacity: 2 }).end).toBe(UNUSUAL)
    expect(scan('abcdef,b\n', { maxField: 5 }).end).toBe(UNUSUAL)
    // Without quoting (Zeek TSV) a quote is text.
    expect(scan('"a",b\n', { quote: -1 }).end).toBe(5)
  })

  it('reads values around 2^53 exactly as Number() does', () => {
    const texts = ['9007199254740991', '9007199254740992', '9007199254740993', '9007199254740995', '900719925474099.1', '0.9007199254740993', '1.0000000000000002', '99999999999999999']
    const { row } = scan(`${texts.join(',')}\n`)
    for (let i = 0; i < texts.length; i++) {
      const v = row.simple[i]
      // NaN: too close to a rounding boundary to decide here (the dialects then read the bytes).
      if (!Number.isNaN(v)) expect(Object.is(v, Number(texts[i])), texts[i]).toBe(true)
    }
    expect(row.simple[0]).toBe(9007199254740991)
    expect(row.simple[5]).toBe(0.9007199254740993)
  })

  it(`agrees with Number() on decimals of 15 to 18 significant digits (seed ${SEED})`, () => {
    const digits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 18 }).map((d) => d.join(''))
    fc.assert(
      fc.property(fc.array(fc.tuple(digits, fc.nat(), fc.boolean()), { minLength: 1, maxLength: 8 }), (cells) => {
        const texts = cells.map(([d, at, negative]) => {
          const dot = at % (d.length + 1)
          return `${negative ? '-' : ''}${d.slice(0, dot)}.${d.slice(dot)}`
        })
        const { row } = scan(`${texts.join(',')}\n`)
        for (let i = 0; i < texts.length; i++) {
          expect(row.plain[i]).toBe(PLAIN)
          const v = row.simple[i]
          if (!Number.isNaN(v)) expect(Object.is(v, Number(texts[i])), texts[i]).toBe(true)
        }
      }),
      { seed: SEED, numRuns: 500 },
    )
  })
})
