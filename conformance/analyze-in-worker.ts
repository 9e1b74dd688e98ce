/**
 * Runs in a worker thread: analyses the files the main thread sends, one at a time, with the same engine and
 * Node source as the CLI, and answers with the summary or the error. Living in a worker lets the suite stop a
 * file that hangs (a synchronous endless loop would otherwise freeze the whole test run).
 */
import { parentPort } from 'node:worker_threads'
import { analyzeCapture } from '../src/analysis/capture-summary.ts'
import { NodeFileSource } from '../src/cli/node-file-source.ts'
import { FormatError, type ByteSource } from '../src/formats/format.ts'
import type { WorkerAnswer, WorkerRequest } from './corpus-runner.ts'

const port = parentPort
if (!port) throw new Error('analyze-in-worker.ts must run in a worker thread')

port.on('message', (request: WorkerRequest) => {
  void answer(request).then((a) => port.postMessage(a))
})

/** The file source, counting the bytes its slices deliver (a reader that went back over the file would show). */
function countingSource(inner: ByteSource): { source: ByteSource; delivered: () => number } {
  let delivered = 0
  const source: ByteSource = {
    name: inner.name,
    size: inner.size,
    head: (n) => inner.head(n),
    async *slices(signal) {
      for await (const slice of inner.slices(signal)) {
        delivered += slice.length
        yield slice
      }
    },
  }
  return { source, delivered: () => delivered }
}

async function answer({ id, path }: WorkerRequest): Promise<WorkerAnswer> {
  const t0 = performance.now()
  let counted: ReturnType<typeof countingSource> | null = null
  try {
    counted = countingSource(await NodeFileSource.open(path))
    const summary = await analyzeCapture(counted.source)
    return { id, ms: performance.now() - t0, bytesRead: counted.delivered(), result: { kind: 'ok', summary } }
  } catch (e) {
    const ms = performance.now() - t0
    const bytesRead = counted?.delivered()
    if (e instanceof FormatError) return { id, ms, bytesRead, result: { kind: 'format-error', code: e.code, message: e.message } }
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
    return { id, ms, bytesRead, result: { kind: 'exception', message, stack: e instanceof Error ? (e.stack ?? '') : '' } }
  }
}
