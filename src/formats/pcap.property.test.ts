/**
 * Property tests for the pcap reader (shared/RELIABILITY.md "Targets" and row 41). Seeds are fixed and named in
 * the test titles so any failure can be replayed.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FormatError } from './format.ts'
import { pcap } from './pcap.ts'
import { PcapWriter } from './pcap-writer.ts'
import { frame, readWith, ulpsFrom } from './read-test-utils.ts'

const SEED = 20240611
const RUNS = 300

interface Written {
  readonly bytes: Uint8Array
  /** Offset of every record start, then the file length. */
  readonly boundaries: number[]
  readonly packets: { sec: number; frac: number; len: number; orig: number; seed: number }[]
  readonly div: number
}

const fileArb = fc
  .record({
    littleEndian: fc.boolean(),
    kind: fc.constantFrom('micro', 'nano', 'modified'),
    linkType: fc.constantFrom(0, 1, 101, 113, 127, 276, 0xffff),
    packets: fc.array(
      fc.record({
        sec: fc.integer({ min: 0, max: 0xffffffff }),
        frac: fc.integer({ min: 0, max: 999_999 }),
        len: fc.integer({ min: 0, max: 200 }),
        extra: fc.integer({ min: 0, max: 1500 }),
        seed: fc.nat(255),
      }),
      { maxLength: 12 },
    ),
  })
  .map(({ littleEndian, kind, linkType, packets }): Written & { linkType: number } => {
    const nano = kind === 'nano'
    const w = new PcapWriter({ littleEndian, nano, modified: kind === 'modified', linkType })
    const boundaries: number[] = []
    const out: Written['packets'] = []
    // Captures are in time order; the reader flags time going backwards, tested on its own elsewhere.
    const sorted = [...packets].sort((a, b) => a.sec - b.sec || a.frac - b.frac || a.seed - b.seed)
    for (const p of sorted) {
      boundaries.push(w.pending)
      const frac = nano ? p.frac * 1000 + (p.seed % 1000) : p.frac
      w.rawRecord(p.sec, frac, frame(p.len, p.seed), p.len + p.extra)
      out.push({ sec: p.sec, frac, len: p.len, orig: p.len + p.extra, seed: p.seed })
    }
    boundaries.push(w.pending)
    return { bytes: w.take(), boundaries, packets: out, div: nano ? 1e9 : 1e6, linkType }
  })

describe('pcap properties', () => {
  it(`any bytes give a report or a FormatError, never another exception (seed ${SEED})`, async () => {
    const header = fc.constantFrom(
      new Uint8Array(0),
      Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0),
      Uint8Array.of(0xa1, 0xb2, 0x3c, 0x4d, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
      Uint8Array.of(0x34, 0xcd, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0),
    )
    await fc.assert(
      fc.asyncProperty(header, fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 1, max: 64 }), async (h, body, slice) => {
        const bytes = new Uint8Array(h.length + body.length)
        bytes.set(h)
        bytes.set(body, h.length)
        const out = await readWith(pcap, bytes, slice)
        expect(out.report !== null || out.error instanceof FormatError).toBe(true)
        if (out.report) expect(out.report.packets).toBe(out.packets.length)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it(`a written file cut at any byte reads as a prefix, marked truncated unless cut at a record boundary (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 }), async (file, where, slice) => {
        const cut = Math.round(where * file.bytes.length)
        const full = await readWith(pcap, file.bytes)
        const part = await readWith(pcap, file.bytes.subarray(0, cut), slice)
        if (cut < 24) {
          expect(part.error?.code).toBe('truncated-header')
          return
        }
        const complete = file.boundaries.filter((b, i) => i > 0 && b <= cut).length
        expect(part.packets).toEqual(full.packets.slice(0, complete))
        const atBoundary = file.boundaries.includes(cut)
        expect(part.report?.truncated).toBe(atBoundary ? false : file.boundaries[complete])
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it(`a written file reads back equal for every slice size (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, fc.integer({ min: 1, max: 300 }), async (file, slice) => {
        const out = await readWith(pcap, file.bytes, slice)
        expect(out.report?.truncated).toBe(false)
        expect(out.packets.map((p) => [p.linkType, p.capLen, p.origLen])).toEqual(file.packets.map((p) => [file.linkType, p.len, p.orig]))
        out.packets.forEach((p, i) => {
          const w = file.packets[i]
          expect(p.data).toEqual(frame(w.len, w.seed))
          // Microseconds: the nearest double; nanoseconds (more than 53 bits of ticks): within one ulp.
          const div = BigInt(file.div)
          expect(ulpsFrom(p.time, BigInt(w.sec) * div + BigInt(w.frac), div)).toBeLessThanOrEqual(file.div === 1e6 ? 0.5 : 1)
        })
        expect(out.anomalies).toEqual({})
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it(`mutated files (2% bytes, aimed fields, splices, cuts) never throw anything but FormatError (seed ${SEED})`, async () => {
    const interesting = [0, 1, 15, 16, 0x7fffffff, 0xffffffff, 262144, 262145, 65535, 1_000_000]
    const mutation = fc.record({
      kind: fc.constantFrom('bytes', 'bytes', 'field', 'field', 'splice', 'cut'),
      picks: fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 64 }),
      value: fc.constantFrom(...interesting),
    })
    await fc.assert(
      fc.asyncProperty(fileArb, mutation, fc.integer({ min: 1, max: 100 }), async (file, m, slice) => {
        let bytes = file.bytes.slice()
        const n = bytes.length
        if (m.kind === 'bytes') {
          const count = Math.max(1, Math.round(n * 0.02))
          for (let i = 0; i < count; i++) {
            const [at, v] = m.picks[i % m.picks.length]
            bytes[(at + i * 7919) % n] = v
          }
        } else if (m.kind === 'field') {
          // Overwrite one header field (magic, version, snaplen, network, or a record's ts/incl_len/orig_len).
          const [at] = m.picks[0]
          const fieldsAt = [0, 4, 16, 20, ...file.boundaries.slice(0, -1).flatMap((b) => [b, b + 4, b + 8, b + 12])]
          const f = fieldsAt[at % fieldsAt.length]
          if (f + 4 <= n) new DataView(bytes.buffer).setUint32(f, m.value, at % 2 === 0)
        } else if (m.kind === 'splice') {
          const [a, b] = m.picks[0]
          const from = a % n
          const to = (a * 31 + b) % n
          const len = Math.min(b + 1, n - from)
          const spliced = new Uint8Array(n + len)
          spliced.set(bytes.subarray(0, to))
          spliced.set(bytes.subarray(from, from + len), to)
          spliced.set(bytes.subarray(to), to + len)
          bytes = spliced
        } else {
          bytes = bytes.subarray(0, m.picks[0][0] % (n + 1))
        }
        const out = await readWith(pcap, bytes, slice)
        expect(out.report !== null || out.error instanceof FormatError).toBe(true)
        if (out.report) {
          expect(out.report.packets).toBe(out.packets.length)
          expect(out.report.capturedBytes).toBe(out.packets.reduce((s, p) => s + p.capLen, 0))
          for (const p of out.packets) expect(Number.isFinite(p.time)).toBe(true)
        }
      }),
      { seed: SEED, numRuns: 500 },
    )
  })
})
