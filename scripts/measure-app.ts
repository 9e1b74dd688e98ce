/**
 * `npm run bench:browser`: the built app in headless Chromium, measured and printed as one table (issues 4 and 8).
 * For each synthetic capture (the cached captures of `npm run bench`, made here when missing): time from handing
 * the file to the page to the first partial result on screen and to complete results, MB/s, main-thread tasks
 * over 50 ms during the read (wall time from the page's longtask entries, and CPU time from a trace, which is
 * what the page's own work cost when the machine is busy), the same task figures for the time after the read
 * until the session is saved (the automatic save), peak memory (JS heap of the page and of the
 * engine worker from CDP, resident memory of the app's renderer process, which holds both, from /proc) and the CPU time
 * of the renderer's threads during the read (engine worker, reader, page, V8 helpers; from /proc). Then the
 * exploration figures of bench/browser/explore-performance.spec.ts: topology drag at 5,000 hosts and the flows
 * table at a million rows. Timings are reported, never asserted.
 *
 * Usage: npm run bench:browser -- [--sizes 100,1000] [--views overview,topology] [--no-explore] [--no-reads]
 *   (NETTWIN_BENCH_DETAIL=1 also says what the tasks that took the most CPU did, from a detailed trace)
 *   --sizes  capture sizes in MB (10^6 bytes, as `npm run bench` names them); default 100,1000. 2048 (or more)
 *            means the largest file the app reads: just under its 2 GiB limit (2,147,483,648 bytes).
 *   --views  the view open during each read (overview, time-series, topology, flows, alerts...); default overview.
 * The build served is NETTWIN_E2E_DIST (default dist/), on NETTWIN_E2E_PORT (default 4173).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { GENERATOR_VERSION, writeSyntheticCapture } from '../bench/synthetic-capture.ts'
import { MAX_FILE_BYTES } from '../workers/engine-api.ts'
import type { ThreadCpu } from '../bench/browser/thread-cpu-probe.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const outDir = path.join(root, 'bench', 'out')
const SEED = 1
/** Room left under the limit: the generator stops after the frame that reaches its target (at most ~1.5 KB over). */
const LIMIT_MARGIN = 4096

interface Capture {
  readonly label: string
  readonly path: string
}

/** The cached capture for a size, written when missing (same names and content as `npm run bench`). */
async function ensureCapture(sizeMb: number): Promise<Capture> {
  mkdirSync(outDir, { recursive: true })
  const atLimit = sizeMb >= 2048 || sizeMb * 1e6 > MAX_FILE_BYTES - LIMIT_MARGIN
  const name = atLimit ? `synthetic-2GiB-limit-seed${SEED}-v${GENERATOR_VERSION}` : `synthetic-${sizeMb}MB-seed${SEED}-v${GENERATOR_VERSION}`
  const file = path.join(outDir, `${name}.pcap`)
  if (!existsSync(file) || !existsSync(path.join(outDir, `${name}.json`))) {
    process.stderr.write(`bench:browser: writing ${path.relative(root, file)}...\n`)
    const stats = await writeSyntheticCapture(file, { targetBytes: atLimit ? MAX_FILE_BYTES - LIMIT_MARGIN : sizeMb * 1e6, seed: SEED })
    writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify(stats, null, 2)}\n`)
  }
  const bytes = statSync(file).size
  if (bytes > MAX_FILE_BYTES) throw new Error(`${file} is ${bytes} bytes, over the app's limit of ${MAX_FILE_BYTES}`)
  return { label: atLimit ? '2 GiB' : `${sizeMb} MB`, path: file }
}

interface ReadRow {
  readonly kind: 'read'
  readonly capture: string
  readonly view: string
  readonly bytes: number
  readonly firstPartialMs: number
  readonly completeMs: number
  readonly mbPerSecond: number
  readonly longestTaskMs: number
  readonly tasksOver50ms: number
  readonly longestTaskCpuMs: number
  readonly tasksOver50msCpu: number
  readonly pageHeapBytes: number
  readonly workerHeapBytes: number | null
  /** Peak resident memory of the app's renderer process (page, workers, service worker) during the read, and of its anonymous part. */
  readonly appRssBytes: number | null
  readonly appAnonBytes: number | null
  /** CPU of the renderer's threads from the drop to complete results (bench/browser/thread-cpu-probe.ts); null off Linux. */
  readonly threadCpu?: ThreadCpu | null
  readonly longTasks: readonly { at: number; ms: number; scripts: string }[]
  /** The tasks that took the most CPU (with what they did, when NETTWIN_BENCH_DETAIL=1). */
  readonly heaviestCpu?: readonly HeavyTask[]
  /** From complete results until the session was saved (plus half a second): the save's cost to the page. */
  readonly after?: AfterRead
}

