import { describe, expect, it } from 'vitest'
import { Credits, readSlices, type ReadRequest, type ReaderAck, type ReaderMessage } from './file-reading.ts'
import { readerSource, type ReaderPort } from './reader-source.ts'

/** A reader worker in this thread: the same reading loop behind the same messages, delivered as tasks. */
class InThreadReader implements ReaderPort {
  onmessage: ((event: { readonly data: ReaderMessage }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  terminated = false
  outstanding = 0
  maxOutstanding = 0
  private readonly credits = new Credits()

  constructor(private readonly failAfter = Infinity) {}

  postMessage(message: ReadRequest | ReaderAck): void {
    if ('kind' in message) {
      this.outstanding--
      this.credits.grant()
      return
    }
    let sent = 0
    const deliver = (data: ReaderMessage): void => void setTimeout(() => this.terminated || this.onmessage?.({ data }), 0)
    readSlices(
      message,
      (buffer, length) => {
        if (sent++ >= this.failAfter) throw new DOMException('the file changed', 'NotReadableError')
        this.outstanding++
        this.maxOutstanding = Math.max(this.maxOutstanding, this.outstanding)
        deliver({ kind: 'slice', buffer, length })
      },
      () => this.credits.next(),
    ).then(
      () => deliver({ kind: 'end' }),
      (e: DOMException) => deliver({ kind: 'error', name: e.name, message: e.message }),
    )
  }

  terminate(): void {
    this.terminated = true
  }
}

const data = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 251)

async function collect(slices: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: number[] = []
  for await (const s of slices) parts.push(...s)
  return Uint8Array.from(parts)
}

describe('readerSource', () => {
  it('delivers the file through the reader, at most `ahead` slices ahead, and ends the reader', async () => {
    const reader = new InThreadReader()
    const source = readerSource(new Blob([data]), 'f.pcap', 1000, () => reader, 2)
    expect(await collect(source.slices())).toEqual(data)
    expect(reader.maxOutstanding).toBeLessThanOrEqual(2)
    expect(reader.terminated).toBe(true)
    expect(await source.head(5)).toEqual(data.subarray(0, 5))
  })

  it('reads in its own thread when no reader can be started, or the reader dies before its first slice', async () => {
    expect(await collect(readerSource(new Blob([data]), 'f', 999, () => null).slices())).toEqual(data)
    const dead: ReaderPort = {
      onmessage: null,
      onerror: null,
      postMessage() {
        setTimeout(() => dead.onerror?.(new Event('error')), 0)
      },
      terminate() {},
    }
    expect(await collect(readerSource(new Blob([data]), 'f', 999, () => dead).slices())).toEqual(data)
  })

  it('passes a read error on as the browser names it, and a cancel as AbortError', async () => {
    const failing = readerSource(new Blob([data]), 'f', 1000, () => new InThreadReader(3))
    await expect(collect(failing.slices())).rejects.toMatchObject({ name: 'NotReadableError' })
    const controller = new AbortController()
    const reader = new InThreadReader()
    const source = readerSource(new Blob([data]), 'f', 1000, () => reader)
    let got = 0
    await expect(
      (async () => {
        for await (const s of source.slices(controller.signal)) {
          got += s.length
          controller.abort()
        }
      })(),
    ).rejects.toMatchObject({ name: 'AbortError' })
    expect(got).toBe(1000)
    expect(reader.terminated).toBe(true)
  })
})
