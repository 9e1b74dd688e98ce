import { describe, expect, it } from 'vitest'
import { Anonymizer } from './anonymize/anonymizer.ts'
import { toCsv } from './csv-export.ts'

describe('CSV export with anonymised addresses', () => {
  const anon = new Anonymizer(new Uint8Array(32).fill(5))
  const mapText = (t: string) => anon.text(t)

  it('replaces addresses in cells and keeps formula escaping and quoting after the mapping', () => {
    const csv = toCsv(['address', 'flow', 'note'], [['10.0.0.1', '10.0.0.1-10.0.0.2-5000-80-6', '=HYPERLINK("10.0.0.2")'], ['fe80::1', 5, null]], { mapText })
    expect(csv).not.toMatch(/10\.0\.0\.[12]\b|fe80::1\b/)
    const a = anon.address('10.0.0.1') as string
    const b = anon.address('10.0.0.2') as string
    expect(csv.split('\r\n')[1]).toBe(`${a},${a}-${b}-5000-80-6,"'=HYPERLINK(""${b}"")"`)
    expect(csv.split('\r\n')[2]).toBe(`${anon.address('fe80::1')},5,`)
  })

  it('without mapText the cells are unchanged', () => {
    expect(toCsv(['a'], [['10.0.0.1']])).toBe('a\r\n10.0.0.1\r\n')
  })
})
