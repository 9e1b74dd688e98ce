import { describe, expect, it } from 'vitest'
import type { JsonObject } from './json-lines.ts'
import { JsonLinesReader, own } from './json-lines.ts'
import { encode } from './table-test-utils.ts'

function readLines(text: string | Uint8Array, cut = 3, max?: number): { values: [JsonObject, number][]; rejects: [number, string][] } {
  const values: [JsonObject, number][] = []
  const rejects: [number, string][] = []
  const reader = new JsonLinesReader({ value: (o, line) => void values.push([o, line]), reject: (line, why) => void rejects.push([line, why]) }, max)
  const bytes = typeof text === 'string' ? encode(text) : text
  for (let i = 0; i < bytes.length; i += cut) reader.push(bytes.subarray(i, i + cut))
  reader.end()
  return { values, rejects }
}

describe('JsonLinesReader', () => {
  it('reads one object per line, CRLF or LF, blank lines skipped, last line without a line end', () => {
    const { values, rejects } = readLines('{"a":1}\r\n\n  \n{"b":"→"}\n{"c":[1,2]}')
    expect(values.map(([o, line]) => [o, line])).toEqual([[{ a: 1 }, 1], [{ b: '→' }, 4], [{ c: [1, 2] }, 5]])
    expect(rejects).toEqual([])
  })

  it('rejects invalid JSON and values that are not objects, and goes on', () => {
    const { values, rejects } = readLines('{"a":1}\n{oops\n[1,2]\nnull\n"x"\n{"b":2}\n')
    expect(values.map(([o]) => o)).toEqual([{ a: 1 }, { b: 2 }])
    expect(rejects).toEqual([[2, 'invalid-json'], [3, 'not-an-object'], [4, 'not-an-object'], [5, 'not-an-object']])
  })

  it('skips a line over the cap without keeping it, then reads on', () => {
    const long = '{"x":"' + 'y'.repeat(5000) + '"}'
    const { values, rejects } = readLines(`{"a":1}\n${long}\n{"b":2}\n`, 64, 1000)
    expect(values.map(([o]) => o)).toEqual([{ a: 1 }, { b: 2 }])
    expect(rejects).toEqual([[2, 'line-too-long']])
  })

  it('keeps a key named __proto__ as plain data, and own() never reads the prototype', () => {
    const { values } = readLines('{"__proto__":{"polluted":true},"constructor":"c"}\n{"a":1}\n')
    const [first, second] = values.map(([o]) => o)
    expect(own(first, '__proto__')).toEqual({ polluted: true })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(own(second, '__proto__')).toBeUndefined()
    expect(own(second, 'constructor')).toBeUndefined()
    expect(own(second, 'toString')).toBeUndefined()
    expect(own(null, 'a')).toBeUndefined()
  })

  it('survives binary garbage', () => {
    const bytes = new Uint8Array(2000)
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff
    const { values, rejects } = readLines(bytes, 17)
    expect(values).toEqual([])
    expect(rejects.length).toBeGreaterThan(0)
  })
})
