/**
 * CPU time of the renderer's threads during a read, by role (Linux only: /proc/<pid>/task/<tid>/stat).
 *
 * Why: on the shared 2-core test machine the wall time of a read says as much about the neighbours' load as about
 * the app, while the CPU each thread used is what the app can change. The renderer process holds the page's main
 * thread, the engine worker, the reader worker, V8's helper threads (the thread pool: optimising compilers,
 * concurrent marking and parallel scavenging, for the page and the workers alike), the compositor and the IO
 * thread. On two cores the engine worker is the critical path and everything else competes with it for the
 * other core. The reader worker ends with its read, so the threads are sampled every `everyMs` and each keeps
 * its latest figure.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { ownRendererPids } from './page-probes.ts'

/** CPU milliseconds by role between start() and stop(). */
export interface ThreadCpu {
  /** The dedicated worker that used the most CPU: the engine worker. */
  readonly engineMs: number
  /** The other dedicated workers (the reader worker). */
  readonly otherWorkersMs: number
  /** The page's main thread (the process's first thread). */
  readonly pageMs: number
  /** The thread pool: V8's compilers and garbage collector threads, for page and workers. */
  readonly helpersMs: number
  /** Everything else: compositor, IO thread, ... */
  readonly restMs: number
}

/** Clock ticks per second of /proc stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100

interface ThreadSample {
  readonly name: string
  readonly main: boolean
  readonly ms: number
}

/** user + system CPU of every thread of the renderers started under this process, by "pid/tid". */
function threadTimes(): Map<string, ThreadSample> | null {
  const pids = ownRendererPids()
  if (pids === null) return null
  const out = new Map<string, ThreadSample>()
  for (const pid of pids) {
    let tids: string[]
    try {
      tids = readdirSync(`/proc/${pid}/task`)
    } catch {
      continue
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
        // The name is in parentheses and may hold spaces; utime and stime are fields 14 and 15.
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        out.set(`${pid}/${tid}`, { name, main: tid === String(pid), ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND })
      } catch {
        // The thread ended between listing and reading.
      }
    }
  }
  return out
}

export class ThreadCpuSampler {
  private readonly latest = new Map<string, ThreadSample>()
  private timer: ReturnType<typeof setInterval> | null = null

  private constructor(private readonly before: Map<string, ThreadSample>) {}

  /** Null where /proc cannot be read (not Linux). */
  static start(everyMs = 250): ThreadCpuSampler | null {
    const before = threadTimes()
    if (before === null) return null
    const sampler = new ThreadCpuSampler(before)
    sampler.timer = setInterval(() => sampler.sample(), everyMs)
    return sampler
  }

  private sample(): void {
    for (const [key, t] of threadTimes() ?? []) this.latest.set(key, t)
  }

  /** Samples once more and returns the CPU used since start(), by role. */
  stop(): ThreadCpu {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    this.sample()
    const workers: number[] = []
    let pageMs = 0
    let helpersMs = 0
    let restMs = 0
    for (const [key, t] of this.latest) {
      const used = t.ms - (this.before.get(key)?.ms ?? 0)
      if (t.name.startsWith('DedicatedWorker')) workers.push(used)
      else if (t.main) pageMs += used
      else if (t.name.startsWith('ThreadPool')) helpersMs += used
      else restMs += used
    }
    workers.sort((a, b) => b - a)
    const engineMs = workers[0] ?? 0
    const otherWorkersMs = workers.slice(1).reduce((a, b) => a + b, 0)
    return { engineMs, otherWorkersMs, pageMs, helpersMs, restMs }
  }
}
