/**
 * The read benchmark of issues 4 and 8 (run by `npm run bench:browser`, which prints the table; timings are
 * reported, never asserted): for each synthetic capture, the time from handing the file to the page to the
 * first partial result on screen and to complete results, MB/s, every main-thread task over 50 ms during the
 * read (with the scripts that ran in it), and the peak memory of the page and of the engine worker. The view
 * open during the read is chosen through the URL (?view=...), as a bookmark would.
 *
 * Captures and views come from scripts/measure-app.ts through NETTWIN_BENCH_CAPTURES (JSON [{label, path}])
 * and NETTWIN_BENCH_VIEWS (comma-separated view ids); results go to NETTWIN_BENCH_RESULTS (JSON lines).
 * Run alone, it reads bench/out/synthetic-100MB-seed1-v2.pcap with the overview open.
 */
import { appendFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from '../../e2e/fixtures/test.ts'
import { longTasksBetween, MemorySampler, observeLongTasks, TaskTracer } from './page-probes.ts'

interface Capture {
  readonly label: string
  readonly path: string
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const captures: readonly Capture[] = process.env.NETTWIN_BENCH_CAPTURES
  ? (JSON.parse(process.env.NETTWIN_BENCH_CAPTURES) as Capture[])
  : [{ label: '100 MB', path: path.join(root, 'bench/out/synthetic-100MB-seed1-v2.pcap') }]
const views = (process.env.NETTWIN_BENCH_VIEWS ?? 'overview').split(',').filter((v) => /^[a-z0-9-]{1,32}$/.test(v))

declare global {
  interface Window {
    __readMarks?: { partial: number | null; done: number | null }
  }
}

for (const capture of captures) {
  for (const view of views) {
    test(`read ${capture.label} with ${view} open`, async ({ app, page, browser }, testInfo) => {
      test.skip(!existsSync(capture.path), `${capture.path} is missing: npm run bench -- --sizes ...`)
      test.setTimeout(1_200_000)
      const bytes = statSync(capture.path).size
      await observeLongTasks(page)
      await app.open(view === 'overview' ? '' : `?view=${view}`)
      // Marks set by the page itself: the first partial result on screen (the partial banner and the view
      // frame), and complete results (the app-idle signal tests wait on), checked after every DOM change.
      await page.evaluate(() => {
        const marks = { partial: null as number | null, done: null as number | null }
        window.__readMarks = marks
        const before = document.body.dataset.finished
        const check = () => {
          if (marks.partial === null && document.querySelector('[data-testid="partial-banner"]') && document.querySelector('[data-testid="view"]')) marks.partial = performance.now()
          if (marks.done === null && document.body.dataset.finished !== before) {
            marks.done = performance.now()
            marks.partial ??= marks.done
            observer.disconnect()
          }
        }
        const observer = new MutationObserver(check)
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-finished', 'data-testid'] })
      })
      const sampler = await MemorySampler.start(page, browser)
      const tracer = await TaskTracer.start(page)
      // NETTWIN_BENCH_PROFILE=<folder>: also record a CPU profile of the page's main thread during the read.
      const profileDir = process.env.NETTWIN_BENCH_PROFILE
      const profiler = profileDir ? await page.context().newCDPSession(page) : null
      if (profiler) {
        await profiler.send('Profiler.enable')
        await profiler.send('Profiler.setSamplingInterval', { interval: 500 })
        await profiler.send('Profiler.start')
      }
      const startedAt = await page.evaluate(() => performance.now())
      await page.getByTestId('file-input').setInputFiles(capture.path)
      await page.waitForFunction(() => window.__readMarks?.done != null, undefined, { timeout: 1_100_000, polling: 500 })
      const peaks = await sampler.stop()
      const traced = await tracer.stop()
      if (profiler && profileDir) {
        const { profile } = await profiler.send('Profiler.stop')
        mkdirSync(profileDir, { recursive: true })
        writeFileSync(path.join(profileDir, `${capture.label.replace(/\W+/g, '')}-${view}.cpuprofile`), JSON.stringify(profile))
      }
      const marks = await page.evaluate(() => window.__readMarks ?? { partial: null, done: null })
      const done = (marks.done ?? NaN) - startedAt
      const partial = (marks.partial ?? NaN) - startedAt
      // Complete means the full summary: the state is done, not an error, and nothing is marked partial.
      await expect(page.locator('body')).toHaveAttribute('data-state', 'done')
      const tasks = await longTasksBetween(page, startedAt, startedAt + done)
      const longest = tasks.reduce((m, t) => Math.max(m, t.duration), 0)
      // The trace runs from just before the file is handed over to just after complete results: the read.
      const cpuLongest = traced.reduce((m, t) => Math.max(m, Number.isFinite(t.cpuMs) ? t.cpuMs : 0), 0)
      const cpuOver50 = traced.filter((t) => t.cpuMs > 50).length
      const result = {
        kind: 'read',
        capture: capture.label,
        view,
        bytes,
        firstPartialMs: Math.round(partial),
        completeMs: Math.round(done),
        mbPerSecond: +(bytes / 1e6 / (done / 1000)).toFixed(1),
        longestTaskMs: Math.round(longest),
        tasksOver50ms: tasks.length,
        longestTaskCpuMs: Math.round(cpuLongest),
        tasksOver50msCpu: cpuOver50,
        pageHeapBytes: peaks.pageHeap,
        workerHeapBytes: peaks.workerHeap,
        rendererRssBytes: peaks.rendererRss,
        longTasks: tasks.map((t) => ({ at: Math.round(t.start), ms: Math.round(t.duration), scripts: t.scripts })),
      }
      if (process.env.NETTWIN_BENCH_RESULTS) appendFileSync(process.env.NETTWIN_BENCH_RESULTS, `${JSON.stringify(result)}\n`)
      else console.log(JSON.stringify(result))
      testInfo.annotations.push({ type: 'longest-task-ms', description: String(result.longestTaskMs) })
    })
  }
}
