/**
 * Runs in a worker thread: analyses the files the main thread sends, one at a time, with the same engine and
 * Node source as the CLI, and answers with the summary or the error. Living in a worker lets the suite stop a
 * file that hangs (a synchronous endless loop would otherwise freeze the whole test run).
 */
import { parentPort } from 'node:worker_threads'
import { analyzeCapture } from '../src/analysis/capture-summary.ts'
import { NodeFileSource } from '../src/cli/node-file-source.ts'
import { FormatError } from '../src/formats/format.ts'
import type { WorkerAnswer, WorkerRequest } from './corpus-runner.ts'

const port = parentPort
if (!port) throw new Error('analyze-in-worker.ts must run in a worker thread')

port.on('message', (request: WorkerRequest) => {
  void answer(request).then((a) => port.postMessage(a))
})

async function answer({ id, path }: WorkerRequest): Promise<WorkerAnswer> {
  const t0 = performance.now()
  try {
    const summary = await analyzeCapture(await NodeFileSource.open(path))
    return { id, ms: performance.now() - t0, result: { kind: 'ok', summary } }
  } catch (e) {
    const ms = performance.now() - t0
    if (e instanceof FormatError) return { id, ms, result: { kind: 'format-error', code: e.code, message: e.message } }
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
    return { id, ms, result: { kind: 'exception', message, stack: e instanceof Error ? (e.stack ?? '') : '' } }
  }
}
