/**
 * Ordinary traffic to score against: the twin of a capture (learned from its flows, then generated for the
 * asked duration with a seed) written as pcap chunks in memory, so injection and scoring read it like any
 * capture. The generator and the model are the twin's own (twin/model, twin/generate); this only wires them.
 */
import { CaptureAnalysis } from '../../analysis/capture-analysis.ts'
import { analyzeCapture } from '../../analysis/capture-summary.ts'
import { flowSourceOf } from '../../baseline/flow-source.ts'
import type { ByteSource } from '../../formats/format.ts'
import { PcapFrameSink } from '../craft/pcap-sink.ts'
import { generateTwin, type GenerateReport } from '../generate/generate-twin.ts'
import { learnTwinFromFlows } from '../model/learn-from-analysis.ts'
import type { TwinModel } from '../model/types.ts'
import { chunksSource } from '../inject/chunk-source.ts'

export interface TwinTraffic {
  readonly model: TwinModel
  readonly source: ByteSource
  readonly report: GenerateReport
  readonly bytes: number
}

/** Learns the twin model of a capture. */
export async function learnTwinOfCapture(capture: ByteSource, signal?: AbortSignal): Promise<TwinModel> {
  const analysis = new CaptureAnalysis()
  await analyzeCapture(capture, { analysis, signal })
  return learnTwinFromFlows(flowSourceOf(analysis), { fileName: capture.name })
}

/** Generates `durationSeconds` of the model's traffic (from its source's start) as an in-memory pcap, cut at the end like a capture. */
export function twinTraffic(model: TwinModel, durationSeconds: number, seed: number): TwinTraffic {
  const chunks: Uint8Array[] = []
  const sink = new PcapFrameSink((c) => void chunks.push(c), { nano: true })
  const report = generateTwin(model, sink, { durationSeconds, seed, cutAtEnd: true })
  sink.close()
  return { model, source: chunksSource(chunks, 'twin.pcap'), report, bytes: chunks.reduce((s, c) => s + c.length, 0) }
}
