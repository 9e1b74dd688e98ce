import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Credits, readSlices } from './file-reading.ts'

/** A Blob whose stream() is a byte stream handing out chunks of `chunk` bytes (as a browser's may). */
function byteStreamBlob(bytes: Uint8Array<ArrayBuffer>, chunk: number): Blob {
  const blob = new Blob([bytes])
  return Object.assign(blob, {
    stream: () => {
      let at = 0
      return new ReadableStream({
        type: 'bytes',
        pull(controller) {
          const req = controller.byobRequest
          if (at >= bytes.length) {
            controller.close()
            req?.respond(0)
            return
          }
          const n = Math.min(chunk, bytes.length - at, req?.view?.byteLength ?? chunk)
          if (req?.view) {
            new Uint8Array(req.view.buffer, req.view.byteOffset, n).set(bytes.subarray(at, at + n))
            req.respond(n)
          } else controller.enqueue(bytes.slice(at, at + n))
          at += n
        },
      })
    },
  })
}

/** A Blob whose stream() cannot give a BYOB reader: the reader falls back to slice().arrayBuffer(). */
function plainBlob(bytes: Uint8Array<ArrayBuffer>): Blob {
  const blob = new Blob([bytes])
  return Object.assign(blob, { stream: () => new ReadableStream({ start: (c) => c.close() }) })
}

async function readAll(file: Blob, sliceBytes: number, ahead: number): Promise<{ bytes: Uint8Array; sizes: number[]; maxOut: number }> {
  const parts: Uint8Array[] = []
  const credits = new Credits()
  let out = 0
  let maxOut = 0
  const done = readSlices(
    { file, sliceBytes, ahead },
    (buffer, length) => {
      out++
      maxOut = Math.max(maxOut, out)
      parts.push(new Uint8Array(buffer, 0, length))
    },
    () => credits.next(),
  )
  // The engine's side: acknowledges each slice a little later, as a parser would.
  let finished = false
  void done.finally(() => (finished = true))
  while (!finished || out > 0) {
    await new Promise((r) => setTimeout(r, 0))
    if (out > 0) {
      out--
      credits.grant()
    }
  }
  await done
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    bytes.set(p, at)
    at += p.length
  }
  return { bytes, sizes: parts.map((p) => p.length), maxOut }
}

describe('readSlices', () => {
  it('gives the file back byte for byte in full slices, from a byte stream and from slice reads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 5000 }), fc.integer({ min: 1, max: 700 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 4 }), async (data, sliceBytes, chunk, ahead) => {
        for (const file of [byteStreamBlob(data, chunk), plainBlob(data)]) {
          const { bytes, sizes, maxOut } = await readAll(file, sliceBytes, ahead)
          expect(bytes).toEqual(data)
          // Every slice is full but the last, and never more than `ahead` wait unacknowledged.
          for (let i = 0; i + 1 < sizes.length; i++) expect(sizes[i]).toBe(sliceBytes)
          expect(maxOut).toBeLessThanOrEqual(ahead)
        }
      }),
      { numRuns: 60 },
    )
  })

  it('reads an empty file as no slices', async () => {
    expect((await readAll(byteStreamBlob(new Uint8Array(0), 10), 8, 2)).sizes).toEqual([])
    expect((await readAll(plainBlob(new Uint8Array(0)), 8, 2)).sizes).toEqual([])
  })

  it('passes a read error on', async () => {
    const file = Object.assign(new Blob([new Uint8Array(100)]), {
      stream: () => new ReadableStream({ type: 'bytes', pull: (c) => c.error(new DOMException('gone', 'NotReadableError')) }),
    })
    await expect(readSlices({ file, sliceBytes: 10, ahead: 2 }, () => undefined, () => Promise.resolve())).rejects.toMatchObject({ name: 'NotReadableError' })
  })
})
