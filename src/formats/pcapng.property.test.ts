/**
 * Property tests for the pcapng reader (shared/RELIABILITY.md "Targets" and row 41). Seeds are fixed and named in
 * the test titles so any failure can be replayed.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FormatError } from './format.ts'
import { pcapng } from './pcapng.ts'
import { PcapngWriter } from './pcapng-writer.ts'
import { frame, readWith, ulpsFrom } from './read-test-utils.ts'

const SEED = 20240612
const RUNS = 250

interface ExpectedPacket {
  readonly kind: 'epb' | 'pb' | 'spb'
  readonly linkType: number
  readonly capLen: number
  readonly origLen: number
  readonly seed: number
  readonly ticks: bigint
  readonly den: bigint
  /** Offset just past the packet's block. */
  readonly end: number
}

interface Written {
  readonly bytes: Uint8Array
  /** Start of every block, then the file length. */
  readonly boundaries: number[]
  readonly packets: ExpectedPacket[]
  readonly skipped: { custom: number; unknown: number }
}

const blockArb = fc.oneof(
  fc.record({
    kind: fc.constantFrom('epb' as const, 'pb' as const),
    iface: fc.nat(7),
    len: fc.integer({ min: 0, max: 120 }),
    extra: fc.integer({ min: 0, max: 1500 }),
    ticks: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    comment: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
    seed: fc.nat(255),
  }),
  fc.record({ kind: fc.constant('spb' as const), len: fc.integer({ min: 0, max: 120 }), extra: fc.integer({ min: 0, max: 600 }), seed: fc.nat(255) }),
  fc.record({ kind: fc.constantFrom('custom' as const, 'unknown' as const, 'isb' as const), len: fc.integer({ min: 0, max: 40 }) }),
)

