/**
 * What the read benchmark watches in the page while a file is read: main-thread tasks over 50 ms (the
 * 'longtask' entries, and the 'long-animation-frame' entries, which name the scripts that ran in them), the JS
 * heap of the page (CDP Performance.getMetrics) and of the engine worker (CDP Runtime.getHeapUsage on the
 * worker target), and the resident memory of the renderer process, which holds the page and its workers
 * (/proc, Linux only). `performance.measureUserAgentSpecificMemory` would give page and workers in one call,
 * but Chromium offers it only to cross-origin-isolated pages, and the app is not one.
 */
import type { Browser, CDPSession, Page } from '@playwright/test'
import { readdirSync, readFileSync } from 'node:fs'

/** One main-thread task over 50 ms, with start relative to the moment the file was handed over. */
export interface LongTask {
  readonly start: number
  readonly duration: number
  /** What ran in the frame, from the long-animation-frame entry that covers it ('' when none does). */
  readonly scripts: string
}

declare global {
  interface Window {
    __longTasks?: { start: number; duration: number }[]
    __longFrames?: { start: number; duration: number; scripts: string }[]
  }
}

/** Installs the observers before the page's own scripts run (call before page.goto). */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = []
    const frames: { start: number; duration: number; scripts: string }[] = []
    window.__longTasks = tasks
    window.__longFrames = frames
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration })
    }).observe({ type: 'longtask', buffered: true })
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          const scripts = ((e as unknown as { scripts?: readonly { invoker?: string; sourceFunctionName?: string; sourceURL?: string; sourceCharPosition?: number; duration: number }[] }).scripts ?? [])
            .filter((s) => s.duration >= 5)
            .map((s) => `${s.invoker ?? '?'} ${s.sourceFunctionName || '(anonymous)'}@${(s.sourceURL ?? '').split('/').pop() ?? ''}:${s.sourceCharPosition ?? -1} ${Math.round(s.duration)}ms`)
            .join('; ')
          // The rest of the frame: style, layout and paint after the scripts (where a big DOM update shows).
          const f = e as unknown as { renderStart?: number; styleAndLayoutStart?: number }
          const end = e.startTime + e.duration
          const render = f.renderStart ? Math.round(end - f.renderStart) : 0
          const layout = f.styleAndLayoutStart ? Math.round(end - f.styleAndLayoutStart) : 0
          frames.push({ start: e.startTime, duration: e.duration, scripts: `${scripts || 'no script over 5 ms'}; render ${render}ms (style+layout+paint ${layout}ms)` })
        }
      }).observe({ type: 'long-animation-frame', buffered: true })
    } catch {
      // An older Chromium without long-animation-frame entries: the long tasks alone are reported.
    }
  })
}

/** The long tasks that started between two page times (performance.now()), with attributions. */
export async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTask[]> {
  const { tasks, frames } = await page.evaluate(() => ({ tasks: window.__longTasks ?? [], frames: window.__longFrames ?? [] }))
  return tasks
    .filter((t) => t.start >= from && t.start <= to)
    .map((t) => {
      const frame = frames.find((f) => f.start <= t.start + 1 && f.start + f.duration >= t.start + t.duration - 1)
      return { start: t.start - from, duration: t.duration, scripts: frame?.scripts ?? '' }
    })
}

/** Peak values seen by sample() since start. */
export interface MemoryPeaks {
  pageHeap: number
  workerHeap: number | null
  /** The app's renderer process (appRendererMemory): peak resident memory, and the peak of its anonymous part. */
  appRss: number | null
  appAnon: number | null
}

/** Samples the page's and the worker's JS heap and the app's renderer process memory until stop(). */
export class MemorySampler {
  readonly peaks: MemoryPeaks = { pageHeap: 0, workerHeap: null, appRss: null, appAnon: null }
  private timer: ReturnType<typeof setInterval> | null = null
  private busy = false
  private workerSession: { id: string; next: number; waiting: Map<number, (v: unknown) => void> } | null = null

  private constructor(
    private readonly pageCdp: CDPSession,
    private readonly browserCdp: CDPSession | null,
  ) {}

  static async start(page: Page, browser: Browser | null, everyMs = 250): Promise<MemorySampler> {
    const pageCdp = await page.context().newCDPSession(page)
    await pageCdp.send('Performance.enable')
    const browserCdp = browser ? await browser.newBrowserCDPSession().catch(() => null) : null
    const sampler = new MemorySampler(pageCdp, browserCdp)
    sampler.timer = setInterval(() => void sampler.sample(), everyMs)
    return sampler
  }

  async stop(): Promise<MemoryPeaks> {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    await this.sample()
    await this.pageCdp.detach().catch(() => undefined)
    await this.browserCdp?.detach().catch(() => undefined)
    return this.peaks
  }

