/**
 * Reads a capture end to end: sniff the format, stream its records through the frame decoders into packet
 * batches, and keep the running totals a summary needs. Consumers added later (flows, windows, detectors)
 * receive the same batches. Pure engine code: runs in a Web Worker, in Vitest and in the CLI.
 */
import type { DecodeContext } from '../decode/context.ts'
import { decodeFrame } from '../decode/frame.ts'
import type { FlowModeName } from '../flows/flow-modes.ts'
import type { ConversationCounts } from './conversations.ts'
import { CaptureAnalysis } from './capture-analysis.ts'
import type { TopTalker } from './top-talkers.ts'
import type { ByteSource, InterfaceInfo, PacketSink } from '../formats/format.ts'
import { isAbort } from '../formats/format.ts'
import { openCapture } from '../formats/registry.ts'
import { AnomalyCounter } from '../model/anomalies.ts'
import { LAYER_NAMES, countLayers, layerCountsToRecord } from '../model/layers.ts'
import { PacketBatch } from '../model/packet-batch.ts'

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
class Totals {
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

/** Decodes each record into the current batch row and flushes full batches to the totals and consumers. */
class DecodingSink implements PacketSink {
  readonly batch = new PacketBatch()
  readonly totals = new Totals()

  constructor(
    private readonly ctx: DecodeContext,
    private readonly analysis: CaptureAnalysis,
    private readonly onBatch: AnalyzeOptions['onBatch'],
  ) {}

  packet(linkType: number, time: number, origLen: number, data: Uint8Array, start: number, capLen: number): void {
    const b = this.batch
    const row = b.count++
    b.clearRow(row)
    b.time[row] = time
    b.capLen[row] = capLen
    b.origLen[row] = origLen
    b.linkType[row] = linkType
    this.ctx.time = time
    decodeFrame(this.ctx, linkType, data, start, capLen, b, row)
    if (b.count === b.capacity) this.flush()
  }

  flush(): void {
    if (this.batch.count === 0) return
    this.totals.add(this.batch)
    this.analysis.consume(this.batch)
    this.onBatch?.(this.batch, this.ctx)
    this.batch.reset()
  }
}

/** Counts the raw bytes handed out by a source, so progress is measured in file bytes even through gzip. */
function countingSource(source: ByteSource, counter: { bytes: number }): ByteSource {
  return {
    name: source.name,
    size: source.size,
    head: (n) => source.head(n),
    async *slices(signal) {
      for await (const s of source.slices(signal)) {
        counter.bytes += s.length
        yield s
      }
    },
  }
}

/**
 * Analyses a capture. Rejects with FormatError when the input is not a capture nettwin reads; when the signal
 * aborts, resolves with the partial summary marked cancelled.
 */
export async function analyzeCapture(source: ByteSource, options: AnalyzeOptions = {}): Promise<CaptureSummary> {
  const counter = { bytes: 0 }
  const opened = await openCapture(countingSource(source, counter))
  const fileAnomalies = new AnomalyCounter()
  const analysis = options.analysis ?? new CaptureAnalysis({ flowMode: options.flowMode })
  const ctx = analysis.ctx
  const sink = new DecodingSink(ctx, analysis, options.onBatch)
  let readReport: Awaited<ReturnType<typeof opened.format.read>> | null = null
  let cancelled = false
  try {
    readReport = await opened.format.read(opened.source, sink, {
      signal: options.signal,
      anomalies: fileAnomalies,
      onProgress: (p) => {
        options.onProgress?.({ bytesRead: counter.bytes, totalBytes: source.size, packets: p.packets })
      },
    })
  } catch (e) {
    if (!isAbort(e)) throw e
    cancelled = true
  }
  sink.flush()
  // Hellos still waiting for segments when the input ends never completed.
  ctx.tls.finish(ctx.anomalies)
  const t = sink.totals
  const report = analysis.finish(t.packets > 0 ? t.end : null)
  const flows = analysis.flows
  const anomalies = new AnomalyCounter()
  anomalies.merge(fileAnomalies)
  anomalies.merge(ctx.anomalies)
  const linkTypes = readReport ? readReport.linkTypes : []
  return {
    fileName: source.name,
    format: opened.format.id,
    compression: opened.compression,
    linkTypes,
    packets: t.packets,
    capturedBytes: t.capturedBytes,
    bytes: t.bytes,
    start: t.packets > 0 ? t.start : null,
    end: t.packets > 0 ? t.end : null,
    duration: t.packets > 0 ? t.end - t.start : 0,
    protocols: layerCountsToRecord(t.layerCounts),
    ipConversations: ctx.ipPairs.size,
    anomalies: anomalies.toRecord(),
    truncated: readReport ? readReport.truncated : false,
    unsupportedLinkTypes: Object.fromEntries([...ctx.unsupportedLinkTypes].map(([k, v]) => [String(k), v])),
    interfaces: readReport ? readReport.interfaces : [],
    comments: readReport ? readReport.comments : [],
    timePrecision: readReport ? readReport.timePrecision : 'micro',
    flowMode: analysis.flowMode,
    flows: flows.count + flows.overflow.estimatedFlows,
    flowsEstimated: flows.overflow.estimatedFlows > 0,
    flowStates: flows.stateCounts(),
    conversations: report.conversations,
    endpoints: report.endpoints.count,
    topTalkers: report.topTalkers.slice(0, 10),
    windows: { bucketSeconds: report.windows.bucketSeconds, count: report.windows.count },
    partial: cancelled,
    cancelled,
  }
}
