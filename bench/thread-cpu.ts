/**
 * `node --import tsx bench/thread-cpu.ts FILE [--threads 1|2] [--no-detect] [--runs N]`: analyses FILE as
 * `nettwin analyze` does and prints the CPU time of each thread of the process, so the balance of the
 * two-thread pipeline (analysis/pipeline) can be judged on a shared machine, where wall time says little: with
 * two threads the wall time on two idle cores is about the busier thread's CPU time. Linux only (per-thread
 * times come from /proc/self/task/<tid>/stat). The worker thread ends before the analysis returns, so the
 * threads are sampled after every batch the owner counts and once at the end, keeping each thread's latest
 * figure. Besides the owner ("main") and the decoding worker ("worker"), V8's helper threads (garbage
 * collection, compilation) are summed as "helpers".
 */
import { readdirSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { CaptureAnalysis } from '../src/analysis/capture-analysis.ts'
import { analyzeCapture } from '../src/analysis/capture-summary.ts'
import { detectAll } from '../src/detect/run-detectors.ts'
import { PacketTaps } from '../src/detect/taps/packet-taps.ts'
import { NodeFileSource } from '../src/cli/node-file-source.ts'
import { analyzeFileThreaded } from '../src/cli/threaded-analysis.ts'

/** Clock ticks per second of /proc stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100

/** CPU milliseconds (user + system) of every thread of this process, by thread id. */
function threadTimes(): Map<string, number> {
  const out = new Map<string, number>()
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      // Fields after the command name (which may hold spaces) start at ") ": utime and stime are fields 14, 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      out.set(tid, ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND)
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return out
}

async function runOnce(path: string, threads: number, detect: boolean): Promise<{ wall: number; main: number; worker: number; helpers: number; packets: number }> {
  const before = threadTimes()
  const latest = new Map<string, number>()
  const sample = (): void => {
    for (const [tid, ms] of threadTimes()) latest.set(tid, ms)
  }
  const started = performance.now()
  const analysis = new CaptureAnalysis()
  const taps = detect ? new PacketTaps() : null
  const onBatch = taps === null ? undefined : taps.consume.bind(taps)
  const options = { analysis, onBatch, onProgress: sample }
  const summary = threads > 1 ? (await analyzeFileThreaded(path, options)).summary : await analyzeCapture(await NodeFileSource.open(path), options)
  if (detect) detectAll(analysis, { taps, fileName: path })
  const wall = performance.now() - started
  sample()
  const mainTid = String(process.pid)
  let main = 0
  let worker = 0
  let helpers = 0
  for (const [tid, ms] of latest) {
    const spent = ms - (before.get(tid) ?? 0)
    if (tid === mainTid) main = spent
    else if (!before.has(tid) && spent > worker) {
      helpers += worker
      worker = spent
    } else helpers += spent
  }
  return { wall, main, worker, helpers, packets: summary.packets }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { threads: { type: 'string', default: '2' }, 'no-detect': { type: 'boolean', default: false }, runs: { type: 'string', default: '1' } },
})
const path = positionals[0]
if (path === undefined) {
  process.stderr.write('usage: node --import tsx bench/thread-cpu.ts FILE [--threads 1|2] [--no-detect] [--runs N]\n')
  process.exit(2)
}
const threads = values.threads === '1' ? 1 : 2
const runs = Math.max(1, Number(values.runs) || 1)
for (let r = 0; r < runs; r++) {
  const m = await runOnce(path, threads, !values['no-detect'])
  const ns = (ms: number): string => `${((ms * 1e6) / Math.max(1, m.packets)).toFixed(0)} ns/packet`
  process.stdout.write(
    `threads ${threads}${values['no-detect'] ? ' (no detection)' : ''}: wall ${m.wall.toFixed(0)} ms; cpu main ${m.main.toFixed(0)} ms (${ns(m.main)}), ` +
      `worker ${m.worker.toFixed(0)} ms (${ns(m.worker)}), helpers ${m.helpers.toFixed(0)} ms; ${m.packets} packets\n`,
  )
}
