/**
 * A ByteSource over a file on disk for the Node command line. The file is read in 1 MiB slices through
 * fs/promises FileHandle.read, never whole. A ring of READ_AHEAD + 1 buffers: while the reader parses one
 * slice, the next READ_AHEAD are already being read into the others (ByteSource allows a slice to be reused
 * once the next is requested). One read ahead was enough on an idle machine, but when other processes hold
 * the cores the thread that copies the file in is not always scheduled in time, and the parser waited for it
 * (about 7% of the wall time in a profile); three reads in flight absorb those gaps for 3 MiB more memory.
 * Slices this small are still in the CPU cache when they are parsed right after the read that filled them;
 * 16 MiB slices were not, and parsing stalled on memory (measured: about twice the CPU time per record, and
 * 30 MB more resident memory). A thousand reads per GB cost next to nothing.
 */
import { open, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { ByteSource } from '../formats/format.ts'

export const SLICE_BYTES = 1024 * 1024
/** Reads in flight beyond the slice being parsed. */
export const READ_AHEAD = 3

/** Thrown for an input that is not a regular file (a directory, a device). */
export class NotAFileError extends Error {
  constructor(readonly path: string) {
    super('not a regular file')
    this.name = 'NotAFileError'
  }
}

function abortError(): Error {
  return new DOMException('The read was cancelled', 'AbortError')
}

/** Fills buf from the file at `position`; returns the bytes read (fewer only at end of file). */
async function readFully(fh: import('node:fs/promises').FileHandle, buf: Uint8Array, position: number): Promise<number> {
  let filled = 0
  // Each read either fills more of the buffer or reports end of file, so the loop ends.
  while (filled < buf.length) {
    const { bytesRead } = await fh.read(buf, filled, buf.length - filled, position + filled)
    if (bytesRead === 0) break
    filled += bytesRead
  }
  return filled
}

export class NodeFileSource implements ByteSource {
  private constructor(
    readonly path: string,
    readonly name: string,
    readonly size: number,
    private readonly sliceBytes: number,
  ) {}

  /** Checks that the path is a readable regular file (rejects with the fs error otherwise). */
  static async open(path: string, sliceBytes = SLICE_BYTES): Promise<NodeFileSource> {
    const st = await stat(path)
    if (!st.isFile()) throw new NotAFileError(path)
    const fh = await open(path, 'r') // fails early on a permission problem
    await fh.close()
    return new NodeFileSource(path, basename(path), st.size, Math.max(1, sliceBytes))
  }

  async head(n: number): Promise<Uint8Array> {
    const want = Math.max(0, Math.min(n, this.size, this.sliceBytes))
    const fh = await open(this.path, 'r')
    try {
      const buf = new Uint8Array(want)
      const got = await readFully(fh, buf, 0)
      return buf.subarray(0, got)
    } finally {
      await fh.close()
    }
  }

  async *slices(signal?: AbortSignal): AsyncIterable<Uint8Array> {
    const fh = await open(this.path, 'r')
    // Never allocate more than the file holds (a small file gets one small buffer).
    const bytes = Math.max(1, Math.min(this.sliceBytes, this.size))
    const ring = Math.max(1, Math.min(READ_AHEAD + 1, Math.ceil(this.size / bytes)))
    const buffers: Uint8Array[] = []
    for (let i = 0; i < ring; i++) buffers.push(new Uint8Array(bytes))
    // pending[i] fills buffers[i]; slices come out in ring order, so reads complete into the right slots.
    const pending: Promise<number>[] = buffers.map(() => Promise.resolve(0))
    let position = 0
    // Issues the read of the next slice into buffers[i] (reads past the end of the file just return 0).
    const issue = (i: number): void => {
      const read = readFully(fh, buffers[i], position)
      // Marked as handled now: a read that fails while an earlier slice is awaited must not count as an
      // unhandled rejection; its error still surfaces when its turn comes (await pending[i]).
      read.catch(() => 0)
      pending[i] = read
      position += bytes
    }
    try {
      for (let i = 0; i < ring; i++) issue(i)
      // Each pass yields one slice or ends; the file is finite and a short read ends the loop.
      for (let which = 0; ; which = (which + 1) % ring) {
        const got = await pending[which]
        if (signal?.aborted) throw abortError()
        if (got === 0) return
        const current = buffers[which]
        yield current.subarray(0, got)
        // A short read was the end of the file: nothing follows it.
        if (got < current.length) return
        // The consumer asked for the next slice, so this buffer is free: read ahead into it.
        issue(which)
      }
    } finally {
      // A consumer that stops early (or the end of the file) leaves reads in flight: let them settle before
      // closing the handle.
      for (const p of pending) await p.catch(() => 0)
      await fh.close()
    }
  }
}
