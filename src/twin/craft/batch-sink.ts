/**
 * A FrameSink that decodes each frame straight into packet batches, the same way a file reader's sink does
 * (analysis/decode-capture.ts), so the twin's traffic runs through the unchanged pipeline without a file.
 */
import type { CaptureAnalysis } from '../../analysis/capture-analysis.ts'
import type { BatchHandler } from '../../analysis/decode-capture.ts'
import type { DecodeContext } from '../../decode/context.ts'
import { decodeFrame } from '../../decode/frame.ts'
import { PacketBatch } from '../../model/packet-batch.ts'
import type { ClosableFrameSink } from './frame-sink.ts'
import { LINKTYPE_ETHERNET } from './pcap-sink.ts'

export class BatchFrameSink implements ClosableFrameSink {
  packets = 0
  bytes = 0
  /** Time of the last frame, seconds. */
  lastTime = 0

  constructor(
    private readonly ctx: DecodeContext,
    private readonly handler: BatchHandler,
    private batch: PacketBatch = new PacketBatch(),
  ) {}

  frame(timeUs: number, data: Uint8Array, length: number): void {
    const b = this.batch
    const row = b.count++
    const time = timeUs / 1e6
    b.clearRow(row)
    b.time[row] = time
    b.capLen[row] = length
    b.origLen[row] = length
    b.linkType[row] = LINKTYPE_ETHERNET
    this.ctx.time = time
    decodeFrame(this.ctx, LINKTYPE_ETHERNET, data, 0, length, b, row)
    this.packets++
    this.bytes += length
    this.lastTime = time
    if (b.count === b.capacity) this.batch = this.handler(b)
  }

  /** Hands on the last partial batch and completes pending TLS reassembly, as the end of a file would. */
  close(): void {
    if (this.batch.count > 0) this.batch = this.handler(this.batch)
    this.ctx.tls.finish(this.ctx.anomalies)
  }
}

/** A sink that feeds a CaptureAnalysis; call close() and then analysis.finish(sink.lastTime). */
export function analysisFrameSink(analysis: CaptureAnalysis): BatchFrameSink {
  return new BatchFrameSink(analysis.ctx, (batch) => {
    analysis.consume(batch)
    batch.reset()
    return batch
  })
}
