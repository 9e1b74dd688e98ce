/**
 * Property tests for readTable over hostile input (shared/RELIABILITY.md "Targets", row 39): arbitrary bytes and
 * mutated tables of every dialect, sniffed or forced, end in a report or a FormatError, never another exception
 * or a hang; mutations are aimed at what tables are made of (quotes, delimiters, line ends, numbers, special
 * words), at random bytes (2%), at truncation and at splicing. A table cut short reads as a prefix of the whole.
 * Seeds are fixed and named in the titles so failures replay.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FormatError } from '../format.ts'
import type { TableDialectId } from './table-model.ts'
import { encode, readAll, SAMPLES } from './table-test-utils.ts'

const SEED = Number(process.env.FC_SEED ?? 39)
const RUNS = Number(process.env.FC_RUNS ?? 2000)
const DIALECTS = Object.keys(SAMPLES) as TableDialectId[]
const TOKENS = ['"', ',', '\t', ';', '\n', '\r', '\r\n', '#', '-', '(empty)', 'NaN', 'Infinity', '1e309', '__proto__', '{', '}', '\\x09', 'XXXXXXXXXX.XXXXXX', '\uFEFF', '\u0000', '99999999999999999999', '"""']

/** Reads and checks the outcome: a report whose counts add up, or a FormatError. */
async function survives(bytes: Uint8Array, dialect: TableDialectId | undefined, slice: number): Promise<void> {
  try {
    const { report, flows, packets, facts } = await readAll(bytes, { dialect }, slice)
    expect(report.records).toBe(flows.length + packets.length + facts.length)
    expect(report.rejectedRows.count).toBeGreaterThanOrEqual(0)
    expect(report.rejectedRows.examples.length).toBeLessThanOrEqual(10)
  } catch (e) {
    if (!(e instanceof FormatError)) throw e
  }
}

type Mutation =
  | { kind: 'token'; at: number; token: string }
  | { kind: 'bytes'; seed: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'splice'; other: TableDialectId; at: number }

/** 40% aimed at table structure, 40% random bytes at 2%, 10% truncation, 10% splicing. */
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('token' as const), at: fc.nat(), token: fc.constantFrom(...TOKENS) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('bytes' as const), seed: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('splice' as const), other: fc.constantFrom(...DIALECTS), at: fc.nat() }) },
)

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = 'at' in m ? m.at % (bytes.length + 1) : 0
  switch (m.kind) {
    case 'token': {
      const t = encode(m.token)
      const out = new Uint8Array(bytes.length + t.length)
      out.set(bytes.subarray(0, at))
      out.set(t, at)
      out.set(bytes.subarray(at), at + t.length)
      return out
    }
    case 'bytes': {
      const out = bytes.slice()
      let x = m.seed | 1
      for (let i = 0; i < out.length; i++) {
        x = (x * 1103515245 + 12345) >>> 0
        if (x % 50 === 0) out[i] = x >>> 24
      }
      return out
    }
    case 'truncate':
      return bytes.slice(0, at)
    case 'splice': {
      const other = encode(SAMPLES[m.other])
      const out = new Uint8Array(at + other.length)
      out.set(bytes.subarray(0, at))
      out.set(other, at)
      return out
    }
  }
}

describe('readTable properties', () => {
  it(`arbitrary bytes, sniffed or forced through any dialect, give a report or a FormatError (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.option(fc.constantFrom(...DIALECTS)), fc.integer({ min: 1, max: 64 }), async (bytes, dialect, slice) => {
        await survives(bytes, dialect ?? undefined, slice)
      }),
      { seed: SEED, numRuns: RUNS / 2 },
    )
  }, 60_000)

  it(`mutated tables of every dialect are survived (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...DIALECTS), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.integer({ min: 1, max: 97 }), async (dialect, mutations, force, slice) => {
        let bytes = encode(SAMPLES[dialect])
        for (const m of mutations) bytes = mutate(bytes, m)
        const started = performance.now()
        await survives(bytes, force ? dialect : undefined, slice)
        // No hang: these inputs are a few hundred bytes (the per-MiB time bound is checked on large input below).
        expect(performance.now() - started).toBeLessThan(2000)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  }, 60_000)

  it(`a table cut at any byte reads as a prefix of the whole (seed ${SEED})`, async () => {
    const whole = new Map<TableDialectId, unknown[]>()
    for (const d of DIALECTS) {
      const r = await readAll(SAMPLES[d], { dialect: d })
      whole.set(d, [...r.flows, ...r.packets, ...r.facts])
    }
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...DIALECTS), fc.nat(), async (dialect, cut) => {
        const bytes = encode(SAMPLES[dialect])
        const prefix = bytes.subarray(0, cut % (bytes.length + 1))
        let records: unknown[]
        try {
          const r = await readAll(prefix, { dialect })
          records = [...r.flows, ...r.packets, ...r.facts]
        } catch (e) {
          // A prefix too short to show the columns a generic mapping needs.
          expect(e).toBeInstanceOf(FormatError)
          return
        }
        const full = whole.get(dialect) ?? []
        expect(records.length).toBeLessThanOrEqual(full.length)
        // Every record but the last (which the cut may have shortened) is the whole table's record.
        expect(records.slice(0, -1)).toEqual(full.slice(0, Math.max(0, records.length - 1)))
      }),
      { seed: SEED, numRuns: RUNS / 4 },
    )
  }, 60_000)

  it('reads 4 MiB of random bytes through every dialect within 250 ms per MiB', async () => {
    const bytes = new Uint8Array(4 * 1024 * 1024)
    let x = 2024
    for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24
    for (const dialect of DIALECTS) {
      const started = performance.now()
      await survives(bytes, dialect, 1024 * 1024)
      expect(performance.now() - started, dialect).toBeLessThan(4 * 250)
    }
  }, 60_000)
})
