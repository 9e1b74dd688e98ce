/**
 * The decoding thread of the pipeline (messages.ts): reads and decodes `source` exactly as analyzeCapture does
 * (decode-capture.ts) and posts each full batch to the owner, then the end of the read. With `assembleFlows` it
 * also counts every batch into its own flow table and sends each batch's flow ids along; at the end it
 * finishes the table as analyzeCapture would (at the last packet's time) and posts it whole.
 *
 * Batches (and their flow-id arrays) cross as copies (messages.ts says why not as transfers), so this side
 * refills one batch. Memory stays bounded: the owner acknowledges each batch it has counted, and before each
 * slice of input the decoder waits while `maxInFlight` batches are unacknowledged, so a slow owner slows the
 * read instead of letting batches pile up. (One slice holds at most a few batches, which bounds the
 * overshoot.) The flow table grows with flows, as it does in one thread.
 */
import { DecodeContext } from '../../decode/context.ts'
import { DEFAULT_MAX_FLOWS, createFlowTable } from '../../flows/flow-table.ts'
import { finishedFlowsTransfer } from '../../flows/flow-transfer.ts'
import { DEFAULT_FLOW_MODE, type FlowModeName } from '../../flows/flow-modes.ts'
import type { ByteSource } from '../../formats/format.ts'
import { PacketBatch } from '../../model/packet-batch.ts'
import { decodeCapture, type DecodeProgress } from '../decode-capture.ts'
import { errorToData, type DecoderMessage, type OwnerMessage, type PipelinePort } from './messages.ts'

export interface DecodeSideOptions {
  /** Batches the owner may hold before the read waits. Default 4. */
  readonly maxInFlight?: number
  /** Rows per batch. Default BATCH_CAPACITY. */
  readonly batchCapacity?: number
  /** Assemble the flows here rather than on the owner (messages.ts says when that balances the threads). */
  readonly assembleFlows?: boolean
  /** Flow semantics and cap: must be the owner's CaptureAnalysis settings (the owner checks). Defaults as there. */
  readonly flowMode?: FlowModeName
  readonly maxFlows?: number
}

/** Decodes `source`, posting batches and finally 'end' (or 'error') through `port`. Never rejects. */
export async function runDecodeSide(source: ByteSource, port: PipelinePort<OwnerMessage, DecoderMessage>, options: DecodeSideOptions = {}): Promise<void> {
  const maxInFlight = Math.max(1, options.maxInFlight ?? 4)
  const ctx = new DecodeContext()
  const flows = options.assembleFlows === true ? createFlowTable(options.flowMode ?? DEFAULT_FLOW_MODE, { maxFlows: options.maxFlows ?? DEFAULT_MAX_FLOWS, keepFacts: false }) : null
  const abort = new AbortController()
  const batch = new PacketBatch(options.batchCapacity)
  const ids = new Int32Array(flows === null ? 0 : batch.capacity)
  let inFlight = 0
  let wake: (() => void) | null = null
  port.listen((m) => {
    if (m.type === 'counted') inFlight--
    else if (m.type === 'cancel') abort.abort()
    const w = wake
    wake = null
    w?.()
  })
  let progress: DecodeProgress = { bytesRead: 0, totalBytes: source.size, packets: 0 }
  let sentAddresses = 1
  // What analyzeCapture's Totals know of the time, to end the flows at the same moment (CaptureAnalysis.finish).
  let packets = 0
  let lastTime = -Infinity
  /** Counts the batch into the flow table, writing the flow id of each row into `ids`. */
  const countFlows = (b: PacketBatch): void => {
    flows?.consume(b, ctx, ids)
    const time = b.time
    for (let i = 0; i < b.count; i++) if (time[i] > lastTime) lastTime = time[i]
    packets += b.count
  }
  const gated: ByteSource = {
    name: source.name,
    size: source.size,
    head: (n) => source.head(n),
    async *slices(signal) {
      for await (const s of source.slices(signal)) {
        while (inFlight >= maxInFlight && !abort.signal.aborted) await new Promise<void>((r) => (wake = r))
        yield s
      }
    },
  }
  try {
    const result = await decodeCapture(
      gated,
      ctx,
      (full) => {
        if (flows !== null) countFlows(full)
        const size = ctx.addresses.size
        const addresses = size > sentAddresses ? ctx.addresses.entriesFrom(sentAddresses) : null
        sentAddresses = size
        // Nothing is transferred (messages.ts): the clone copies the buffers, and this side refills its batch.
        port.post(
          {
            type: 'batch', count: full.count, capacity: full.capacity, buffer: full.buffer, flowIds: flows === null ? null : ids.buffer, facts: full.facts, addresses,
            bytesRead: progress.bytesRead, totalBytes: progress.totalBytes, packets: progress.packets,
          },
          [],
        )
        inFlight++
        full.reset()
        return full
      },
      { signal: abort.signal, onProgress: (p) => (progress = p), batch },
    )
    const ipPairsEstimated = ctx.ipPairs.estimated
    if (flows === null) port.post({ type: 'end', result, ipPairsEstimated, flows: null }, [])
    else {
      if (packets > 0) flows.finish(lastTime)
      else flows.finish()
      // Without fact objects (the table kept none): the owner collected them from the batches it was sent
      // (CaptureAnalysis.consumeStatistics), so they neither stay alive here nor get cloned at the end.
      const finished = flows.exportFinished(false)
      port.post({ type: 'end', result, ipPairsEstimated, flows: finished }, finishedFlowsTransfer(finished))
    }
  } catch (e) {
    port.post({ type: 'error', error: errorToData(e) }, [])
  }
}
