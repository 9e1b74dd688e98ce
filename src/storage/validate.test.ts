import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { crc32, crc32Update } from './crc32.ts'
import { captureSummary, manifestRecord } from './record-schemas.ts'
import { makeSummary, validationProblem } from './test-fixtures.ts'
import { arrayOf, either, int, jsonValue, literal, nullable, object, record, str } from './validate.ts'

const problem = validationProblem

describe('validate', () => {
  const point = object<{ x: number; label: string | null }>({ x: int(0, 10), label: nullable(str(5)) })

  it('objects: exact keys, fresh output, no exotic prototypes', () => {
    const input = { x: 3, label: 'a' }
    const out = point(input, 'p')
    expect(out).toEqual(input)
    expect(out).not.toBe(input)
    expect(problem(() => point({ x: 3 }, 'p'))).toBe('p: missing key "label"')
    expect(problem(() => point({ x: 3, label: null, y: 1 }, 'p'))).toBe('p: unknown key "y"')
    expect(problem(() => point(JSON.parse('{"x":3,"label":null,"__proto__":{"polluted":1}}'), 'p'))).toBe('p: forbidden key "__proto__"')
    expect(problem(() => point({ x: 3, label: null, constructor: 1 }, 'p'))).toBe('p: forbidden key "constructor"')
    expect(problem(() => point(Object.assign(Object.create({ inherited: 1 }), { x: 1, label: null }), 'p'))).toBe('p: expected an object')
    expect(problem(() => point([3, null], 'p'))).toBe('p: expected an object')
    expect(problem(() => point({ x: 11, label: null }, 'p'))).toBe('p.x: number must be within 0..10')
    expect(problem(() => point({ x: 1.5, label: null }, 'p'))).toBe('p.x: expected an integer')
    expect(problem(() => point({ x: Number.NaN, label: null }, 'p'))).toBe('p.x: expected a finite number')
    expect(problem(() => point({ x: 1, label: 'toolong' }, 'p'))).toBe('p.label: string length must be 0..5')
  })

  it('records: null prototype, forbidden and oversized keys refused, size capped', () => {
    const counts = record(int(0, 100), 3)
    const out = counts({ a: 1, b: 2 }, 'r')
    expect(Object.getPrototypeOf(out)).toBeNull()
    expect({ ...out }).toEqual({ a: 1, b: 2 })
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expect(problem(() => counts(JSON.parse(`{"${key}": 1}`), 'r'))).toBe(`r: forbidden key "${key}"`)
    }
    expect(problem(() => counts({ a: 1, b: 2, c: 3, d: 4 }, 'r'))).toBe('r: at most 3 keys')
    expect(problem(() => counts({ ['k'.repeat(129)]: 1 }, 'r'))).toBe('r: key length out of range')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('arrays, literals and alternatives', () => {
    expect(problem(() => arrayOf(int(0, 9), 2)([1, 2, 3], 'a'))).toBe('a: at most 2 items')
    expect(problem(() => arrayOf(int(0, 9), 5)([1, 'x'], 'a'))).toBe('a[1]: expected a finite number')
    expect(literal('gzip', null)(null, 'c')).toBeNull()
    expect(problem(() => literal('gzip', null)('zip', 'c'))).toBe('c: expected one of "gzip", null')
    const truncated = either(literal(false), int(0, 100))
    expect(truncated(false, 't')).toBe(false)
    expect(truncated(42, 't')).toBe(42)
    expect(problem(() => truncated(true, 't'))).toBe('t: expected a finite number')
  })

  it('JSON values: plain data only, depth and size capped, walked without recursion', () => {
    const json = jsonValue({ maxDepth: 4, maxNodes: 100, maxString: 10 })
    expect(json({ a: [1, 'x', null, true, { b: [] }] }, 'j')).toEqual({ a: [1, 'x', null, true, { b: [] }] })
    expect(problem(() => json([[[[[1]]]]], 'j'))).toBe('j: JSON nested deeper than 4')
    expect(problem(() => json(Array.from({ length: 101 }, () => 0), 'j'))).toBe('j: JSON value has more than 100 nodes')
    expect(problem(() => json({ n: Number.POSITIVE_INFINITY }, 'j'))).toBe('j: JSON number must be finite')
    expect(problem(() => json({ s: 'x'.repeat(11) }, 'j'))).toBe('j: JSON string too long')
    expect(problem(() => json({ d: new Date(0) }, 'j'))).toBe('j: not a JSON value')
    expect(problem(() => json([undefined], 'j'))).toBe('j: not a JSON value')
    expect(problem(() => json(JSON.parse('[{"a":{"__proto__":1}}]'), 'j'))).toBe('j: forbidden key "__proto__"')
    let deep: unknown = 0
    for (let i = 0; i < 100_000; i++) deep = [deep]
    const deepJson = jsonValue({ maxDepth: 200_000, maxNodes: 1_000_000, maxString: 10 })
    expect(deepJson(deep, 'j')).toBe(deep)
  })

  it('the capture summary schema accepts a real-shaped summary and refuses any missing or extra field', () => {
    const summary = makeSummary()
    expect(captureSummary(summary, 's')).toEqual(summary)
    for (const key of Object.keys(summary)) {
      const { [key]: _dropped, ...rest } = summary as unknown as Record<string, unknown>
      expect(problem(() => captureSummary(rest, 's'))).toBe(`s: missing key "${key}"`)
    }
    expect(problem(() => captureSummary({ ...summary, truncated: true }, 's'))).toMatch(/^s\.truncated/)
    expect(problem(() => manifestRecord({}, 'm'))).toBe('m: missing key "id"')
  })
})

describe('crc32', () => {
  it('matches the standard check value and is the same computed in parts', () => {
    const text = new TextEncoder().encode('123456789')
    expect(crc32(text)).toBe(0xcbf43926)
    expect(crc32Update(crc32Update(0, text.subarray(0, 4)), text.subarray(4))).toBe(0xcbf43926)
    expect(crc32(new Uint8Array(0))).toBe(0)
  })

  it('gives the bitwise definition\'s result for any bytes split anywhere', () => {
    // The CRC straight from its definition: one bit at a time.
    const bitwise = (bytes: Uint8Array): number => {
      let c = 0xffffffff
      for (const b of bytes) {
        c ^= b
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      }
      return ~c >>> 0
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(), (bytes, at) => {
        const cut = at % (bytes.length + 1)
        expect(crc32(bytes)).toBe(bitwise(bytes))
        expect(crc32Update(crc32Update(0, bytes.subarray(0, cut)), bytes.subarray(cut))).toBe(bitwise(bytes))
      }),
      { seed: 7, numRuns: 500 },
    )
  })
})
