/**
 * Runs in a worker thread (started by corpus-runner.ts through worker-boot.mjs): analyses each file it is sent
 * in the requested flow mode with the same engine and Node source as the CLI, and answers with a FlowDigest or
 * the error. A worker lets the suite stop a file that hangs.
 */
import { parentPort } from 'node:worker_threads'
import { CaptureAnalysis } from '../src/analysis/capture-analysis.ts'
import { analyzeCapture } from '../src/analysis/capture-summary.ts'
import { NodeFileSource } from '../src/cli/node-file-source.ts'
import { FormatError } from '../src/formats/format.ts'
import type { WorkerAnswer, WorkerRequest } from './corpus-runner.ts'
import { countFlows, listConnections, type FlowDigest, type FlowJobOptions } from './flow-digest.ts'

const port = parentPort
if (!port) throw new Error('flow-worker.ts must run in a worker thread')

port.on('message', (request: WorkerRequest) => {
  void answer(request).then((a) => port.postMessage(a))
})

async function answer({ id, path, options }: WorkerRequest): Promise<WorkerAnswer<FlowDigest>> {
  const t0 = performance.now()
  const o = options as FlowJobOptions
  try {
    const analysis = new CaptureAnalysis({ flowMode: o.flowMode })
    const summary = await analyzeCapture(await NodeFileSource.open(path), { analysis })
    const digest: FlowDigest = {
      flowMode: o.flowMode,
      conversations: { tcp: summary.conversations.tcp, udp: summary.conversations.udp },
      flows: countFlows(analysis.flows),
      connections: o.connections ? listConnections(analysis.flows, analysis.ctx) : null,
    }
    return { id, ms: performance.now() - t0, result: { kind: 'ok', summary: digest } }
  } catch (e) {
    const ms = performance.now() - t0
    if (e instanceof FormatError) return { id, ms, result: { kind: 'format-error', code: e.code, message: e.message } }
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
    return { id, ms, result: { kind: 'exception', message, stack: e instanceof Error ? (e.stack ?? '') : '' } }
  }
}
