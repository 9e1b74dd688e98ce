/**
 * The read benchmark of issues 4 and 8 (run by `npm run bench:browser`, which prints the table; timings are
 * reported, never asserted): for each synthetic capture, the time from handing the file to the page to the
 * first partial result on screen and to complete results, MB/s, every main-thread task over 50 ms during the
 * read (with the scripts that ran in it), the same for the time after it until the session is saved (the save
 * runs then), the peak memory of the page, of the engine worker and of the app's renderer process (for the
 * read alone and up to the save), and the CPU time of the renderer's threads from the drop to complete results by
 * role (thread-cpu-probe.ts: what the app can change on a shared machine, where wall time also measures the
 * neighbours). The view open during the read is chosen through the URL (?view=...), as a bookmark would.
 *
 * Captures and views come from scripts/measure-app.ts through NETTWIN_BENCH_CAPTURES (JSON [{label, path}])
 * and NETTWIN_BENCH_VIEWS (comma-separated view ids); results go to NETTWIN_BENCH_RESULTS (JSON lines).
 * Run alone, it reads bench/out/synthetic-100MB-seed1-v2.pcap with the overview open.
 */
import { appendFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from '../../e2e/fixtures/test.ts'
import { longTasksBetween, MemorySampler, observeLongTasks, TaskTracer, type TracedTask } from './page-probes.ts'
import { ThreadCpuSampler } from './thread-cpu-probe.ts'

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

/** The three tasks that took the most CPU, with what they did when the trace was detailed. */
function heaviest(tasks: readonly TracedTask[]): { cpuMs: number; wallMs: number; parts: string }[] {
  return [...tasks].filter((t) => Number.isFinite(t.cpuMs)).sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 3)
    .map((t) => ({ cpuMs: Math.round(t.cpuMs), wallMs: Math.round(t.wallMs), parts: t.parts ?? '' }))
}

// No Playwright trace: with tracing on, every page action (the waits and evaluations below included) takes a DOM
// snapshot on the page's thread, 30-60 ms of CPU with the topology's thousands of elements, which the task
// figures would then count as the app's.
test.use({ trace: 'off' })

for (const capture of captures) {
  for (const view of views) {
    test(`read ${capture.label} with ${view} open`, async ({ app, page, browser }, testInfo) => {
      test.skip(!existsSync(capture.path), `${capture.path} is missing: npm run bench -- --sizes ...`)
      test.setTimeout(1_200_000)
      const bytes = statSync(capture.path).size
      await observeLongTasks(page)
      await app.open(view === 'overview' ? '' : `?view=${view}`)
      // The page starts its engine worker once idle after loading (src/engine-client.ts prepareEngine); a user
      // takes longer than that to pick a file, so the file is handed over once the engine is up.
      await page.waitForFunction(() => document.body.dataset.engine !== undefined, undefined, { timeout: 30_000, polling: 50 })
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
            // On the trace clock too (TaskTracer.markAt): the tasks after it belong to the save, not the read.
            performance.mark('nettwin-bench-read-done')
            marks.partial ??= marks.done
            observer.disconnect()
          }
        }
        const observer = new MutationObserver(check)
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-finished', 'data-testid'] })
      })
      const sampler = await MemorySampler.start(page, browser)
      // NETTWIN_BENCH_DETAIL=1: the trace also says what each task of over 20 ms of CPU did (more trace data).
      const tracer = await TaskTracer.start(page, { detail: process.env.NETTWIN_BENCH_DETAIL === '1' })
      // NETTWIN_BENCH_PROFILE=<folder>: also record a CPU profile of the page's main thread during the read.
      const profileDir = process.env.NETTWIN_BENCH_PROFILE
      const profiler = profileDir ? await page.context().newCDPSession(page) : null
      if (profiler) {
        await profiler.send('Profiler.enable')
        await profiler.send('Profiler.setSamplingInterval', { interval: 500 })
        await profiler.send('Profiler.start')
      }
      const cpu = ThreadCpuSampler.start()
      const startedAt = await page.evaluate(() => performance.now())
      await page.getByTestId('file-input').setInputFiles(capture.path)
      // Polled often enough that little of the save, which starts at complete results, counts as the read's CPU.
      await page.waitForFunction(() => window.__readMarks?.done != null, undefined, { timeout: 1_100_000, polling: 100 })
      const threadCpu = cpu?.stop() ?? null
      // The memory peaks of the read alone; those of stop() below also cover the save after it.
      const readPeaks = { ...sampler.peaks }
      // After the read: the automatic save of the session, until the page says it is saved (or why not), and a
      // little longer for what the page does with that answer (the list refreshed, the URL set).
      // Polled in the page, not through expect() on a locator: Playwright's expect takes an accessibility snapshot
      // of the page each time it checks, 100 ms and more with the topology's thousands of elements.
      const settled = () => {
        const status = document.querySelector('[data-testid="save-status"]')
        return status !== null && (status.getAttribute('data-saved') === 'true' || status.getAttribute('role') === 'alert')
      }
      await page.waitForFunction(settled, undefined, { timeout: 300_000, polling: 250 }).catch(() => undefined)
      await page.waitForTimeout(500)
      const afterEnd = await page.evaluate(() => performance.now())
      const saved = await page.evaluate(() => document.querySelector('[data-testid="save-status"]')?.getAttribute('data-saved') === 'true')
      const peaks = await sampler.stop()
      const allTraced = await tracer.stop()
      const readDoneAt = tracer.markAt('read-done') ?? Infinity
      const traced = allTraced.filter((t) => t.start < readDoneAt)
      const tracedAfter = allTraced.filter((t) => t.start >= readDoneAt)
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
      const after = await longTasksBetween(page, startedAt + done, afterEnd)
      const saveText = await page.evaluate(() => document.querySelector('[data-testid="save-status"]')?.textContent ?? '')
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
        appRssBytes: readPeaks.appRss,
        appAnonBytes: readPeaks.appAnon,
        threadCpu,
        longTasks: tasks.map((t) => ({ at: Math.round(t.start), ms: Math.round(t.duration), scripts: t.scripts })),
        heaviestCpu: heaviest(traced),
        after: {
          saved,
          status: saved ? 'saved' : saveText.slice(0, 120),
          ms: Math.round(afterEnd - startedAt - done),
          longestTaskMs: Math.round(after.reduce((m, t) => Math.max(m, t.duration), 0)),
          tasksOver50ms: after.length,
          longestTaskCpuMs: Math.round(tracedAfter.reduce((m, t) => Math.max(m, Number.isFinite(t.cpuMs) ? t.cpuMs : 0), 0)),
          tasksOver50msCpu: tracedAfter.filter((t) => t.cpuMs > 50).length,
          longTasks: after.map((t) => ({ at: Math.round(t.start), ms: Math.round(t.duration), scripts: t.scripts })),
          heaviestCpu: heaviest(tracedAfter),
          appRssBytes: peaks.appRss,
          appAnonBytes: peaks.appAnon,
        },
      }
      if (process.env.NETTWIN_BENCH_RESULTS) appendFileSync(process.env.NETTWIN_BENCH_RESULTS, `${JSON.stringify(result)}\n`)
      else console.log(JSON.stringify(result))
      testInfo.annotations.push({ type: 'longest-task-ms', description: String(result.longestTaskMs) })
    })
  }
}
