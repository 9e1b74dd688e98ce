/**
 * ByteSource implementations that run anywhere (browser, worker, Node, Vitest): a Blob or File read slice by slice,
 * and an in-memory Uint8Array cut into slices of a chosen size (tests use every slice size down to one byte).
 */
import type { ByteSource } from './format.ts'
import { throwIfAborted } from './record-stream.ts'

/** 16 MiB: large enough that per-slice costs vanish, small enough to keep two slices in memory at once. */
export const DEFAULT_SLICE_SIZE = 16 * 1024 * 1024

function checkSliceSize(sliceSize: number): number {
  if (!Number.isInteger(sliceSize) || sliceSize < 1) throw new RangeError(`slice size must be a positive integer, got ${sliceSize}`)
  return sliceSize
}

/**
 * Reads a Blob (a File from an input or a drop) in slices with blob.slice(a, b).arrayBuffer(). The next slice is
 * requested while the current one is being parsed, so at most two slices are in memory; the whole file never is.
 */
export function blobSource(blob: Blob, name?: string, sliceSize = DEFAULT_SLICE_SIZE): ByteSource {
  checkSliceSize(sliceSize)
  const size = blob.size
  const read = async (from: number): Promise<Uint8Array> =>
    new Uint8Array(await blob.slice(from, Math.min(size, from + sliceSize)).arrayBuffer())
  return {
    name: name ?? ('name' in blob && typeof blob.name === 'string' ? blob.name : 'capture'),
    size,
    async head(n) {
      return new Uint8Array(await blob.slice(0, Math.min(size, Math.max(0, n))).arrayBuffer())
    },
    async *slices(signal) {
      let from = 0
      let next = size > 0 ? read(0) : null
      try {
        while (next !== null) {
          throwIfAborted(signal)
          const current = await next
          from += current.length
          // An empty read before the end means the blob shrank under us; stop rather than spin.
          next = from < size && current.length > 0 ? read(from) : null
          yield current
        }
      } finally {
        // A reader that stops early leaves one prefetch in flight; its failure must not go unhandled.
        next?.catch(() => undefined)
      }
    },
  }
}

/** An in-memory source; slices are views (no copy) of at most sliceSize bytes. */
export function bytesSource(bytes: Uint8Array, name = 'bytes', sliceSize = DEFAULT_SLICE_SIZE): ByteSource {
  checkSliceSize(sliceSize)
  return {
    name,
    size: bytes.length,
    async head(n) {
      return bytes.subarray(0, Math.max(0, n))
    },
    async *slices(signal) {
      for (let from = 0; from < bytes.length; from += sliceSize) {
        throwIfAborted(signal)
        yield bytes.subarray(from, Math.min(bytes.length, from + sliceSize))
      }
    },
  }
}
