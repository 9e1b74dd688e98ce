/**
 * The owning thread of the pipeline (messages.ts): counts the batches another thread decodes into its
 * CaptureAnalysis (flows and statistics, or only the statistics when the decoding side assembles the flows, in
 * which case it takes that side's finished flow table over at the end) and builds the CaptureSummary, the same
 * one analyzeCapture gives for the same input. The analysis stays here to answer queries afterwards.
 */
import { AnomalyCounter } from '../../model/anomalies.ts'
import { PacketBatch } from '../../model/packet-batch.ts'
import { CaptureAnalysis } from '../capture-analysis.ts'
import { type AnalyzeOptions, type CaptureSummary, summarizeCapture, Totals } from '../capture-summary.ts'
import type { DecodeResult } from '../decode-capture.ts'
import { errorFromData, type DecoderMessage, type OwnerMessage, type PipelinePort } from './messages.ts'

/**
 * Counts what the decoder at the other end of `port` sends and resolves with the summary; rejects with the
 * decoder's error (a FormatError for input nettwin does not read). `fileName` names the input in the summary.
 * Aborting `options.signal` asks the decoder to stop; the summary is then marked cancelled.
 */
export function analyzeFromDecoder(fileName: string, port: PipelinePort<DecoderMessage, OwnerMessage>, options: AnalyzeOptions = {}): Promise<CaptureSummary> {
  const analysis = options.analysis ?? new CaptureAnalysis({ flowMode: options.flowMode })
  const ctx = analysis.ctx
  const totals = new Totals()
  const signal = options.signal
  return new Promise<CaptureSummary>((resolve, reject) => {
    let done = false
    const onAbort = (): void => port.post({ type: 'cancel' }, [])
    signal?.addEventListener('abort', onAbort, { once: true })
    if (signal?.aborted) onAbort()
    const finish = (f: () => void): void => {
      done = true
      signal?.removeEventListener('abort', onAbort)
      f()
    }
    port.listen((m) => {
      if (done) return
      try {
        if (m.type === 'batch') {
          if (m.addresses !== null && !ctx.addresses.appendEntries(m.addresses)) throw new Error('pipeline: address tables out of step')
          const batch = new PacketBatch(m.capacity, m.buffer)
          batch.count = m.count
          batch.facts = m.facts
          totals.add(batch)
          if (m.flowIds === null) analysis.consume(batch)
          else {
            const flowIds = new Int32Array(m.flowIds)
            if (flowIds.length < batch.count) throw new Error('pipeline: flow ids missing')
            analysis.consumeStatistics(batch, flowIds)
          }
          options.onBatch?.(batch, ctx)
          options.onProgress?.({ bytesRead: m.bytesRead, totalBytes: m.totalBytes, packets: m.packets })
          // The batch arrived as a copy; only the acknowledgement goes back (nothing transferred: messages.ts).
          port.post({ type: 'counted' }, [])
        } else if (m.type === 'end') {
          if (m.flows !== null) analysis.adoptFlows(m.flows)
          const summary = summarizeCapture(fileName, withOwnerAnomalies(m.result, analysis), totals, analysis, m.ipPairsEstimated === true)
          finish(() => resolve(summary))
        } else {
          const error = errorFromData(m.error)
          finish(() => reject(error))
        }
      } catch (e) {
        port.post({ type: 'cancel' }, [])
        finish(() => reject(e))
      }
    })
  })
}

/** The decoder's anomalies plus any the owner's own context counted (none today; kept exact if that changes). */
function withOwnerAnomalies(result: DecodeResult, analysis: CaptureAnalysis): DecodeResult {
  if (analysis.ctx.anomalies.total === 0) return result
  const all = new AnomalyCounter()
  for (const [code, n] of Object.entries(result.anomalies)) all.add(code, n)
  all.merge(analysis.ctx.anomalies)
  return { ...result, anomalies: all.toRecord() }
}
