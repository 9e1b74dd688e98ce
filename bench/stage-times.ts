/**
 * `node --import tsx bench/stage-times.ts FILE [--runs N] [--replay]`: analyses FILE as analyzeCapture does, but times
 * each consumer of every batch separately and prints nanoseconds per packet per stage. Stages are timed in
 * CPU time of this process (process.cpuUsage around each call, once per batch of 8,192 packets, so the timer
 * costs nothing measurable): on a shared machine that is far steadier than wall time. Decoding is what remains
 * of the whole run's CPU time once the consumers are subtracted. With --runs N the whole file
 * is analysed N times (the statistics' own per-packet loop, a few ns, is left out) and the fastest time of each stage is kept (the machine is shared and noisy).
 * With --replay the file is decoded once into copies of its batches held in memory (about 90 bytes per packet)
 * and only the consumers run, N times over the same batches: steadier figures for work on the consumers.
 */
import { parseArgs } from 'node:util'
import { CaptureAnalysis } from '../src/analysis/capture-analysis.ts'
import { Totals } from '../src/analysis/capture-summary.ts'
import { decodeCapture } from '../src/analysis/decode-capture.ts'
import { NodeFileSource } from '../src/cli/node-file-source.ts'
import { DecodeContext } from '../src/decode/context.ts'
import { PacketBatch } from '../src/model/packet-batch.ts'

const STAGES = ['decode', 'totals', 'flows', 'stamps', 'conversations', 'hierarchy', 'windows', 'io graph', 'finish'] as const
type Stage = (typeof STAGES)[number]

/** CPU time (user + system) of this process so far, in milliseconds. */
function cpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** Batches to replay: copies of every decoded batch of a file, with the context that decoded them. */
interface Decoded {
  readonly ctx: DecodeContext
  readonly batches: readonly PacketBatch[]
  readonly bytes: number
}

async function decodeToMemory(path: string): Promise<Decoded> {
  const ctx = new DecodeContext()
  const batches: PacketBatch[] = []
  const source = await NodeFileSource.open(path)
  await decodeCapture(source, ctx, (batch) => {
    const copy = new PacketBatch(batch.capacity, batch.buffer.slice(0))
    copy.count = batch.count
    copy.facts = batch.facts
    batches.push(copy)
    batch.reset()
    return batch
  })
  return { ctx, batches, bytes: source.size }
}

async function runOnce(path: string, replay: Decoded | null): Promise<{ packets: number; bytes: number; ms: Record<Stage, number>; wall: number }> {
  const ms = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>
  const analysis = new CaptureAnalysis()
  const totals = new Totals()
  const stats = analysis.stats
  let flowIds = new Int32Array(0)
  // Replaying, the context that decoded the batches stands in for the analysis's own (ids must match).
  const ctx = replay === null ? analysis.ctx : replay.ctx
  const consume = (batch: PacketBatch): PacketBatch => {
    let t0 = cpuMs()
    const lap = (s: Stage): void => {
      const t1 = cpuMs()
      ms[s] += t1 - t0
      t0 = t1
    }
    totals.add(batch)
    lap('totals')
    if (flowIds.length < batch.count) flowIds = new Int32Array(batch.capacity)
    analysis.flows.consume(batch, ctx, flowIds)
    lap('flows')
    // The statistics' own consume, stage by stage (statistics.ts keeps the same order).
    const probe = stats as unknown as { stamps: Uint32Array; repeat: Uint8Array; ipRows: Int32Array }
    if (probe.ipRows.length < batch.count) {
      probe.ipRows = new Int32Array(batch.capacity)
      probe.stamps = new Uint32Array(batch.capacity)
      probe.repeat = new Uint8Array(batch.capacity)
    }
    stats.windows.stampsFor(batch, probe.stamps)
    lap('stamps')
    stats.conversations.consume(batch, probe.ipRows, probe.stamps, probe.repeat, flowIds)
    lap('conversations')
    stats.hierarchy.consume(batch)
    lap('hierarchy')
    stats.windows.consume(batch, ctx.addresses.size, probe.repeat)
    lap('windows')
    stats.io.consume(batch)
    lap('io graph')
    if (replay === null) batch.reset()
    return batch
  }
  let bytes = 0
  const started = cpuMs()
  if (replay === null) {
    const source = await NodeFileSource.open(path)
    bytes = source.size
    await decodeCapture(source, analysis.ctx, consume)
  } else {
    bytes = replay.bytes
    for (const batch of replay.batches) consume(batch)
  }
  const wall = cpuMs() - started
  const t0 = cpuMs()
  // Replaying, an empty batch hands the statistics the batches' address table before the report is built.
  if (replay !== null) stats.consume(new PacketBatch(1), ctx)
  analysis.finish(totals.packets > 0 ? totals.end : null)
  ms.finish = cpuMs() - t0
  const consumers = STAGES.reduce((a, s) => (s === 'decode' || s === 'finish' ? a : a + ms[s]), 0)
  ms.decode = replay === null ? wall - consumers : 0
  return { packets: totals.packets, bytes, ms, wall: wall + ms.finish }
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '1' }, replay: { type: 'boolean', default: false } } })
const path = positionals[0]
if (path === undefined) {
  process.stderr.write('usage: node --import tsx bench/stage-times.ts FILE [--runs N] [--replay]\n')
  process.exit(2)
}
const runs = Math.max(1, Number(values.runs) || 1)
const best = Object.fromEntries(STAGES.map((s) => [s, Infinity])) as Record<Stage, number>
let bestWall = Infinity
let packets = 0
let bytes = 0
const replay = values.replay ? await decodeToMemory(path) : null
for (let r = 0; r < runs; r++) {
  const res = await runOnce(path, replay)
  packets = res.packets
  bytes = res.bytes
  for (const s of STAGES) best[s] = Math.min(best[s], res.ms[s])
  bestWall = Math.min(bestWall, res.wall)
}
const ns = (m: number): string => ((m * 1e6) / Math.max(1, packets)).toFixed(0).padStart(6)
for (const s of STAGES) process.stdout.write(`${s.padEnd(14)} ${ns(best[s])} ns/packet  ${best[s].toFixed(0).padStart(6)} ms\n`)
process.stdout.write(`${'all (cpu)'.padEnd(14)} ${ns(bestWall)} ns/packet  ${bestWall.toFixed(0).padStart(6)} ms  ${(bytes / 1e3 / bestWall).toFixed(0)} MB/s, ${packets} packets\n`)
