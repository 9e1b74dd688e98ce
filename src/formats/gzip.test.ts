import { describe, expect, it } from 'vitest'
import type { ByteSource } from './format.ts'
import { FormatError, isAbort } from './format.ts'
import { gunzipSource, isGzip } from './gzip.ts'
import { concat, equalBytes, frame } from './read-test-utils.ts'
import { bytesSource } from './sources.ts'

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

async function drain(src: ByteSource, signal?: AbortSignal): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const s of src.slices(signal)) parts.push(s.slice())
  return concat(...parts)
}

describe('gunzipSource', () => {
  it('recognises the gzip magic', () => {
    expect(isGzip(Uint8Array.of(0x1f, 0x8b, 8))).toBe(true)
    expect(isGzip(Uint8Array.of(0x1f))).toBe(false)
  })

  it('streams the decompressed bytes for any input slice size', async () => {
    const plain = frame(300_000, 3)
    const packed = await gzip(plain)
    for (const size of [7, 4096, 1 << 20]) {
      const src = gunzipSource(bytesSource(packed, 'trace.pcap.gz', size))
      expect(src.name).toBe('trace.pcap')
      expect(src.size).toBeNull()
      expect(equalBytes(await drain(src), plain)).toBe(true)
    }
  })

  it('joins the members of a multi-member gzip file', async () => {
    const a = frame(1000, 1)
    const b = frame(2000, 2)
    const packed = concat(await gzip(a), await gzip(b))
    expect(equalBytes(await drain(gunzipSource(bytesSource(packed, 'x', 333))), concat(a, b))).toBe(true)
  })

  it('gives the decompressed head from a prefix of the compressed input only', async () => {
    const plain = frame(1_000_000, 5)
    const packed = await gzip(plain)
    const asked: number[] = []
    const inner = bytesSource(packed, 'x')
    const spy: ByteSource = {
      ...inner,
      head: (n) => {
        asked.push(n)
        return inner.head(n)
      },
      slices: () => {
        throw new Error('head() must not read the whole stream')
      },
    }
    const head = await gunzipSource(spy).head(64)
    expect(head).toEqual(plain.subarray(0, 64))
    expect(Math.max(...asked)).toBeLessThanOrEqual(64 * 1024)
  })

  it('ends quietly where a cut stream stops, after giving what could be decompressed', async () => {
    const plain = frame(200_000, 7)
    const packed = await gzip(plain)
    const out = await drain(gunzipSource(bytesSource(packed.subarray(0, packed.length >> 1), 'x', 1000)))
    expect(out.length).toBeGreaterThan(0)
    expect(out.length).toBeLessThan(plain.length)
    expect(equalBytes(out, plain.subarray(0, out.length))).toBe(true)
  })

  it('rejects with bad-gzip when nothing can be decompressed', async () => {
    const junk = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
    const src = gunzipSource(bytesSource(junk, 'bad.gz'))
    await expect(src.head(16)).rejects.toBeInstanceOf(FormatError)
    await expect(drain(src)).rejects.toMatchObject({ code: 'bad-gzip' })
  })

  it('passes an abort of the underlying source through as AbortError', async () => {
    // Larger than one 4 MiB output slice, so the read is still going when the abort comes.
    const packed = await gzip(frame(12 * 1024 * 1024, 9))
    const controller = new AbortController()
    const src = gunzipSource(bytesSource(packed, 'x', 1024))
    const error = await (async () => {
      let n = 0
      for await (const _slice of src.slices(controller.signal)) if (++n === 1) controller.abort()
    })().then(
      () => null,
      (e: unknown) => e,
    )
    expect(isAbort(error)).toBe(true)
  })
})
