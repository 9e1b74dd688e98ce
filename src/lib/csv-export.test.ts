import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { csvCell, exportFileName, toCsv } from './csv-export.ts'

/** A small RFC 4180 reader, to check that what toCsv writes reads back as the cells it was given. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += c
  }
  return rows
}

describe('csvCell', () => {
  it('prefixes cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('+cmd')).toBe("'+cmd")
    expect(csvCell('-2+3')).toBe("'-2+3")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\tx')).toBe("'\tx")
    expect(csvCell('\rx')).toBe('"\'\rx"')
    expect(csvCell('\0x')).toBe("'\0x")
  })

  it('quotes commas, quotes and line breaks, and doubles quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"')
  })

  it('writes numbers as numbers (negative ones too) and empties for null and non-finite', () => {
    expect(csvCell(-5)).toBe('-5')
    expect(csvCell(1.5)).toBe('1.5')
    expect(csvCell(NaN)).toBe('')
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
    expect(csvCell(true)).toBe('true')
  })
})

describe('toCsv', () => {
  it('writes a header and CRLF-terminated rows, padding short rows', () => {
    expect(toCsv(['a', 'b'], [[1, 'x'], [2]])).toBe('a,b\r\n1,x\r\n2,\r\n')
  })

  it('reads back as the cells it was given (formula cells with their apostrophe)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 3, maxLength: 3 }), { maxLength: 8 }), (rows) => {
        const parsed = parseCsv(toCsv(['x', 'y', 'z'], rows))
        expect(parsed[0]).toEqual(['x', 'y', 'z'])
        const expected = rows.map((r) => r.map((c) => (/^[=+\-@\t\r\0]/.test(c) ? `'${c}` : c)))
        expect(parsed.slice(1)).toEqual(expected)
      }),
      { seed: 42, numRuns: 300 },
    )
  })
})

describe('exportFileName', () => {
  it('keeps only safe characters', () => {
    expect(exportFileName('Top talkers: web.pcap', 'csv')).toBe('Top-talkers-web.pcap.csv')
    expect(exportFileName('../../etc/passwd', 'svg')).toBe('..-..-etc-passwd.svg')
    expect(exportFileName('', 'png')).toBe('nettwin.png')
  })
})
