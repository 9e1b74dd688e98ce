/**
 * How the reader worker (reader.worker.ts) reads a File: slice after slice into fresh buffers that it hands
 * over whole, each `sliceBytes` long but the last.
 *
 * Why a worker of its own: in Chromium a Blob read (`blob.slice().arrayBuffer()`, or a stream) makes progress
 * only when the thread that asked for it returns to its event loop, as the data arrives in small pieces, each
 * handled by a task on that thread. The engine worker parses a slice in one long synchronous run, so its
 * read-ahead stood still while it parsed: reading a 1 GB capture in 4 MiB slices while burning 40 ms per slice
 * took 5-6 s longer than the burning alone on the 2-core test machine, against about 1 s with the reads in
 * another worker. Reading from a byte stream into our own buffer (a BYOB reader) is also several times faster
 * than one `arrayBuffer()` per slice (1.3 s against 4.6 s for 1 GB there), so that is used where the browser
 * offers it. Its reads detach the buffer they fill, which is harmless here: detaching a buffer slows every
 * later typed-array access in the same thread, and this thread does nothing else.
 *
 * Written against small interfaces (not the DOM's Worker) so that Vitest runs it on Node's Blob.
 */

/** What the reader worker is asked to do. */
export interface ReadRequest {
  readonly file: Blob
  readonly sliceBytes: number
  /** Slices the engine may hold unacknowledged before the reader waits. */
  readonly ahead: number
}

/** From the reader to the engine. */
export type ReaderMessage =
  | { readonly kind: 'slice'; readonly buffer: ArrayBuffer; readonly length: number }
  | { readonly kind: 'end' }
  | { readonly kind: 'error'; readonly name: string; readonly message: string }

/** From the engine to the reader: one more slice has been parsed. */
export interface ReaderAck {
  readonly kind: 'ack'
}

/** Fills `buffer` from a BYOB reader; returns the bytes filled (fewer only at the end) and the buffer to use next. */
async function fillFromStream(reader: ReadableStreamBYOBReader, buffer: ArrayBuffer): Promise<{ buffer: ArrayBuffer; filled: number; done: boolean }> {
  let filled = 0
  const size = buffer.byteLength
  // Each read fills more of the buffer or reports the end of the stream, so the loop ends.
  while (filled < size) {
    const { value, done } = await reader.read(new Uint8Array(buffer, filled, size - filled))
    // A read detaches the view's buffer and answers with the same memory as a new one.
    if (value !== undefined) buffer = value.buffer as ArrayBuffer
    if (done) return { buffer, filled, done: true }
    filled += value.byteLength
  }
  return { buffer, filled, done: false }
}

/** A BYOB reader over the blob's bytes, or null where the browser's Blob stream is not a byte stream. */
function byobReader(file: Blob): ReadableStreamBYOBReader | null {
  try {
    return typeof file.stream === 'function' ? file.stream().getReader({ mode: 'byob' }) : null
  } catch {
    return null
  }
}

/**
 * Reads `request.file` and hands each slice to `send` (whose buffer it gives up), waiting on `credit` whenever
 * `ahead` slices are out. Resolves after the last slice; rejects with the browser's read error.
 */
export async function readSlices(request: ReadRequest, send: (buffer: ArrayBuffer, length: number) => void, credit: () => Promise<void>): Promise<void> {
  const sliceBytes = Math.max(1, Math.floor(request.sliceBytes))
  const size = request.file.size
  let out = 0
  const hand = async (buffer: ArrayBuffer, length: number): Promise<void> => {
    // At most `ahead` slices wait in the engine: a slow parse slows the read instead of filling memory.
    while (out >= Math.max(1, request.ahead)) {
      await credit()
      out--
    }
    out++
    send(buffer, length)
  }
  const reader = byobReader(request.file)
  if (reader !== null) {
    try {
      // Never a buffer larger than what is left to read (a small file gets one small buffer).
      for (let from = 0; ; ) {
        const want = Math.max(1, Math.min(sliceBytes, size - from))
        const { buffer, filled, done } = await fillFromStream(reader, new ArrayBuffer(want))
        if (filled > 0) await hand(buffer, filled)
        from += filled
        if (done || filled < want) return
      }
    } finally {
      reader.releaseLock()
    }
  }
  for (let from = 0; from < size; ) {
    const buffer = await request.file.slice(from, Math.min(size, from + sliceBytes)).arrayBuffer()
    // An empty read before the end means the file shrank under us: stop rather than spin.
    if (buffer.byteLength === 0) return
    await hand(buffer, buffer.byteLength)
    from += buffer.byteLength
  }
}

/** Credits as a queue of promises: `grant` after each acknowledgement, `next` where the reader waits. */
export class Credits {
  private granted = 0
  private waiting: (() => void) | null = null

  grant(): void {
    const wake = this.waiting
    if (wake !== null) {
      this.waiting = null
      wake()
    } else this.granted++
  }

  next(): Promise<void> {
    if (this.granted > 0) {
      this.granted--
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      this.waiting = resolve
    })
  }
}