interface HeavyTask {
  readonly cpuMs: number
  readonly wallMs: number
  readonly parts: string
}

const heavyText = (tasks: readonly HeavyTask[] | undefined): string =>
  (tasks ?? []).map((t) => `${t.cpuMs} ms CPU (${t.wallMs} wall)${t.parts ? ` [${t.parts}]` : ''}`).join('; ')

interface AfterRead {
  readonly saved: boolean
  /** 'saved', or the save status shown instead (a failure, or still saving at the time limit). */
  readonly status: string
  readonly ms: number
  readonly longestTaskMs: number
  readonly tasksOver50ms: number
  readonly longestTaskCpuMs: number
  readonly tasksOver50msCpu: number
  readonly longTasks: readonly { at: number; ms: number; scripts: string }[]
  readonly heaviestCpu?: readonly HeavyTask[]
  /** The same peaks as the read's, from the drop until the session was saved. */
  readonly appRssBytes?: number | null
  readonly appAnonBytes?: number | null
}

interface NoteRow {
  readonly kind: 'note'
  readonly text: string
}

const mib = (n: number | null): string => (n === null ? 'n/a' : `${Math.round(n / 2 ** 20)} MiB`)
/** "RSS (anonymous) MiB" of the app's renderer process. */
const appMemory = (rss: number | null | undefined, anon: number | null | undefined): string =>
  rss == null ? 'n/a' : `${Math.round(rss / 2 ** 20)} (${anon == null ? '?' : Math.round(anon / 2 ** 20)}) MiB`
const pad = (s: string, n: number): string => s.padEnd(n)

