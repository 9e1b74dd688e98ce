/**
 * Replays every counterexample the fuzzer ever found (src/fuzz/fixtures, written by `npm run fuzz`) with the
 * same checks as the fuzz run: each must now pass. Also checks that the fuzzer's own checks can fail, so a
 * passing run means something.
 */
import { describe, expect, it } from 'vitest'
import { AllocationMeter } from './alloc-meter.ts'
import { loadFixtures } from './fixture-files.ts'
import { checkCase, type FuzzTarget } from './target.ts'
import { targetByName } from './targets.ts'

const fixtures = loadFixtures()

describe('fuzz counterexamples kept as fixtures (RELIABILITY row 41)', () => {
  it('there are fixtures, each for a known target', () => {
    expect(fixtures.length).toBeGreaterThan(0)
    for (const f of fixtures) expect(targetByName(f.meta.target), f.name).toBeDefined()
  })

  for (const f of fixtures) {
    it(`${f.name}: ${f.meta.description} (was: ${f.meta.problem.slice(0, 120)})`, async () => {
      const target = targetByName(f.meta.target) as FuzzTarget
      const cut = f.whole === null ? null : { whole: f.whole, cutMayBeBoundary: f.meta.cutMayBeBoundary }
      const r = await checkCase(target, f.bytes, cut, f.meta.slice)
      expect(r.problem).toBeNull()
    })
  }
})

describe('the fuzzer checks can fail', () => {
  const base: Omit<FuzzTarget, 'read'> = {
    name: 'self-test',
    seeds: async () => [],
    prefixProblem: (part, whole) => (part.items.every((x, i) => x === whole.items[i]) ? null : 'not a prefix'),
    fixedAllocation: 1024,
  }

  it('an exception other than the typed refusal is a failure', async () => {
    const target: FuzzTarget = { ...base, read: async () => { throw new TypeError('boom') } }
    expect((await checkCase(target, new Uint8Array(4), null, 1)).problem).toMatch(/uncaught TypeError: boom/)
  })

  it('an allocation beyond the input and the fixed buffers is a failure', async () => {
    const target: FuzzTarget = {
      ...base,
      read: async (bytes) => ({ kind: 'report', items: [String(new ArrayBuffer(8 * 1024 * 1024).byteLength + bytes.length)], truncated: false, problem: null }),
    }
    expect((await checkCase(target, new Uint8Array(10), null, 1)).problem).toMatch(/allocated 8388608 bytes at once \(ArrayBuffer\)/)
  })

  it('a cut file whose packets are not a prefix is a failure', async () => {
    const target: FuzzTarget = { ...base, read: async (bytes) => ({ kind: 'report', items: [String(bytes[bytes.length - 1])], truncated: false, problem: null }) }
    const r = await checkCase(target, Uint8Array.of(1, 2), { whole: Uint8Array.of(1, 2, 3), cutMayBeBoundary: true }, 1)
    expect(r.problem).toMatch(/not a prefix/)
  })

  it('the allocation meter sees typed arrays by element size and restores the constructors', async () => {
    const meter = new AllocationMeter()
    const original = Float64Array
    const m = await meter.measure(async () => new Float64Array(1000).length + Uint8Array.of(1, 2).length)
    expect(m.largest).toBe(8000)
    expect(m.largestBy).toBe('Float64Array')
    expect(Float64Array).toBe(original)
    expect(new Uint8Array(2) instanceof Uint8Array).toBe(true)
  })
})