  private async sample(): Promise<void> {
    if (this.busy) return
    this.busy = true
    try {
      const { metrics } = await this.pageCdp.send('Performance.getMetrics')
      const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0
      this.peaks.pageHeap = Math.max(this.peaks.pageHeap, used)
      const worker = await this.workerHeap()
      if (worker !== null) this.peaks.workerHeap = Math.max(this.peaks.workerHeap ?? 0, worker)
      const app = appRendererMemory()
      if (app !== null) {
        this.peaks.appRss = Math.max(this.peaks.appRss ?? 0, app.rss)
        if (Number.isFinite(app.anon)) this.peaks.appAnon = Math.max(this.peaks.appAnon ?? 0, app.anon)
      }
    } catch {
      // The page is navigating or closing; the next sample tries again.
    } finally {
      this.busy = false
    }
  }

  /** Used JS heap of the engine worker, through a (non-flattened) CDP session on its target. */
  private async workerHeap(): Promise<number | null> {
    const cdp = this.browserCdp
    if (cdp === null) return null
    if (this.workerSession === null) {
      const { targetInfos } = await cdp.send('Target.getTargets')
      const target = targetInfos.find((t) => t.type === 'worker' && t.title.includes('nettwin-engine')) ?? targetInfos.find((t) => t.type === 'worker')
      if (!target) return null
      const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })
      const session = { id: sessionId, next: 1, waiting: new Map<number, (v: unknown) => void>() }
      cdp.on('Target.receivedMessageFromTarget', (e) => {
        if (e.sessionId !== session.id) return
        const message = JSON.parse(e.message) as { id?: number; result?: unknown }
        if (message.id !== undefined) session.waiting.get(message.id)?.(message.result)
      })
      cdp.on('Target.detachedFromTarget', (e) => {
        if (e.sessionId === session.id) this.workerSession = null
      })
      this.workerSession = session
    }
    const session = this.workerSession
    const id = session.next++
    const answer = new Promise<unknown>((resolve) => {
      session.waiting.set(id, resolve)
      setTimeout(() => resolve(null), 2000)
    })
    await cdp.send('Target.sendMessageToTarget', { sessionId: session.id, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) })
    const result = (await answer) as { usedSize?: number } | null
    session.waiting.delete(id)
    return typeof result?.usedSize === 'number' ? result.usedSize : null
  }
}

/** The Chromium renderer processes started under this process (null off Linux): the page and its workers. */
export function ownRendererPids(): number[] | null {
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p))
  } catch {
    return null
  }
  const parent = new Map<number, number>()
  const renderers: number[] = []
  for (const p of pids) {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8')
      const ppid = /PPid:\s+(\d+)/.exec(status)
      if (ppid) parent.set(Number(p), Number(ppid[1]))
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(Number(p))
    } catch {
      // The process ended while we looked.
    }
  }
  return renderers.filter((pid) => {
    let up = parent.get(pid)
    for (let hops = 0; up !== undefined && up > 1 && hops < 16 && up !== process.pid; hops++) up = parent.get(up)
    return up === process.pid
  })
}

/** Resident memory of one process: all of it, and the anonymous part (not pages of the browser's own files). */
export interface ProcessMemory {
  readonly rss: number
  readonly anon: number
}

/**
 * The app's renderer process: the one of the renderers started under this process that runs dedicated workers
 * (the engine and reader workers), else the largest. Playwright's browser also keeps a spare renderer and one
 * for its first blank page, 70-160 MiB each, which are not the app's: summing every renderer overstated the
 * app's memory by about 230 MiB. The anonymous part leaves out the Chromium binary's own pages (about 120 MiB,
 * shared with every other Chromium process), which the app cannot change. Null off Linux.
 */
export function appRendererMemory(): ProcessMemory | null {
  const renderers = ownRendererPids()
  if (renderers === null) return null
  let best: { workers: number; mem: ProcessMemory } | null = null
  for (const pid of renderers) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024
      const mem = { rss: kb('VmRSS'), anon: kb('RssAnon') }
      if (!Number.isFinite(mem.rss)) continue
      let workers = 0
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        try {
          if (readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').startsWith('DedicatedWorker')) workers++
        } catch {
          // The thread ended meanwhile.
        }
      }
      if (best === null || workers > best.workers || (workers === best.workers && mem.rss > best.mem.rss)) best = { workers, mem }
    } catch {
      // Gone meanwhile.
    }
  }
  return best?.mem ?? null
}

/** Page marks (performance.mark) the tracer records, so tasks can be split at moments the page saw. */
export const MARK_PREFIX = 'nettwin-bench-'

/** One main-thread task from the trace: wall time and the CPU time the thread really got. */
export interface TracedTask {
  readonly start: number
  readonly wallMs: number
  readonly cpuMs: number
  /**
   * With TaskTracer.start(page, {detail: true}) and over DETAIL_CPU_MS of CPU: what the task's CPU went to (the
   * heaviest timeline events inside it: script calls with their function, style, layout, paint), e.g.
   * "FunctionCall draw@index.js:120 21ms > Layout 9ms".
   */
  readonly parts?: string
}

