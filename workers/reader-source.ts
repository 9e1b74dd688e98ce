/**
 * The engine worker's ByteSource over a File, read by a reader worker of its own (reader.worker.ts; why:
 * file-reading.ts). Slices arrive as transferred buffers, at most `ahead` of them ahead of the parser; each is
 * acknowledged when the parser asks for the next one. The buffers are never sent back: sending would detach
 * them in this thread, and decoding after any detach runs slower (engine.worker.ts says so for queries).
 *
 * Where no reader worker can be started (no Worker in worker scope, or it fails before its first slice), the
 * file is read here as before (sources.ts blobSource), slower but the same bytes.
 */
import type { ByteSource } from '../src/formats/format.ts'
import { throwIfAborted } from '../src/formats/record-stream.ts'
import { blobSource } from '../src/formats/sources.ts'
import type { ReadRequest, ReaderAck, ReaderMessage } from './file-reading.ts'

/** The side of a reader worker the engine uses (a Worker, or a stand-in in tests). */
export interface ReaderPort {
  onmessage: ((event: { readonly data: ReaderMessage }) => void) | null
  onerror: ((event: unknown) => void) | null
  postMessage(message: ReadRequest | ReaderAck): void
  terminate(): void
}

/** Slices the reader may have read before the parser asks for them. */
export const READ_AHEAD = 3

/** A worker that failed to start (script error, refused) rather than a read that failed. */
class ReaderUnavailable extends Error {}

export function readerSource(file: Blob, name: string, sliceBytes: number, start: () => ReaderPort | null, ahead = READ_AHEAD): ByteSource {
  const inThread = blobSource(file, name, sliceBytes)
  return {
    name,
    size: file.size,
    head: (n) => inThread.head(n),
    async *slices(signal) {
      throwIfAborted(signal)
      let port: ReaderPort | null = null
      try {
        port = start()
      } catch {
        port = null
      }
      if (port === null || file.size === 0) {
        port?.terminate()
        yield* inThread.slices(signal)
        return
      }
      const queue: (ReaderMessage | ReaderUnavailable)[] = []
      let wake: (() => void) | null = null
      const arrive = (m: ReaderMessage | ReaderUnavailable): void => {
        queue.push(m)
        const w = wake
        wake = null
        w?.()
      }
      port.onmessage = (event) => arrive(event.data)
      port.onerror = () => arrive(new ReaderUnavailable('the reader worker stopped'))
      const onAbort = (): void => {
        const w = wake
        wake = null
        w?.()
      }
      signal?.addEventListener('abort', onAbort)
      let received = 0
      try {
        port.postMessage({ file, sliceBytes, ahead })
        for (;;) {
          while (queue.length === 0) {
            throwIfAborted(signal)
            await new Promise<void>((resolve) => {
              wake = resolve
            })
          }
          throwIfAborted(signal)
          const m = queue.shift() as ReaderMessage | ReaderUnavailable
          if (m instanceof ReaderUnavailable) {
            // Nothing delivered yet: read in this thread instead. Midway, the bytes already parsed cannot be
            // taken back, so the read fails as a browser read error would.
            if (received === 0) {
              port.terminate()
              port = null
              yield* inThread.slices(signal)
              return
            }
            throw new DOMException(`${name} could not be read to the end: ${m.message}`, 'NotReadableError')
          }
          if (m.kind === 'end') return
          if (m.kind === 'error') throw new DOMException(m.message, m.name)
          received++
          yield new Uint8Array(m.buffer, 0, Math.min(m.length, m.buffer.byteLength))
          // The parser asked for the next slice: the one it had is done with, so the reader may read another.
          port.postMessage({ kind: 'ack' })
        }
      } finally {
        signal?.removeEventListener('abort', onAbort)
        port?.terminate()
      }
    },
  }
}