function printTable(rows: readonly (ReadRow | NoteRow)[], loadBefore: string, loadAfter: string): void {
  const reads = rows.filter((r): r is ReadRow => r.kind === 'read')
  const head = ['capture', 'view open', 'first partial', 'complete', 'MB/s', 'longest task wall/CPU', 'tasks >50 ms wall/CPU', 'heap page', 'heap worker', 'app RSS (anon)']
  const widths = [9, 12, 14, 10, 7, 22, 22, 10, 12, 15]
  const line = (cells: readonly string[]) => console.log(cells.map((c, i) => pad(c, widths[i] ?? 10)).join(' '))
  console.log(`\nnettwin in headless Chromium: load average ${loadBefore} before, ${loadAfter} after (1/5/15 min, ${cpus().length} cores)`)
  if (reads.length > 0) line(head)
  for (const r of reads) {
    line([r.capture, r.view, `${(r.firstPartialMs / 1000).toFixed(2)} s`, `${(r.completeMs / 1000).toFixed(1)} s`, r.mbPerSecond.toFixed(0),
      `${r.longestTaskMs} / ${r.longestTaskCpuMs} ms`, `${r.tasksOver50ms} / ${r.tasksOver50msCpu}`, mib(r.pageHeapBytes), mib(r.workerHeapBytes), appMemory(r.appRssBytes, r.appAnonBytes)])
  }
  if (reads.length > 0) console.log('Targets: first partial on screen within 1 s; no main-thread task over 50 ms during the read (the CPU column is what the')
  if (reads.length > 0) console.log("page's own work cost; wall time also counts waiting for a core). Heaps: CDP Performance.getMetrics (page) and Runtime.getHeapUsage")
  if (reads.length > 0) console.log('on the worker target, peak of 250 ms samples. App RSS: /proc of the renderer process that holds the page, its workers and')
  if (reads.length > 0) console.log("its service worker (not Playwright's other renderers); in brackets its anonymous memory, without the pages of Chromium's")
  if (reads.length > 0) console.log('own binary (~120 MiB, shared by every Chromium process).')
  const cpuRows = reads.filter((r) => r.threadCpu)
  if (cpuRows.length > 0) {
    console.log('\nCPU time from the drop to complete results, by thread (s): the engine worker is the critical path; the rest')
    console.log('competes with it for the other core (helpers: the thread pool, i.e. V8 compilers and garbage collection).')
    const cpuWidths = [9, 12, 10, 10, 10, 10, 10, 10]
    const cpuLine = (cells: readonly string[]) => console.log(cells.map((c, i) => pad(c, cpuWidths[i] ?? 10)).join(' '))
    cpuLine(['capture', 'view open', 'engine', 'reader', 'page', 'helpers', 'rest', 'total'])
    const s = (ms: number): string => (ms / 1000).toFixed(2)
    for (const r of cpuRows) {
      const c = r.threadCpu as ThreadCpu
      cpuLine([r.capture, r.view, s(c.engineMs), s(c.otherWorkersMs), s(c.pageMs), s(c.helpersMs), s(c.restMs), s(c.engineMs + c.otherWorkersMs + c.pageMs + c.helpersMs + c.restMs)])
    }
  }
  for (const r of reads) {
    const worst = [...r.longTasks].sort((a, b) => b.ms - a.ms).slice(0, 3)
    if (worst.length > 0) console.log(`  ${r.capture} / ${r.view}: longest tasks ${worst.map((t) => `${t.ms} ms at ${(t.at / 1000).toFixed(1)} s [${t.scripts || 'no attribution'}]`).join('; ')}`)
    if (r.heaviestCpu && r.heaviestCpu.length > 0) console.log(`  ${r.capture} / ${r.view}: most CPU ${heavyText(r.heaviestCpu)}`)
  }
  const afters = reads.filter((r) => r.after !== undefined)
  if (afters.length > 0) {
    console.log('\nAfter the read, until the session is saved (the automatic save; the same columns, from complete results on):')
    const afterHead = ['capture', 'view open', 'saved after', 'longest task wall/CPU', 'tasks >50 ms wall/CPU', 'app RSS (anon)', 'save status']
    const afterWidths = [9, 12, 12, 22, 22, 17, 20]
    const afterLine = (cells: readonly string[]) => console.log(cells.map((c, i) => pad(c, afterWidths[i] ?? 10)).join(' '))
    afterLine(afterHead)
    for (const r of afters) {
      const a = r.after as AfterRead
      afterLine([r.capture, r.view, `${(a.ms / 1000).toFixed(1)} s`, `${a.longestTaskMs} / ${a.longestTaskCpuMs} ms`, `${a.tasksOver50ms} / ${a.tasksOver50msCpu}`, appMemory(a.appRssBytes, a.appAnonBytes), a.status])
    }
    for (const r of afters) {
      const worst = [...(r.after as AfterRead).longTasks].sort((a, b) => b.ms - a.ms).slice(0, 3)
      if (worst.length > 0) console.log(`  ${r.capture} / ${r.view} after the read: longest tasks ${worst.map((t) => `${t.ms} ms at ${(t.at / 1000).toFixed(1)} s [${t.scripts || 'no attribution'}]`).join('; ')}`)
      const heavy = (r.after as AfterRead).heaviestCpu
      if (heavy && heavy.length > 0) console.log(`  ${r.capture} / ${r.view} after the read: most CPU ${heavyText(heavy)}`)
    }
  }
  for (const r of rows) if (r.kind === 'note') console.log(r.text)
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sizes: { type: 'string', default: '100,1000' }, views: { type: 'string', default: 'overview' }, 'no-explore': { type: 'boolean', default: false }, 'no-reads': { type: 'boolean', default: false } },
  })
  const sizes = values.sizes.split(',').map(Number).filter((n) => Number.isFinite(n) && n > 0)
  const captures: Capture[] = []
  if (!values['no-reads']) for (const size of sizes) captures.push(await ensureCapture(size))
  const specs = [...(values['no-reads'] ? [] : ['read-performance']), ...(values['no-explore'] ? [] : ['explore-performance'])]
  if (specs.length === 0) return
  const work = mkdtempSync(path.join(tmpdir(), 'nettwin-bench-browser-'))
  const results = path.join(work, 'results.jsonl')
  writeFileSync(results, '')
  const loadBefore = loadavg().map((l) => l.toFixed(1)).join(' ')
  const run = spawnSync('npx', ['playwright', 'test', '-c', 'bench/browser/playwright.config.ts', ...specs], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NETTWIN_BENCH_CAPTURES: JSON.stringify(captures), NETTWIN_BENCH_VIEWS: values.views, NETTWIN_BENCH_RESULTS: results },
  })
  const loadAfter = loadavg().map((l) => l.toFixed(1)).join(' ')
  const rows = readFileSync(results, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as ReadRow | NoteRow)
  rmSync(work, { recursive: true, force: true })
  printTable(rows, loadBefore, loadAfter)
  if (run.status !== 0) process.exitCode = run.status ?? 1
}

await main()
