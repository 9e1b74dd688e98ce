/**
 * The two-thread analysis pipeline: one thread reads and decodes (decode-side.ts), the thread that owns the
 * analysis counts the statistics (owner-side.ts). The flows can be assembled on either side
 * (DecodeSideOptions.assembleFlows); the CLI assembles them on the decoding side, which balances the threads
 * best, and the owner then keeps each batch's application facts for the flows as the batches arrive
 * (CaptureAnalysis.consumeStatistics) and takes the finished flow table, without its facts, over at the end.
 * This file is the contract between the two: the messages, the port they travel through, and how a thrown
 * error crosses.
 *
 * A batch crosses as its one column buffer (PacketBatch.buffer), copied by the structured clone (one memcpy
 * of under a megabyte per 8,192 packets), not transferred and not shared (no SharedArrayBuffer, so no
 * cross-origin isolation is needed in a browser). Why not transfer: detaching any ArrayBuffer, which a
 * transfer does to the sender's copy, invalidates V8's "array buffer detaching" protector for the whole
 * isolate, and from then on every optimised typed-array access carries a detached-buffer check; measured on a
 * typed-array loop that costs ~45% more CPU, and the decoders and counters are such loops on both threads.
 * The copy costs ~0.1 ms per batch. So the decoder keeps its batch and refills it, and the owner acknowledges
 * each counted batch ('counted'), which is what bounds the batches in flight. Address table entries the decoder
 * added since its previous batch travel with each batch, so ids mean the same addresses on both sides.
 * Application facts, the rare objects, are structured-cloned. Only the finished flow table at the very end
 * travels transferred (its sender is done then). The same messages work over worker_threads (the CLI) and Web
 * Workers (the page).
 */
import { FormatError, type FormatErrorCode } from '../../formats/format.ts'
import type { FinishedFlows } from '../../flows/flow-transfer.ts'
import type { AddressEntries } from '../../model/address-table.ts'
import type { AppFact } from '../../model/app-facts.ts'
import type { DecodeResult } from '../decode-capture.ts'

/** The decoding side to the owner. */
export type DecoderMessage =
  | {
      readonly type: 'batch'
      readonly count: number
      readonly capacity: number
      readonly buffer: ArrayBuffer
      /**
       * Int32Array buffer (at least `count` rows): the flow id of each row (-1: no flow) from the decoding side's
       * flow table; null when the owner assembles the flows.
       */
      readonly flowIds: ArrayBuffer | null
      readonly facts: AppFact[]
      /** Address table entries added since the previous batch, or null when there are none. */
      readonly addresses: AddressEntries | null
      /** Progress of the read when the batch filled. */
      readonly bytesRead: number
      readonly totalBytes: number | null
      readonly packets: number
    }
  /**
   * `flows`: the decoding side's finished flow table (null when the owner assembles the flows);
   * `ipPairsEstimated`: whether result.ipConversations is an estimate (the pair set is on the decoding side).
   */
  | { readonly type: 'end'; readonly result: DecodeResult; readonly ipPairsEstimated: boolean; readonly flows: FinishedFlows | null }
  | { readonly type: 'error'; readonly error: PipelineError }

/** The owner to the decoding side. */
export type OwnerMessage =
  /** The owner has counted one more batch (the decoder may have `maxInFlight` uncounted batches out). */
  | { readonly type: 'counted' }
  | { readonly type: 'cancel' }

/** A thrown error as plain data: a FormatError keeps its code and offset, a system error its errno code. */
export type PipelineError =
  | { readonly kind: 'format'; readonly code: string; readonly message: string; readonly offset: number }
  | { readonly kind: 'error'; readonly name: string; readonly message: string; readonly code: string | null; readonly stack: string }

/** One end of the channel between the threads (a worker_threads port, a Web Worker, or an in-memory pair). */
export interface PipelinePort<In, Out> {
  post(message: Out, transfer: ArrayBuffer[]): void
  /** Calls the handler with every message that arrives, in order. */
  listen(handler: (message: In) => void): void
}

/** An error thrown on one side, as data for the other. */
export function errorToData(e: unknown): PipelineError {
  if (e instanceof FormatError) return { kind: 'format', code: e.code, message: e.message, offset: e.offset }
  const err = e instanceof Error ? e : new Error(String(e))
  const code = (err as { code?: unknown }).code
  return { kind: 'error', name: err.name, message: err.message, code: typeof code === 'string' ? code : null, stack: err.stack ?? '' }
}

/** The error errorToData described, rebuilt (a FormatError again, or an Error with the same name and code). */
export function errorFromData(d: PipelineError): Error {
  if (d.kind === 'format') return new FormatError(d.code as FormatErrorCode, d.message, d.offset)
  const err = new Error(d.message) as Error & { code?: string }
  err.name = d.name
  if (d.code !== null) err.code = d.code
  err.stack = d.stack
  return err
}
