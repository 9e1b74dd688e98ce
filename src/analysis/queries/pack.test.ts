import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Aggregate } from '../../storage/session-types.ts'
import { packValue, unpackValue } from './pack.ts'

const sample = () => ({
  flows: { count: 3, first: new Float64Array([1, 2, 3]), kind: new Uint8Array([6, 17, 6]), ratio: new Float32Array([0.5]) },
  facts: Array.from({ length: 600 }, (_, i) => [i, { sni: `host${i}.example`, rtt: i % 7 === 0 ? NaN : i / 10, extra: i % 11 === 0 ? undefined : 'x' }]),
  text: Array.from({ length: 300 }, (_, i) => `10.0.${i >> 8}.${i & 255}`),
  small: [1, 'a', null],
})

describe('packValue with adopt', () => {
  it('stores exactly what a copying pack stores', () => {
    const copied: Record<string, Aggregate> = {}
    const adopted: Record<string, Aggregate> = {}
    packValue(sample(), 'v', copied)
    packValue(sample(), 'v', adopted, { adopt: true })
    expect(adopted).toEqual(copied)
    expect(unpackValue('v', adopted)).toEqual(unpackValue('v', copied))
  })

  it('keeps the typed arrays and the unchanged rows it was given, and leaves the value as it was', () => {
    const value = sample()
    const before = structuredClone(value)
    const out: Record<string, Aggregate> = {}
    packValue(value, 'v', out, { adopt: true })
    const tables = Object.values(out).flatMap((a) => (a.kind === 'table' ? [a.table.columns[0].data] : []))
    expect(tables).toContain(value.flows.first)
    expect(tables).toContain(value.flows.kind)
    // Float32 has no stored column type: it is widened, so never the same array.
    expect(tables).not.toContain(value.flows.ratio)
    // The address texts needed no change: the array itself is the column.
    expect(tables).toContain(value.text)
    // Rows with a NaN or an undefined key are rebuilt; the others are the caller's own.
    const factRows = tables.find((t) => Array.isArray(t) && t.length === 600) as unknown[]
    expect(factRows[1]).toBe(value.facts[1])
    expect(factRows[7]).not.toBe(value.facts[7])
    expect((factRows[7] as [number, { rtt: unknown }])[1].rtt).toBeNull()
    expect(Object.keys((factRows[11] as [number, object])[1])).toEqual(['sni', 'rtt'])
    expect(value).toEqual(before)
  })

  it('gives the same aggregates as copying for any plain value', () => {
    const leaf = fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined))
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 300 }), fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), tie('node'), { maxKeys: 5 })),
    })).node
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), tree, { maxKeys: 6 }), (value) => {
        // Either both store the same aggregates or both refuse the value (undefined in an array) with one message.
        const pack = (adopt: boolean) => {
          const out: Record<string, Aggregate> = {}
          try {
            packValue(value, 'p', out, { adopt })
            return out
          } catch (e) {
            return (e as Error).message
          }
        }
        expect(pack(true)).toEqual(pack(false))
      }),
      { numRuns: 200 },
    )
  })
})
