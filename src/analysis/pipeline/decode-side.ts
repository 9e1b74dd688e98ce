/**
 * The decoding thread of the pipeline (messages.ts): reads and decodes `source` exactly as analyzeCapture does
 * (decode-capture.ts) and posts each full batch to the owner, then the end of the read.
 *
 * Memory stays bounded: batches travel as transferred buffers that come back once counted, and before each
 * slice of input the decoder waits while `maxInFlight` batches are with the owner, so a slow owner slows the
 * read instead of letting batches pile up. (One slice holds at most a few batches, which bounds the overshoot.)
 */
import { DecodeContext } from '../../decode/context.ts'
import type { ByteSource } from '../../formats/format.ts'
import { PacketBatch } from '../../model/packet-batch.ts'
import { decodeCapture, type DecodeProgress } from '../decode-capture.ts'
import { errorToData, type DecoderMessage, type OwnerMessage, type PipelinePort } from './messages.ts'

export interface DecodeSideOptions {
  /** Batches the owner may hold before the read waits. Default 4. */
  readonly maxInFlight?: number
  /** Rows per batch. Default BATCH_CAPACITY. */
  readonly batchCapacity?: number
}

/** Decodes `source`, posting batches and finally 'end' (or 'error') through `port`. Never rejects. */
export async function runDecodeSide(source: ByteSource, port: PipelinePort<OwnerMessage, DecoderMessage>, options: DecodeSideOptions = {}): Promise<void> {
  const maxInFlight = Math.max(1, options.maxInFlight ?? 4)
  const ctx = new DecodeContext()
  const abort = new AbortController()
  const free: PacketBatch[] = []
  let inFlight = 0
  let wake: (() => void) | null = null
  port.listen((m) => {
    if (m.type === 'return') {
      inFlight--
      free.push(new PacketBatch(m.capacity, m.buffer))
    } else if (m.type === 'cancel') abort.abort()
    const w = wake
    wake = null
    w?.()
  })
  let progress: DecodeProgress = { bytesRead: 0, totalBytes: source.size, packets: 0 }
  let sentAddresses = 1
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
      (batch) => {
        const size = ctx.addresses.size
        const addresses = size > sentAddresses ? ctx.addresses.entriesFrom(sentAddresses) : null
        sentAddresses = size
        const transfer = [batch.buffer]
        if (addresses !== null) transfer.push(addresses.kinds.buffer, addresses.words.buffer)
        port.post(
          {
            type: 'batch', count: batch.count, capacity: batch.capacity, buffer: batch.buffer, facts: batch.facts, addresses,
            bytesRead: progress.bytesRead, totalBytes: progress.totalBytes, packets: progress.packets,
          },
          transfer,
        )
        inFlight++
        const next = free.pop() ?? new PacketBatch(batch.capacity)
        next.reset()
        return next
      },
      { signal: abort.signal, onProgress: (p) => (progress = p), batch: new PacketBatch(options.batchCapacity) },
    )
    port.post({ type: 'end', result }, [])
  } catch (e) {
    port.post({ type: 'error', error: errorToData(e) }, [])
  }
}
