import { describe, expect, it } from 'vitest'
import { RowReader, TableError } from './row-reader.ts'
import { meterRowScans } from './row-scan-meter.ts'
import { NUMBER_KIND, NUMBER_VALUE } from './row-scan-unquoted.ts'
import { cells, encode, parseRows } from './table-test-utils.ts'

describe('RowReader: RFC 4180', () => {
  it('reads quoted fields, doubled quotes and line breaks inside quotes', () => {
    const text = 'a,b,c\r\n"x,1","say ""hi""","multi\nline"\r\n'
    for (const cut of [1, 2, 3, 5, 1000]) {
      expect(cells(text, {}, [cut])).toEqual([
        ['a', 'b', 'c'],
        ['x,1', 'say "hi"', 'multi\nline'],
      ])
    }
  })

  it('accepts CRLF, CR and LF line ends, and a last line without one', () => {
    expect(cells('a,b\r\nc,d\re,f\ng,h')).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h']])
    // A CRLF cut between CR and LF is still one line end.
    expect(cells('a\r\nb\r\n', {}, [2])).toEqual([['a'], ['b']])
  })

  it('numbers rows by the line they start on, counting line breaks inside quotes', () => {
    const rows = parseRows('h\n"1\r\n2"\n\nz\r\nlast')
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5, 6])
  })

  it('drops a UTF-8 byte order mark only at the start', () => {
    expect(cells('\uFEFFid,x\n1,\uFEFF2\n')).toEqual([['id', 'x'], ['1', '\uFEFF2']])
  })

  it('keeps empty fields, skips empty lines', () => {
    expect(cells(',\n\na,,\n""\n')).toEqual([['', ''], ['a', '', ''], ['']])
  })

  it('delivers ragged rows as they are (the dialect decides)', () => {
    expect(cells('a,b,c\n1,2\n1,2,3,4\n')).toEqual([['a', 'b', 'c'], ['1', '2'], ['1', '2', '3', '4']])
  })

  it('treats quotes inside unquoted fields as text and appends text after a closing quote, as Python csv does', () => {
    expect(cells('ab"c,"q"z,d\n')).toEqual([['ab"c', 'qz', 'd']])
  })

  it('decodes UTF-8 split across slices', () => {
    const text = 'naïve,→,😀\n'
    for (const cut of [1, 2, 3]) expect(cells(text, {}, [cut])).toEqual([['naïve', '→', '😀']])
  })

  it('replaces invalid UTF-8 with U+FFFD instead of failing', () => {
    expect(cells(new Uint8Array([0x61, 0xff, 0x2c, 0x62, 0x0a]))).toEqual([['a\uFFFD', 'b']])
  })
})

describe('RowReader: delimiters', () => {
  it('splits on tab, semicolon and pipe', () => {
    expect(cells('a\tb\n', { delimiter: '\t' })).toEqual([['a', 'b']])
    expect(cells('a;"b;c"\n', { delimiter: ';' })).toEqual([['a', 'b;c']])
    expect(cells('a|b\n', { delimiter: '|' })).toEqual([['a', 'b']])
  })

  it('splits on runs of whitespace and ignores it at line ends', () => {
    expect(cells('  StartTime   Dur\tProto  \n 16:24:47  1.5 tcp\n', { delimiter: 'whitespace' })).toEqual([
      ['StartTime', 'Dur', 'Proto'],
      ['16:24:47', '1.5', 'tcp'],
    ])
  })

  it('reads quotes as text when quoting is off (Zeek TSV)', () => {
    expect(cells('"a\tb"\tc\n', { delimiter: '\t', quotes: false })).toEqual([['"a', 'b"', 'c']])
  })
})

describe('RowReader: plain numbers on the fast path', () => {
  it('reads plain decimals while scanning and leaves everything else to the strict reader', () => {
    const seen: number[][] = []
    const reader = new RowReader({ row: (r) => void seen.push(Array.from(r.simple.subarray(0, r.count))), reject: () => {} })
    const long = ['1234567890', '123456.789012345', '1234567890123456', '0.0519457013574657', '-23887.99224453891', '0.000123456789012345678']
    reader.push(encode(`12,-3.5,0.00,1.,.5,123456789,${long.join(',')},1e3,-,,"7",x1,1234567890123456789,9007199254740993\n`))
    reader.end()
    const [row] = seen
    expect(row.slice(0, 6)).toEqual([12, -3.5, 0, 1, 0.5, 123456789])
    // Up to 18 significant digits (leading zeros do not count) exactly as Number() reads them.
    for (let i = 0; i < long.length; i++) expect(Object.is(row[6 + i], Number(long[i])), long[i]).toBe(true)
    // Exponents, a bare sign, empty and quoted cells, text, 19 digits, a value halfway between two doubles: NaN
    // here (plainDecimalFromBytes or the strict reader reads them on demand).
    for (const v of row.slice(6 + long.length)) expect(v).toBeNaN()
  })
})