/** Tasks over this CPU time get their parts listed (detail mode). */
const DETAIL_CPU_MS = 20

interface TraceEvent {
  readonly name: string
  readonly ph: string
  readonly pid: number
  readonly tid: number
  readonly ts: number
  readonly dur?: number
  readonly tdur?: number
  readonly args?: { readonly name?: string; readonly data?: { readonly functionName?: string; readonly url?: string; readonly lineNumber?: number; readonly type?: string } }
}

/** One timeline event's label: the function and script of a call, the event type of a dispatch, else its name. */
function partLabel(ev: TraceEvent): string {
  const d = ev.args?.data
  if (ev.name === 'FunctionCall' && d) return `${d.functionName || '(anonymous)'}@${(d.url ?? '').split('/').pop() ?? ''}:${d.lineNumber ?? -1}`
  if (ev.name === 'EventDispatch' && d?.type) return `event ${d.type}`
  return ev.name
}

/**
 * Main-thread tasks from a CDP trace ('toplevel' RunTask events): besides the wall time that the longtask
 * entries report, the thread's CPU time in each task (tdur). On a loaded machine a task's wall time includes
 * the time the thread waited for a core; its CPU time is what the page's own code cost.
 */
export class TaskTracer {
  private readonly events: TraceEvent[] = []
  private readonly threads = new Map<string, string>()
  private readonly marks = new Map<string, number>()
  /** Detail mode: timeline events of 1 ms or more (CPU), to say what a long task did. */
  private readonly inner: TraceEvent[] = []
  private done: Promise<void> = Promise.resolve()

  private constructor(private readonly cdp: CDPSession) {}

  /** With `detail`, the trace also records the timeline (scripts, style, layout, paint) to attribute long tasks. */
  static async start(page: Page, options: { readonly detail?: boolean } = {}): Promise<TaskTracer> {
    const cdp = await page.context().newCDPSession(page)
    const tracer = new TaskTracer(cdp)
    cdp.on('Tracing.dataCollected', (e) => {
      for (const ev of e.value as unknown as TraceEvent[]) {
        if (ev.ph === 'M' && ev.name === 'thread_name' && ev.args?.name) tracer.threads.set(`${ev.pid}:${ev.tid}`, ev.args.name)
        else if (ev.name.startsWith(MARK_PREFIX) && !tracer.marks.has(ev.name)) tracer.marks.set(ev.name, ev.ts / 1000)
        else if ((ev.name === 'RunTask' || ev.name === 'ThreadControllerImpl::RunTask') && ev.ph === 'X' && (ev.dur ?? 0) > 30_000) tracer.events.push(ev)
        else if (options.detail && ev.ph === 'X' && (ev.tdur ?? ev.dur ?? 0) >= 1000) tracer.inner.push(ev)
      }
    })
    tracer.done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()))
    const categories = ['toplevel', '__metadata', 'blink.user_timing', ...(options.detail ? ['devtools.timeline'] : [])]
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories, recordMode: 'recordContinuously' }, transferMode: 'ReportEvents' })
    return tracer
  }

  /** The heaviest timeline events inside a task, outermost first where they nest. */
  private partsOf(task: TraceEvent): string | undefined {
    if ((task.tdur ?? 0) / 1000 < DETAIL_CPU_MS || this.inner.length === 0) return undefined
    const end = task.ts + (task.dur ?? 0)
    const inside = this.inner.filter((ev) => ev.pid === task.pid && ev.tid === task.tid && ev.ts >= task.ts && ev.ts <= end && ev !== task)
    // CPU time where the event has it, else its wall time (marked ~).
    const cost = (ev: TraceEvent): number => ev.tdur ?? ev.dur ?? 0
    return [...inside].sort((a, b) => cost(b) - cost(a)).slice(0, 6).sort((a, b) => a.ts - b.ts)
      .map((ev) => `${partLabel(ev)} ${ev.tdur === undefined ? '~' : ''}${Math.round(cost(ev) / 1000)}ms`).join(' > ')
  }

  /**
   * Where the page's performance.mark(MARK_PREFIX + name) fell on the trace clock (ms), once stop() returned;
   * null when the page made no such mark while tracing.
   */
  markAt(name: string): number | null {
    return this.marks.get(MARK_PREFIX + name) ?? null
  }

  /** Ends the trace; the renderer main thread's tasks over 30 ms of wall time (start on the trace clock, ms). */
  async stop(): Promise<TracedTask[]> {
    await this.cdp.send('Tracing.end')
    await this.done
    await this.cdp.detach().catch(() => undefined)

    return this.events
      .filter((ev) => this.threads.get(`${ev.pid}:${ev.tid}`) === 'CrRendererMain')
      .map((ev) => {
        const parts = this.partsOf(ev)
        return { start: ev.ts / 1000, wallMs: (ev.dur ?? 0) / 1000, cpuMs: (ev.tdur ?? NaN) / 1000, ...(parts ? { parts } : {}) }
      })
  }
}
