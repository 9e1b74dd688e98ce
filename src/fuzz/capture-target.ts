/**
 * Fuzz targets for the capture readers: pcap, pcapng and gzip of both. A case is read as the app reads a file:
 * the registry sniffs the content (unwrapping gzip), the chosen reader streams it in slices of the drawn size,
 * and every record goes through the frame decoders. What comes out is summarised per packet, so a cut file can
 * be compared with the whole one.
 */
import { DecodeContext } from '../decode/context.ts'
import { decodeFrame } from '../decode/frame.ts'
import type { PacketSink } from '../formats/format.ts'
import { FormatError } from '../formats/format.ts'
import { openCapture } from '../formats/registry.ts'
import { bytesSource } from '../formats/sources.ts'
import { AnomalyCounter } from '../model/anomalies.ts'
import { PacketBatch } from '../model/packet-batch.ts'
import { pcapngSeeds, pcapSeeds } from './capture-seeds.ts'
import type { Seed } from './mutate.ts'
import type { FuzzTarget, Outcome } from './target.ts'

/** FNV-1a over the captured bytes: enough to tell packets apart without keeping copies. */
function fingerprint(data: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5
  for (let i = start; i < end; i++) h = Math.imul(h ^ data[i], 0x01000193)
  return h >>> 0
}

/** Keeps one summary line per packet and decodes every frame as the analysis does. */
class SummarySink implements PacketSink {
  readonly items: string[] = []
  problem: string | null = null
  private readonly ctx = new DecodeContext()
  private readonly batch = new PacketBatch(64)

  packet(linkType: number, time: number, origLen: number, data: Uint8Array, start: number, capLen: number): void {
    if (!(start >= 0 && capLen >= 0 && start + capLen <= data.length)) this.problem ??= `packet view out of range: ${start}+${capLen} > ${data.length}`
    if (!Number.isFinite(time)) this.problem ??= `packet time is not finite: ${time}`
    if (!(origLen >= 0)) this.problem ??= `original length is negative or NaN: ${origLen}`
    this.items.push(`${linkType}|${time}|${origLen}|${capLen}|${fingerprint(data, start, start + capLen)}`)
    const b = this.batch
    if (b.count === b.capacity) b.reset()
    const row = b.count++
    b.clearRow(row)
    b.time[row] = time
    b.capLen[row] = capLen
    b.origLen[row] = origLen
    b.linkType[row] = linkType
    this.ctx.time = time
    decodeFrame(this.ctx, linkType, data, start, capLen, b, row)
    if (this.ctx.anomalies.get('decoder.internal_error') > 0) this.problem ??= 'a decoder threw (decoder.internal_error)'
  }
}

export async function readCapture(bytes: Uint8Array, slice: number): Promise<Outcome> {
  const sink = new SummarySink()
  const anomalies = new AnomalyCounter()
  try {
    const opened = await openCapture(bytesSource(bytes, 'fuzz-case', slice))
    const report = await opened.format.read(opened.source, sink, { anomalies })
    let problem = sink.problem
    if (report.packets !== sink.items.length) problem ??= `report says ${report.packets} packets, the sink saw ${sink.items.length}`
    if (!(report.bytes >= 0 && report.capturedBytes >= 0)) problem ??= 'negative or NaN byte totals'
    return { kind: 'report', items: sink.items, truncated: report.truncated !== false, problem }
  } catch (e) {
    if (e instanceof FormatError) return { kind: 'refused', code: e.code, items: sink.items }
    throw e
  }
}

/**
 * A cut file reads as a prefix of the whole file: the same first packets, and marked truncated when packets are
 * missing unless the cut fell on a record boundary (a shorter valid file). A file refused whole is refused when
 * cut too.
 */
export function capturePrefixProblem(part: Outcome, whole: Outcome, cutMayBeBoundary: boolean): string | null {
  if (whole.kind === 'refused') {
    // A gzip member whose trailer (CRC-32, ISIZE) is damaged fails when the member ends; for a small member that is
    // before any output is handed over, while a cut of it fails earlier, after some output: nothing to compare.
    if (whole.code === 'bad-gzip') return null
    return part.kind === 'refused' ? null : `the whole file is refused (${whole.code}) but its prefix is read`
  }
  if (part.kind === 'refused') return part.code === 'truncated-header' || part.code === 'not-recognised' || part.code === 'bad-gzip' ? null : `prefix refused with ${part.code}`
  for (let i = 0; i < part.items.length; i++) {
    if (part.items[i] !== whole.items[i]) return `packet ${i} of the prefix differs from the whole file's: ${part.items[i]} vs ${whole.items[i] ?? 'none'}`
  }
  if (part.items.length < whole.items.length && !part.truncated && !cutMayBeBoundary) {
    return `the prefix has ${part.items.length} of ${whole.items.length} packets and is not marked truncated`
  }
  return null
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/**
 * gzip seeds: one and two members (RFC 1952 section 2.2), with the header fields (ID1 ID2 CM FLG MTIME XFL OS)
 * and trailer (CRC32 ISIZE) of each member as field spots and the members as blocks.
 */
async function gzipSeeds(inner: readonly Seed[]): Promise<Seed[]> {
  const out: Seed[] = []
  for (const s of inner) {
    const half = s.blocks[Math.floor(s.blocks.length / 2)]
    const members = [await gzip(s.bytes.subarray(0, half)), await gzip(s.bytes.subarray(half))]
    const whole = new Uint8Array(members[0].length + members[1].length)
    whole.set(members[0])
    whole.set(members[1], members[0].length)
    const fields: Seed['fields'][number][] = []
    let at = 0
    for (const m of members) {
      fields.push(
        { offset: at, size: 2, littleEndian: true, name: 'gzip.id' },
        { offset: at + 2, size: 1, littleEndian: true, name: 'gzip.cm' },
        { offset: at + 3, size: 1, littleEndian: true, name: 'gzip.flg' },
        { offset: at + 4, size: 4, littleEndian: true, name: 'gzip.mtime' },
        { offset: at + 10, size: 2, littleEndian: true, name: 'gzip.deflate_start' },
        { offset: at + m.length - 8, size: 4, littleEndian: true, name: 'gzip.crc32' },
        { offset: at + m.length - 4, size: 4, littleEndian: true, name: 'gzip.isize' },
      )
      at += m.length
    }
    out.push({ label: `gzip-${s.label}`, bytes: whole, fields, blocks: [0, members[0].length, whole.length] })
  }
  return out
}

const ONE_MIB = 1024 * 1024

export const pcapTarget: FuzzTarget = {
  name: 'pcap',
  seeds: async () => pcapSeeds(),
  read: (bytes, slice) => readCapture(bytes, slice),
  prefixProblem: capturePrefixProblem,
  fixedAllocation: ONE_MIB,
}

export const pcapngTarget: FuzzTarget = {
  name: 'pcapng',
  seeds: async () => pcapngSeeds(),
  read: (bytes, slice) => readCapture(bytes, slice),
  prefixProblem: capturePrefixProblem,
  fixedAllocation: ONE_MIB,
}

export const gzipTarget: FuzzTarget = {
  name: 'gzip',
  seeds: () => gzipSeeds([...pcapSeeds().slice(0, 2), ...pcapngSeeds().slice(0, 2)]),
  read: (bytes, slice) => readCapture(bytes, slice),
  prefixProblem: capturePrefixProblem,
  // gzip.ts regroups the decompressed stream into fixed 4 MiB slices (a constant, not sized by the data).
  fixedAllocation: 5 * ONE_MIB,
}
