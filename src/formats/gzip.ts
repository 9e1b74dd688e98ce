/**
 * gzip-compressed captures (RFC 1952: https://www.rfc-editor.org/rfc/rfc1952), unwrapped with the platform's
 * DecompressionStream('gzip') (browsers, workers and Node 20), which also joins multi-member files.
 *
 * The wrapped source streams: compressed slices go in as the reader asks for decompressed ones, and output is
 * regrouped into slices of about 4 MiB so the readers' per-slice work stays small. A stream that is damaged
 * after some output ends there and says so through endedEarly(), so the capture reader reports the truncation even
 * when the damage falls between two records; a stream that yields nothing at all is a FormatError('bad-gzip').
 */
import type { ByteSource } from './format.ts'
import { FormatError } from './format.ts'
import { throwIfAborted } from './record-stream.ts'

/** RFC 1952 ID1 ID2. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b
}

const OUTPUT_SLICE = 4 * 1024 * 1024
const HEAD_INPUT = 64 * 1024

function badGzip(name: string, e: unknown): FormatError {
  const why = e instanceof Error && e.message ? ` (${e.message})` : ''
  return new FormatError('bad-gzip', `${name}: starts like a gzip file but could not be decompressed${why}`)
}

/**
 * Decompresses `input` chunk by chunk. Throws FormatError('bad-gzip') when the stream fails before producing any
 * byte; ends quietly when it fails later. Errors of the input itself (abort, I/O) pass through unchanged.
 */
async function* inflate(name: string, input: AsyncIterable<Uint8Array>, signal?: AbortSignal, ended?: { early: boolean }): AsyncGenerator<Uint8Array> {
  const stream = new DecompressionStream('gzip')
  const writer = stream.writable.getWriter()
  const reader = stream.readable.getReader()
  // Errors of the input (abort, I/O) are kept apart from the decompressor's own, so they pass through as they are.
  let inputError: unknown = undefined
  let inputFailed = false
  const pump = (async () => {
    const it = input[Symbol.asyncIterator]()
    for (;;) {
      let step: IteratorResult<Uint8Array>
      try {
        step = await it.next()
      } catch (e) {
        inputError = e
        inputFailed = true
        await writer.abort(e).catch(() => undefined)
        return
      }
      if (step.done) break
      try {
        await writer.write(step.value as Uint8Array<ArrayBuffer>)
      } catch {
        // The decompressor failed or the consumer stopped; the read side reports it.
        await it.return?.()
        return
      }
    }
    await writer.close().catch(() => undefined)
  })()
  let produced = 0
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>
      try {
        step = await reader.read()
      } catch (e) {
        throwIfAborted(signal)
        if (inputFailed) throw inputError
        if (produced === 0) throw badGzip(name, e)
        if (ended) ended.early = true
        return
      }
      if (step.done) return
      produced += step.value.length
      yield step.value
    }
  } finally {
    await reader.cancel().catch(() => undefined)
    await pump.catch(() => undefined)
  }
}

/** Regroups small chunks into slices of about `size` bytes (a copy each, so no slice aliases another). */
async function* regroup(chunks: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let buf = new Uint8Array(size)
  let used = 0
  for await (const c of chunks) {
    if (used === 0 && c.length >= size) {
      yield c
      continue
    }
    let from = 0
    while (from < c.length) {
      const n = Math.min(size - used, c.length - from)
      buf.set(c.subarray(from, from + n), used)
      used += n
      from += n
      if (used === size) {
        yield buf
        buf = new Uint8Array(size)
        used = 0
      }
    }
  }
  if (used > 0) yield buf.subarray(0, used)
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}

/** Wraps a source whose content starts with 1f 8b into the source of its decompressed bytes. */
export function gunzipSource(source: ByteSource): ByteSource {
  const name = source.name.replace(/\.gz$/i, '') || source.name
  // Set when the last slices() pass stopped on a damaged or cut stream after some output.
  const ended = { early: false }
  return {
    name,
    size: null,
    async head(n) {
      // Decompress only a growing prefix of the compressed file, never the whole of it.
      for (let budget = HEAD_INPUT; ; budget *= 2) {
        const input = await source.head(budget)
        const out = new Uint8Array(Math.max(0, n))
        let got = 0
        try {
          for await (const c of inflate(source.name, once(input))) {
            const take = Math.min(c.length, n - got)
            out.set(c.subarray(0, take), got)
            got += take
            if (got >= n) break
          }
        } catch (e) {
          // A prefix that yields nothing may just be too short; only the whole file decides it is bad.
          if (!(e instanceof FormatError) || input.length < budget) throw e
          continue
        }
        if (got >= n || input.length < budget) return out.subarray(0, got)
      }
    },
    slices(signal) {
      ended.early = false
      return regroup(inflate(source.name, source.slices(signal), signal, ended), OUTPUT_SLICE)
    },
    endedEarly: () => ended.early,
  }
}
