/**
 * A ByteSource that lets the event loop run between its slices (at least every YIELD_EVERY_MS). In a worker a
 * cancel request only arrives as a message, and an analysis over bytes already in memory never gives the loop
 * a turn: awaiting a resolved promise is a microtask, not a task. A zero-delay timer is a task, so a pending
 * cancel is handled before the next slice, and the read stops within one slice of it.
 */
import type { ByteSource } from '../../formats/format.ts'

export const YIELD_EVERY_MS = 50

/** Resolves in a new task (after pending messages), not in the current microtask queue. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}

export function yieldingSource(inner: ByteSource, sliceBytes = 1 << 20): ByteSource {
  return {
    name: inner.name,
    size: inner.size,
    head: (n) => inner.head(n),
    ...(inner.endedEarly ? { endedEarly: () => inner.endedEarly?.() ?? false } : {}),
    async *slices(signal) {
      let last = Date.now()
      for await (const slice of inner.slices(signal)) {
        // Large in-memory chunks are handed on in pieces, so no single piece keeps the loop busy for long.
        for (let at = 0; at < slice.length; at += sliceBytes) {
          if (Date.now() - last >= YIELD_EVERY_MS) {
            await nextTask()
            last = Date.now()
          }
          if (signal?.aborted) throw new DOMException('aborted', 'AbortError')
          yield slice.subarray(at, Math.min(slice.length, at + sliceBytes))
        }
      }
    },
  }
}
