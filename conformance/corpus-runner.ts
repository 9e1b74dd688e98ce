/**
 * Analyses many corpus files in one worker thread (analyze-in-worker.ts), one at a time, with a hard time limit
 * per file: a file that does not finish is recorded as a hang, the worker is replaced, and the run goes on.
 */
import { Worker } from 'node:worker_threads'
import type { CaptureSummary } from '../src/analysis/capture-summary.ts'

export interface WorkerRequest {
  readonly id: number
  readonly path: string
}

export type Outcome =
  | { readonly kind: 'ok'; readonly summary: CaptureSummary }
  | { readonly kind: 'format-error'; readonly code: string; readonly message: string }
  | { readonly kind: 'exception'; readonly message: string; readonly stack: string }
  | { readonly kind: 'hang'; readonly limitMs: number }
  | { readonly kind: 'crash'; readonly message: string }

export interface WorkerAnswer {
  readonly id: number
  readonly ms: number
  readonly result: Outcome
}

export interface FileJob {
  readonly path: string
  readonly size: number
}

export interface FileResult extends FileJob {
  readonly ms: number
  readonly result: Outcome
}

function startWorker(): Worker {
  return new Worker(new URL('./worker-boot.mjs', import.meta.url))
}

/** Analyses each job in order; `hardLimitMs(size)` bounds how long one file may take before it counts as a hang. */
export async function analyzeFiles(jobs: readonly FileJob[], hardLimitMs: (size: number) => number): Promise<FileResult[]> {
  const results: FileResult[] = []
  let worker = startWorker()
  try {
    for (let id = 0; id < jobs.length; id++) {
      const job = jobs[id]
      const limitMs = hardLimitMs(job.size)
      const started = performance.now()
      const answer = await new Promise<WorkerAnswer>((resolve) => {
        const done = (a: WorkerAnswer): void => {
          clearTimeout(timer)
          worker.off('message', onMessage)
          worker.off('error', onError)
          worker.off('exit', onExit)
          resolve(a)
        }
        const onMessage = (a: WorkerAnswer): void => {
          if (a.id === id) done(a)
        }
        const elapsed = (): number => performance.now() - started
        const onError = (e: Error): void => done({ id, ms: elapsed(), result: { kind: 'crash', message: `${e.name}: ${e.message}` } })
        const onExit = (code: number): void => done({ id, ms: elapsed(), result: { kind: 'crash', message: `worker exited with code ${code}` } })
        const timer = setTimeout(() => done({ id, ms: elapsed(), result: { kind: 'hang', limitMs } }), limitMs)
        worker.on('message', onMessage)
        worker.on('error', onError)
        worker.on('exit', onExit)
        worker.postMessage({ id, path: job.path } satisfies WorkerRequest)
      })
      results.push({ ...job, ms: answer.ms, result: answer.result })
      if (answer.result.kind === 'hang' || answer.result.kind === 'crash') {
        await worker.terminate()
        worker = startWorker()
      }
    }
  } finally {
    await worker.terminate()
  }
  return results
}
