/**
 * Reads a capture end to end: sniff the format, stream its records through the frame decoders into packet
 * batches (decode-capture.ts), and keep the running totals a summary needs. Consumers added later (flows,
 * windows, detectors) receive the same batches. Pure engine code: runs in a Web Worker, in Vitest and in the
 * CLI; analysis/pipeline runs the same two halves in two threads.
 */
import type { DecodeContext } from '../decode/context.ts'
import type { FlowModeName } from '../flows/flow-modes.ts'
import type { ConversationCounts } from './conversations.ts'
import { CaptureAnalysis } from './capture-analysis.ts'
import { decodeCapture, type DecodeResult } from './decode-capture.ts'
import type { TopTalker } from './top-talkers.ts'
import type { ByteSource, InterfaceInfo } from '../formats/format.ts'
import { LAYER_NAMES, countLayers, layerCountsToRecord } from '../model/layers.ts'
import type { PacketBatch } from '../model/packet-batch.ts'

export interface CaptureSummary {
  readonly fileName: string
  readonly format: string
  readonly compression: 'gzip' | null
  readonly linkTypes: readonly number[]
  /** Every record in the file, decodable or not. */
  readonly packets: number
  readonly capturedBytes: number
  readonly bytes: number
  /** Seconds since the epoch of the earliest and latest packet; null when there is none. */
  readonly start: number | null
  readonly end: number | null
  readonly duration: number
  /** Packets per layer name (a packet counts once per layer it carries). */
  readonly protocols: Readonly<Record<string, number>>
  /** Distinct unordered address pairs over every IP header (tunnels' inner headers included). */
  readonly ipConversations: number
  /**
   * Present (true) when ipConversations is an estimate: more pairs than the exact table holds (lib/pair-set.ts).
   * Absent when the count is exact, so summaries of ordinary captures read as before.
   */
  readonly ipConversationsEstimated?: true
  readonly anomalies: Readonly<Record<string, number>>
  readonly truncated: false | number
  /** Packets per link type that nettwin cannot decode (still counted in packets and bytes). */
  readonly unsupportedLinkTypes: Readonly<Record<string, number>>
  readonly interfaces: readonly InterfaceInfo[]
  readonly comments: readonly string[]
  readonly timePrecision: string
  /** Flow semantics used (wireshark | zeek | cicflowmeter). */
  readonly flowMode: FlowModeName
  /** Flows assembled (past the flow cap, estimated: see flowsEstimated). */
  readonly flows: number
  readonly flowsEstimated: boolean
  /** Flows per Zeek conn_state (TCP states; UDP/ICMP flows are S0, SF or OTH as Zeek reports them). */
  readonly flowStates: Readonly<Record<string, number>>
  /** Wireshark-style conversation counts (eth, ipv4, ipv6, ip, tcp, udp). */
  readonly conversations: ConversationCounts
  /** Distinct IP endpoints. */
  readonly endpoints: number
  readonly topTalkers: readonly TopTalker[]
  /** Size of the per-window aggregates (chosen from the capture length) and how many windows hold packets. */
  readonly windows: { readonly bucketSeconds: number; readonly count: number }
  /** True while reading and when the read was cancelled: the numbers cover only part of the file. */
  readonly partial: boolean
  readonly cancelled: boolean
}

export interface AnalyzeProgress {
  readonly bytesRead: number
  readonly totalBytes: number | null
  readonly packets: number
}

export interface AnalyzeOptions {
  readonly signal?: AbortSignal
  /** Flow semantics; default 'zeek' (src/flows/flow-modes.ts explains why). */
  readonly flowMode?: FlowModeName
  /** Receives the analysis before reading starts (the worker keeps it to answer queries afterwards). */
  readonly analysis?: CaptureAnalysis
  readonly onProgress?: (p: AnalyzeProgress) => void
  /** Called with whole batches as they fill (rows 0..count-1 are valid only during the call). */
  readonly onBatch?: (batch: PacketBatch, ctx: DecodeContext) => void
}

/** Running totals over decoded batches. */
export class Totals {
  packets = 0
  capturedBytes = 0
  bytes = 0
  start = Infinity
  end = -Infinity
  readonly layerCounts = new Float64Array(LAYER_NAMES.length)

  add(b: PacketBatch): void {
    const n = b.count
    let cap = 0
    let orig = 0
    let lo = this.start
    let hi = this.end
    for (let i = 0; i < n; i++) {
      cap += b.capLen[i]
      orig += b.origLen[i]
      const t = b.time[i]
      if (t < lo) lo = t
      if (t > hi) hi = t
      countLayers(b.layers[i], this.layerCounts)
    }
    this.packets += n
    this.capturedBytes += cap
    this.bytes += orig
    this.start = lo
    this.end = hi
  }
}

/**
 * Analyses a capture. Rejects with FormatError when the input is not a capture nettwin reads; when the signal
 * aborts, resolves with the partial summary marked cancelled.
 */
export async function analyzeCapture(source: ByteSource, options: AnalyzeOptions = {}): Promise<CaptureSummary> {
  const analysis = options.analysis ?? new CaptureAnalysis({ flowMode: options.flowMode })
  const ctx = analysis.ctx
  const totals = new Totals()
  const onBatch = options.onBatch
  const decoded = await decodeCapture(
    source,
    ctx,
    (batch) => {
      totals.add(batch)
      analysis.consume(batch)
      onBatch?.(batch, ctx)
      batch.reset()
      return batch
    },
    { signal: options.signal, onProgress: options.onProgress },
  )
  return summarizeCapture(source.name, decoded, totals, analysis)
}

/**
 * The summary of a finished read: the decoding side's result, the totals and the analysis (finished here).
 * Shared by analyzeCapture and the two-thread pipeline (analysis/pipeline), which decodes elsewhere and so says
 * whether its IP pair count is an estimate (`ipPairsEstimated`; by default this analysis's decode context's).
 */
export function summarizeCapture(
  fileName: string,
  decoded: DecodeResult,
  t: Totals,
  analysis: CaptureAnalysis,
  ipPairsEstimated = analysis.ctx.ipPairs.estimated,
): CaptureSummary {
  const report = analysis.finish(t.packets > 0 ? t.end : null)
  const flows = analysis.flows
  return {
    fileName,
    format: decoded.format,
    compression: decoded.compression,
    linkTypes: decoded.linkTypes,
    packets: t.packets,
    capturedBytes: t.capturedBytes,
    bytes: t.bytes,
    start: t.packets > 0 ? t.start : null,
    end: t.packets > 0 ? t.end : null,
    duration: t.packets > 0 ? t.end - t.start : 0,
    protocols: layerCountsToRecord(t.layerCounts),
    ipConversations: decoded.ipConversations,
    ...(ipPairsEstimated ? { ipConversationsEstimated: true as const } : {}),
    anomalies: decoded.anomalies,
    truncated: decoded.truncated,
    unsupportedLinkTypes: decoded.unsupportedLinkTypes,
    interfaces: decoded.interfaces,
    comments: decoded.comments,
    timePrecision: decoded.timePrecision,
    flowMode: analysis.flowMode,
    flows: flows.count + flows.overflow.estimatedFlows,
    flowsEstimated: flows.overflow.estimatedFlows > 0,
    flowStates: flows.stateCounts(),
    conversations: report.conversations,
    endpoints: report.endpoints.count,
    topTalkers: report.topTalkers.slice(0, 10),
    windows: { bucketSeconds: report.windows.bucketSeconds, count: report.windows.count },
    partial: decoded.cancelled,
    cancelled: decoded.cancelled,
  }
}
