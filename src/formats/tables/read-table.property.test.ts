/**
 * Property tests for readTable over hostile input (shared/RELIABILITY.md "Targets", row 39): arbitrary bytes and
 * mutated tables of every dialect, sniffed or forced, end in a report or a FormatError, never another exception
 * or a hang; mutations are aimed at what tables are made of (quotes, delimiters, line ends, numbers, special
 * words), at random bytes (2%), at truncation and at splicing. A table cut short reads as a prefix of the whole.
 * Seeds are fixed and named in the titles so failures replay.
 */
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { FormatError, type ByteSource } from '../format.ts'
import { bytesSource } from '../sources.ts'
import { SNIFF_BYTES } from './head-text.ts'
import { meterRowScans, type RowScanMeter } from './row-scan-meter.ts'
import type { TableDialectId } from './table-model.ts'
import { encode, readAll, SAMPLES } from './table-test-utils.ts'

const SEED = Number(process.env.FC_SEED ?? 39)
const RUNS = Number(process.env.FC_RUNS ?? 2000)
const DIALECTS = Object.keys(SAMPLES) as TableDialectId[]
const TOKENS = ['"', ',', '\t', ';', '\n', '\r', '\r\n', '#', '-', '(empty)', 'NaN', 'Infinity', '1e309', '__proto__', '{', '}', '\\x09', 'XXXXXXXXXX.XXXXXX', '\uFEFF', '\u0000', '99999999999999999999', '"""']

let meter: RowScanMeter | null = null
afterEach(() => {
  meter?.restore()
  meter = null
})

/** Passes sniffing may make over the head (a few per dialect and delimiter tried; up to about 60 seen). */
const SNIFF_PASSES = 80

/**
 * The most bytes the row scanner may be handed for an input of `length` bytes: each slice once, an unfinished row
 * again only when the bytes pending have doubled (so at most twice more in all), plus the sniffing passes over
 * the head. A reader that rescanned a growing row on every slice would go quadratic and past this.
 */
const scanBound = (length: number): number => 4 * length + SNIFF_PASSES * Math.min(length, SNIFF_BYTES)

/** bytesSource that counts the bytes its slices deliver. */
function countingSource(bytes: Uint8Array, slice: number): ByteSource & { readonly delivered: () => number } {
  const inner = bytesSource(bytes, 'table', slice)
  let delivered = 0
  return {
    name: inner.name,
    size: inner.size,
    head: (n) => inner.head(n),
    async *slices(signal) {
      for await (const s of inner.slices(signal)) {
        delivered += s.length
        yield s
      }
    },
    delivered: () => delivered,
  }
}

/** Reads and checks the outcome: a report whose counts add up, or a FormatError. */
async function survives(input: Uint8Array | ByteSource, dialect: TableDialectId | undefined, slice: number): Promise<void> {
  try {
    const { report, flows, packets, facts } = await readAll(input, { dialect }, slice)
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

  it(`mutated tables of every dialect are survived, with work linear in their size (seed ${SEED})`, async () => {
    const scans = (meter = meterRowScans())
    let worst = 0
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...DIALECTS), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.integer({ min: 1, max: 97 }), async (dialect, mutations, force, slice) => {
        let bytes = encode(SAMPLES[dialect])
        for (const m of mutations) bytes = mutate(bytes, m)
        scans.reset()
        await survives(bytes, force ? dialect : undefined, slice)
        // No hang and no quadratic rescanning, counted in bytes rather than timed.
        worst = Math.max(worst, scans.scanned() / Math.max(1, bytes.length))
        expect(scans.scanned()).toBeLessThanOrEqual(scanBound(bytes.length))
      }),
      { seed: SEED, numRuns: RUNS },
    )
    console.log(`mutated tables: at most ${worst.toFixed(2)} bytes scanned per input byte`)
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

  it('reads 4 MiB of random bytes through every dialect, each byte delivered once and scanned a bounded number of times', async () => {
    const bytes = new Uint8Array(4 * 1024 * 1024)
    let x = 2024
    for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24
    const scans = (meter = meterRowScans())
    for (const dialect of DIALECTS) {
      scans.reset()
      const source = countingSource(bytes, 1024 * 1024)
      const started = performance.now()
      await survives(source, dialect, 1024 * 1024)
      // The time is printed for the record only; what is asserted is the work, which a loaded machine cannot change.
      console.log(`4 MiB random through ${dialect}: ${(performance.now() - started).toFixed(0)} ms, ${source.delivered()} bytes read, ${scans.scanned()} scanned`)
      expect(source.delivered(), dialect).toBeLessThanOrEqual(bytes.length)
      expect(scans.scanned(), dialect).toBeLessThanOrEqual(scanBound(bytes.length))
    }
  }, 60_000)
})
