/** Test helpers: decode crafted frames with the real frame decoder and collect the batch rows and facts. */
import { DecodeContext } from '../../decode/context.ts'
import type { AppFact } from '../../model/app-facts.ts'
import { PacketBatch } from '../../model/packet-batch.ts'
import { BatchFrameSink } from './batch-sink.ts'

export interface Decoded {
  readonly batch: PacketBatch
  readonly facts: AppFact[]
  readonly ctx: DecodeContext
}

/** A sink that decodes into one batch (fewer than BATCH_CAPACITY frames) and keeps it for inspection. */
export function decodingSink(): { sink: BatchFrameSink; result: () => Decoded } {
  const ctx = new DecodeContext()
  const batch = new PacketBatch()
  const facts: AppFact[] = []
  let kept = batch
  const sink = new BatchFrameSink(ctx, (b) => {
    kept = b
    facts.push(...b.facts)
    return new PacketBatch()
  }, batch)
  return {
    sink,
    result: () => {
      sink.close()
      return { batch: kept, facts, ctx }
    },
  }
}
