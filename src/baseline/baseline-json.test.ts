import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { build, officeTraffic } from '../detect/test-traffic.ts'
import { baselineToJSON, parseBaseline } from './baseline-json.ts'
import { flowSourceOf } from './flow-source.ts'
import { learnBaseline } from './learn-baseline.ts'
import { BASELINE_LIMITS } from './types.ts'

const baseline = learnBaseline(flowSourceOf(build(officeTraffic(1_700_000_000, 120, 9)).analysis), { fileName: 'office.pcap' })
const text = baselineToJSON(baseline)

function mutated(edit: (o: Record<string, unknown>) => void): string {
  const o = JSON.parse(text) as Record<string, unknown>
  edit(o)
  return JSON.stringify(o)
}

describe('baseline JSON', () => {
  it('round-trips exactly', () => {
    const r = parseBaseline(text)
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.baseline).toEqual(baseline)
    expect(parseBaseline(JSON.parse(text)).ok).toBe(true)
  })

  it('requires the version and refuses newer ones with a message', () => {
    const noVersion = parseBaseline(mutated((o) => delete o.version))
    expect(noVersion).toEqual({ ok: false, error: 'baseline has no version' })
    const newer = parseBaseline(mutated((o) => (o.version = 99)))
    expect(newer.ok).toBe(false)
    if (!newer.ok) expect(newer.error).toMatch(/newer/)
  })

  it('rejects unknown keys, including __proto__ and constructor, at any level', () => {
    expect(parseBaseline(mutated((o) => (o.extra = 1))).ok).toBe(false)
    const proto = text.replace('{"kind"', '{"__proto__":{"polluted":true},"kind"')
    const r = parseBaseline(proto)
    expect(r.ok).toBe(false)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const nested = parseBaseline(mutated((o) => Object.defineProperty(o.global, 'constructor', { value: { prototype: {} }, enumerable: true })))
    expect(nested.ok).toBe(false)
  })

  it('rejects wrong types, non-finite numbers and out-of-range values', () => {
    expect(parseBaseline(mutated((o) => (o.windowSeconds = 'ten'))).ok).toBe(false)
    expect(parseBaseline(text.replace(/"windowSeconds":[0-9.]+/, '"windowSeconds":1e999')).ok).toBe(false)
    expect(parseBaseline(mutated((o) => (o.windowSeconds = null))).ok).toBe(false)
    expect(parseBaseline(mutated((o) => ((o.global as { retransmissionRatio: number }).retransmissionRatio = -1))).ok).toBe(false)
    expect(parseBaseline(mutated((o) => (o.kind = 'something-else'))).ok).toBe(false)
  })

  it('caps list sizes and string lengths', () => {
    const many = parseBaseline(mutated((o) => (o.edges = Array.from({ length: BASELINE_LIMITS.edges + 1 }, (_, i) => `a${i}>b`))))
    expect(many.ok).toBe(false)
    const long = parseBaseline(mutated((o) => (o.edges = ['x'.repeat(BASELINE_LIMITS.stringLength + 1)])))
    expect(long.ok).toBe(false)
  })

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.anything()), (input) => {
        const r = parseBaseline(input)
        expect(typeof r.ok).toBe('boolean')
      }),
      { seed: 11, numRuns: 500 },
    )
    expect(parseBaseline('[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]').ok).toBe(false)
    expect(parseBaseline(text.slice(0, text.length / 2)).ok).toBe(false)
  })
})
