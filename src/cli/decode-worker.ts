/**
 * Worker thread of `nettwin analyze --threads 2`: reads and decodes the file at workerData.path (and, with
 * workerData.assembleFlows, assembles its flows) and posts the batches to the main thread, which counts the
 * rest (analysis/pipeline). Wiring only.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { DecoderMessage, OwnerMessage, PipelinePort } from '../analysis/pipeline/messages.ts'
import { runDecodeSide } from '../analysis/pipeline/decode-side.ts'
import type { FlowModeName } from '../flows/flow-modes.ts'
import { NodeFileSource } from './node-file-source.ts'

const parent = parentPort
if (parent === null) throw new Error('decode-worker.ts must run in a worker thread')
const port: PipelinePort<OwnerMessage, DecoderMessage> = {
  post: (message, transfer) => parent.postMessage(message, transfer),
  listen: (handler) => parent.on('message', handler),
}
const { path, assembleFlows, flowMode, maxFlows } = workerData as { path: string; assembleFlows: boolean; flowMode: FlowModeName; maxFlows: number }
try {
  await runDecodeSide(await NodeFileSource.open(path), port, { assembleFlows, flowMode, maxFlows })
} catch (e) {
  // runDecodeSide reports its own errors; this is the file failing to open in this thread.
  const { errorToData } = await import('../analysis/pipeline/messages.ts')
  port.post({ type: 'error', error: errorToData(e) }, [])
}