describe('RowReader: number-column hint', () => {
  it('reads values only in the hinted columns, marks plain decimals in kind-only ones, and treats the rest as text', () => {
    const seen: { simple: number[]; plain: number[]; text: string[] }[] = []
    const reader = new RowReader({
      row: (r) => void seen.push({ simple: Array.from(r.simple.subarray(0, r.count)), plain: Array.from(r.plain.subarray(0, r.count)), text: r.toArray().slice() }),
      reject: () => {},
    })
    reader.numberColumns = Uint8Array.from([NUMBER_VALUE, NUMBER_KIND, 0])
    reader.push(encode('1.5,2.5,3.5,4.5\n-7,x,8,\n"9",10,11,12\n'))
    reader.end()
    expect(seen.map((r) => r.text)).toEqual([['1.5', '2.5', '3.5', '4.5'], ['-7', 'x', '8', ''], ['9', '10', '11', '12']])
    expect(seen[0].simple).toEqual([1.5, NaN, NaN, NaN])
    expect(seen[0].plain).toEqual([1, 1, 0, 0])
    expect(seen[1].simple).toEqual([-7, NaN, NaN, NaN])
    expect(seen[1].plain).toEqual([1, 0, 0, 0])
    // A row with a quoted field takes the general scanner, which reads every column (the hint only saves time).
    expect(seen[2].simple).toEqual([NaN, 10, 11, 12])
  })
})

describe('RowReader: limits', () => {
  it('rejects a row with a field over the field cap and goes on', () => {
    const rows = parseRows(`a,${'x'.repeat(300)}\nb,c\n`, { maxFieldChars: 100 }, [7])
    expect(rows).toEqual([{ line: 1, reject: 'field-too-long' }, { line: 2, cells: ['b', 'c'] }])
  })

  it('rejects a row with too many fields', () => {
    const rows = parseRows(`${','.repeat(50)}\nok\n`, { maxFields: 10 })
    expect(rows).toEqual([{ line: 1, reject: 'too-many-fields' }, { line: 2, cells: ['ok'] }])
  })

  it('stops at an unbalanced quote with an error naming the line, not at the end of the file', () => {
    const text = 'h1,h2\n1,2\n3,"never closed\n' + '5,6\n'.repeat(100_000)
    let error: unknown = null
    try {
      parseRows(text, { maxRowChars: 1000 }, [4096])
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(TableError)
    expect((error as TableError).line).toBe(3)
    expect((error as TableError).message).toMatch(/line 3: .*unbalanced quote/)
  })

  it('reports a quote left open at the end of the input as a rejected row', () => {
    expect(parseRows('a,b\n1,"open\n2,3\n')).toEqual([{ line: 1, cells: ['a', 'b'] }, { line: 2, reject: 'unterminated-quote' }])
  })

  it('stops a 10 MB line at the row cap without holding it (fed lazily in 64 KiB slices)', () => {
    const meter = meterRowScans()
    const reader = new RowReader({ row: () => {}, reject: () => {} })
    const slice = encode('x'.repeat(64 * 1024))
    let fed = 0
    let error: unknown = null
    try {
      reader.push(encode('a,b\n'))
      while (fed < 10 * 1024 * 1024) {
        reader.push(slice)
        fed += slice.length
      }
    } catch (e) {
      error = e
    } finally {
      meter.restore()
    }
    expect(error).toBeInstanceOf(TableError)
    expect((error as TableError).code).toBe('row-too-long')
    expect((error as TableError).line).toBe(2)
    // Stopped within a slice or two past 1 MiB, long before the 10 MB were fed.
    expect(fed).toBeLessThan(2 * 1024 * 1024)
    // And the growing row was not rescanned on every slice (that would be ~16 MiB for 32 slices of 64 KiB).
    const scanned = meter.scanned()
    console.log(`row reader: ${fed} bytes fed, ${scanned} bytes scanned before the row cap`)
    expect(scanned).toBeLessThanOrEqual(4 * fed)
  })

  it('lets the sink stop reading', () => {
    const seen: string[] = []
    const reader = new RowReader({ row: (r) => (seen.push(r.field(0)), seen.length < 2), reject: () => {} })
    reader.push(encode('1\n2\n3\n4\n'))
    reader.end()
    expect(seen).toEqual(['1', '2'])
    expect(reader.done).toBe(true)
  })
})

describe('RowFields', () => {
  it('compares and measures fields in place', () => {
    const reader = new RowReader({
      row: (r) => {
        expect(r.equals(0, 'tcp')).toBe(true)
        expect(r.equals(0, 'udp')).toBe(false)
        expect(r.equals(1, 'a"b')).toBe(true)
        expect(r.length(1)).toBe(3)
        expect(r.field(9)).toBe('')
        expect(r.equals(9, '')).toBe(true)
      },
      reject: () => {},
    })
    reader.push(encode('tcp,"a""b"\n'))
    reader.end()
    expect(reader.rows).toBe(1)
  })
})
