/**
 * Worker thread of `nettwin analyze --threads 2`: reads and decodes the file at workerData.path and posts the
 * batches to the main thread, which counts flows and statistics (analysis/pipeline). Wiring only.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { DecoderMessage, OwnerMessage, PipelinePort } from '../analysis/pipeline/messages.ts'
import { runDecodeSide } from '../analysis/pipeline/decode-side.ts'
import { NodeFileSource } from './node-file-source.ts'

const parent = parentPort
if (parent === null) throw new Error('decode-worker.ts must run in a worker thread')
const port: PipelinePort<OwnerMessage, DecoderMessage> = {
  post: (message, transfer) => parent.postMessage(message, transfer),
  listen: (handler) => parent.on('message', handler),
}
const { path } = workerData as { path: string }
try {
  await runDecodeSide(await NodeFileSource.open(path), port)
} catch (e) {
  // runDecodeSide reports its own errors; this is the file failing to open in this thread.
  const { errorToData } = await import('../analysis/pipeline/messages.ts')
  port.post({ type: 'error', error: errorToData(e) }, [])
}