const sectionArb = fc.record({
  littleEndian: fc.boolean(),
  comment: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
  interfaces: fc.array(
    fc.record({
      linkType: fc.constantFrom(1, 101, 113, 127, 276, 0xffff),
      tsresol: fc.constantFrom(6, 9, 3, 0, 12, 0x80 | 10, 0x80 | 20),
      snaplen: fc.constantFrom(0, 0, 64, 200),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  blocks: fc.array(blockArb, { maxLength: 8 }),
})

const fileArb = fc.array(sectionArb, { minLength: 1, maxLength: 3 }).map((sections): Written => {
  const packets: ExpectedPacket[] = []
  const skipped = { custom: 0, unknown: 0 }
  let w: PcapngWriter | null = null
  const boundaries: number[] = [0]
  for (const s of sections) {
    if (w === null) w = new PcapngWriter({ littleEndian: s.littleEndian, comment: s.comment })
    else w.section({ littleEndian: s.littleEndian, comment: s.comment })
    boundaries.push(w.pending)
    const writer = w
    for (const i of s.interfaces) {
      writer.addInterface(i)
      boundaries.push(writer.pending)
    }
    for (const b of s.blocks) {
      if (b.kind === 'epb' || b.kind === 'pb') {
        const id = b.iface % s.interfaces.length
        const i = s.interfaces[id]
        const capLen = i.snaplen !== 0 ? Math.min(b.len, i.snaplen) : b.len
        const p = { interfaceId: id, ticks: b.ticks, data: frame(capLen, b.seed), origLen: capLen + b.extra, comment: b.comment }
        if (b.kind === 'epb') writer.packet(p)
        else writer.obsoletePacket(p)
        const den = i.tsresol & 0x80 ? 1n << BigInt(i.tsresol & 0x7f) : 10n ** BigInt(i.tsresol)
        packets.push({ kind: b.kind, linkType: i.linkType, capLen, origLen: capLen + b.extra, seed: b.seed, ticks: b.ticks, den, end: writer.pending })
      } else if (b.kind === 'spb') {
        const i = s.interfaces[0]
        const origLen = b.len + b.extra
        const capLen = i.snaplen !== 0 ? Math.min(origLen, i.snaplen) : origLen
        writer.simplePacket(frame(capLen, b.seed), origLen)
        packets.push({ kind: 'spb', linkType: i.linkType, capLen, origLen, seed: b.seed, ticks: 0n, den: 1n, end: writer.pending })
      } else if (b.kind === 'custom') {
        writer.customBlock(32473, frame(b.len), b.len % 2 === 0)
        skipped.custom++
      } else if (b.kind === 'unknown') {
        writer.block(0x7f000000 + b.len, frame(b.len))
        skipped.unknown++
      } else {
        writer.block(5, new Uint8Array(12)) // ISB: interface 0, no timestamps
      }
      boundaries.push(writer.pending)
    }
  }
  return { bytes: (w as PcapngWriter).take(), boundaries, packets, skipped }
})

describe('pcapng properties', () => {
  it(`any bytes give a report or a FormatError, never another exception (seed ${SEED})`, async () => {
    const shbLe = Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 28, 0, 0, 0)
    const idbLe = Uint8Array.of(1, 0, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0)
    const prefix = fc.constantFrom(new Uint8Array(0), shbLe, Uint8Array.from([...shbLe, ...idbLe]), shbLe.subarray(0, 12))
    await fc.assert(
      fc.asyncProperty(prefix, fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 1, max: 64 }), async (p, body, slice) => {
        const bytes = new Uint8Array(p.length + body.length)
        bytes.set(p)
        bytes.set(body, p.length)
        const out = await readWith(pcapng, bytes, slice)
        expect(out.report !== null || out.error instanceof FormatError).toBe(true)
        if (out.report) expect(out.report.packets).toBe(out.packets.length)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it(`a written file cut at any byte reads as a prefix, marked truncated unless cut at a block boundary (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 }), async (file, where, slice) => {
        const cut = Math.round(where * file.bytes.length)
        const full = await readWith(pcapng, file.bytes)
        const part = await readWith(pcapng, file.bytes.subarray(0, cut), slice)
        if (cut < file.boundaries[1]) {
          expect(part.error?.code).toBe('truncated-header')
          return
        }
        const complete = file.packets.filter((p) => p.end <= cut).length
        expect(part.packets).toEqual(full.packets.slice(0, complete))
        const blockStart = file.boundaries.filter((b) => b <= cut).at(-1)
        expect(part.report?.truncated).toBe(blockStart === cut ? false : blockStart)
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it(`a written file reads back equal for every slice size (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, fc.integer({ min: 1, max: 300 }), async (file, slice) => {
        const out = await readWith(pcapng, file.bytes, slice)
        expect(out.report?.truncated).toBe(false)
        expect(out.packets.map((p) => [p.linkType, p.capLen, p.origLen])).toEqual(file.packets.map((p) => [p.linkType, p.capLen, p.origLen]))
        out.packets.forEach((p, i) => {
          const w = file.packets[i]
          expect(p.data).toEqual(frame(w.capLen, w.seed))
          // EPB/PB: the tick count to within one ulp. SPB has no timestamp: the previous packet's time, or 0.
          if (w.kind === 'spb') expect(p.time).toBe(i === 0 ? 0 : out.packets[i - 1].time)
          else expect(ulpsFrom(p.time, w.ticks, w.den)).toBeLessThanOrEqual(1)
        })
        expect(out.anomalies['pcapng.custom_block_skipped'] ?? 0).toBe(file.skipped.custom)
        expect(out.anomalies['pcapng.unknown_block'] ?? 0).toBe(file.skipped.unknown)
        const unexpected = Object.keys(out.anomalies).filter(
          (k) => !['pcapng.custom_block_skipped', 'pcapng.unknown_block', 'pcapng.ts_backwards', 'pcapng.spb_time_unknown'].includes(k),
        )
        expect(unexpected).toEqual([])
      }),
      { seed: SEED, numRuns: RUNS },
    )
  })

  it(`mutated files (2% bytes, aimed fields, splices, cuts) never throw anything but FormatError (seed ${SEED})`, async () => {
    const interesting = [0, 4, 8, 11, 12, 13, 0x7fffffff, 0xffffffff, 16 * 1024 * 1024 + 4, 0x1a2b3c4d, 0x0a0d0d0a, 0x7f, 0xff]
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
          // Overwrite a block's type, length, first body words (interface id, lengths, options) or trailer.
          const [at] = m.picks[0]
          const starts = file.boundaries.slice(0, -1)
          const b = starts[at % starts.length]
          const offsets = [0, 4, 8, 12, 16, 20, 24, 28]
          const f = b + offsets[(at >> 3) % offsets.length]
          if (f + 4 <= n) new DataView(bytes.buffer).setUint32(f, m.value, at % 2 === 0)
        } else if (m.kind === 'splice') {
          const [a, b] = m.picks[0]
          const from = a % n
          const to = (a * 31 + b) % n
          const len = Math.min(4 * (b + 1), n - from)
          const spliced = new Uint8Array(n + len)
          spliced.set(bytes.subarray(0, to))
          spliced.set(bytes.subarray(from, from + len), to)
          spliced.set(bytes.subarray(to), to + len)
          bytes = spliced
        } else {
          bytes = bytes.subarray(0, m.picks[0][0] % (n + 1))
        }
        const out = await readWith(pcapng, bytes, slice)
        expect(out.report !== null || out.error instanceof FormatError).toBe(true)
        if (out.report) {
          expect(out.report.packets).toBe(out.packets.length)
          expect(out.report.bytes).toBe(out.packets.reduce((s, p) => s + p.origLen, 0))
          for (const p of out.packets) expect(Number.isFinite(p.time)).toBe(true)
        }
      }),
      { seed: SEED, numRuns: 500 },
    )
  })
})
