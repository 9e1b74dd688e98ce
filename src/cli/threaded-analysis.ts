/**
 * The CLI's two-thread analysis: a worker thread reads and decodes the file and assembles its flows
 * (decode-worker.ts) while this thread counts the statistics and feeds any packet taps
 * (analysis/pipeline/owner-side.ts), then takes the finished flow table over. Gives the same CaptureSummary
 * as analyzeCapture over a NodeFileSource.
 */
import { Worker } from 'node:worker_threads'
import { CaptureAnalysis } from '../analysis/capture-analysis.ts'
import type { AnalyzeOptions, CaptureSummary } from '../analysis/capture-summary.ts'
import type { DecoderMessage, OwnerMessage, PipelinePort } from '../analysis/pipeline/messages.ts'
import { analyzeFromDecoder } from '../analysis/pipeline/owner-side.ts'
import { NodeFileSource } from './node-file-source.ts'

/** Defined (true) only in the bundled command line (scripts/build-cli.mjs). */
declare const NETTWIN_CLI_BUNDLE: boolean | undefined

/** Analyses the file at `path` with decoding in a second thread. Rejects like analyzeCapture does. */
export async function analyzeFileThreaded(path: string, options: AnalyzeOptions = {}): Promise<{ summary: CaptureSummary; fileBytes: number }> {
  // Opening here first reports a missing or unreadable file exactly as the single-thread path does.
  const source = await NodeFileSource.open(path)
  const analysis = options.analysis ?? new CaptureAnalysis({ flowMode: options.flowMode })
  // Balance, measured on the 1 GB benchmark capture (CPU per thread): without taps, flows here 2.9 s owner /
  // 1.8 s worker, flows in the worker 1.8 s / 2.65 s; with taps 2.9 s / 2.7 s. The worker's side is the one
  // that shrinks as decoding gets cheaper, so the flows go there in both cases.
  const assembleFlows = true
  const workerData = { script: './decode-worker.ts', path, assembleFlows, flowMode: analysis.flowMode, maxFlows: analysis.flows.maxFlows }
  // Bundled (scripts/build-cli.mjs), the decoding thread is a bundle beside this one; from the sources, a boot
  // file registers the TypeScript loader in the new thread first.
  const worker = typeof NETTWIN_CLI_BUNDLE !== 'undefined'
    ? new Worker(new URL('./decode-worker.mjs', import.meta.url), { workerData })
    : new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData })
  let failed: ((e: unknown) => void) | null = null
  const crashed = new Promise<never>((_, reject) => (failed = reject))
  worker.on('error', (e) => failed?.(e))
  worker.on('exit', (code) => failed?.(new Error(`decode worker exited with code ${code}`)))
  const port: PipelinePort<DecoderMessage, OwnerMessage> = {
    post: (message, transfer) => worker.postMessage(message, transfer),
    listen: (handler) => worker.on('message', handler),
  }
  try {
    const summary = await Promise.race([analyzeFromDecoder(source.name, port, { ...options, analysis }), crashed])
    return { summary, fileBytes: source.size }
  } finally {
    failed = null
    await worker.terminate()
  }
}
