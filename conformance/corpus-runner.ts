/**
 * Analyses many corpus files in one worker thread (analyze-in-worker.ts, or another script answering the same
 * messages), one at a time, with a hard time limit per file: a file that does not finish is recorded as a hang,
 * the worker is replaced, and the run goes on.
 */
import { Worker } from 'node:worker_threads'
import type { CaptureSummary } from '../src/analysis/capture-summary.ts'

export interface WorkerRequest {
  readonly id: number
  readonly path: string
  /** What the worker script should do with the file beyond reading it (script-specific, e.g. a flow mode). */
  readonly options?: unknown
}

/** `T` is what the worker script answers for a file it read: a CaptureSummary for analyze-in-worker.ts. */
export type Outcome<T = CaptureSummary> =
  | { readonly kind: 'ok'; readonly summary: T }
  | { readonly kind: 'format-error'; readonly code: string; readonly message: string }
  | { readonly kind: 'exception'; readonly message: string; readonly stack: string }
  | { readonly kind: 'hang'; readonly limitMs: number }
  | { readonly kind: 'crash'; readonly message: string }

export interface WorkerAnswer<T = CaptureSummary> {
  readonly id: number
  readonly ms: number
  /** Bytes the file source delivered through slices(), when the script counts them (work, unlike ms, is exact). */
  readonly bytesRead?: number
  readonly result: Outcome<T>
}

export interface FileJob {
  readonly path: string
  readonly size: number
  readonly options?: unknown
}

export interface FileResult<T = CaptureSummary> extends FileJob {
  readonly ms: number
  readonly bytesRead?: number
  readonly result: Outcome<T>
}

/** worker-boot.mjs compiles TypeScript and imports `script` (a module beside this one) in the worker. */
function startWorker(script: string): Worker {
  return new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: { script } })
}

/** Analyses each job in order; `hardLimitMs(size)` bounds how long one file may take before it counts as a hang. */
export function analyzeFiles(jobs: readonly FileJob[], hardLimitMs: (size: number) => number): Promise<FileResult[]> {
  return runFilesInWorker<CaptureSummary>('./analyze-in-worker.ts', jobs, hardLimitMs)
}

/** Runs `script` (answering WorkerRequest with WorkerAnswer<T>) over each job in order, with the same hang limit. */
export async function runFilesInWorker<T>(script: string, jobs: readonly FileJob[], hardLimitMs: (size: number) => number): Promise<FileResult<T>[]> {
  const results: FileResult<T>[] = []
  let worker = startWorker(script)
  try {
    for (let id = 0; id < jobs.length; id++) {
      const job = jobs[id]
      const limitMs = hardLimitMs(job.size)
      const started = performance.now()
      const answer = await new Promise<WorkerAnswer<T>>((resolve) => {
        const done = (a: WorkerAnswer<T>): void => {
          clearTimeout(timer)
          worker.off('message', onMessage)
          worker.off('error', onError)
          worker.off('exit', onExit)
          resolve(a)
        }
        const onMessage = (a: WorkerAnswer<T>): void => {
          if (a.id === id) done(a)
        }
        const elapsed = (): number => performance.now() - started
        const onError = (e: Error): void => done({ id, ms: elapsed(), result: { kind: 'crash', message: `${e.name}: ${e.message}` } })
        const onExit = (code: number): void => done({ id, ms: elapsed(), result: { kind: 'crash', message: `worker exited with code ${code}` } })
        const timer = setTimeout(() => done({ id, ms: elapsed(), result: { kind: 'hang', limitMs } }), limitMs)
        worker.on('message', onMessage)
        worker.on('error', onError)
        worker.on('exit', onExit)
        worker.postMessage({ id, path: job.path, options: job.options } satisfies WorkerRequest)
      })
      results.push({ ...job, ms: answer.ms, bytesRead: answer.bytesRead, result: answer.result })
      if (answer.result.kind === 'hang' || answer.result.kind === 'crash') {
        await worker.terminate()
        worker = startWorker(script)
      }
    }
  } finally {
    await worker.terminate()
  }
  return results
}
