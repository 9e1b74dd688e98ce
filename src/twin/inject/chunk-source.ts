/**
 * A ByteSource over output chunks kept in memory (the merged capture the scorecard analyses right after
 * writing it): the chunks are handed out as they are, never concatenated.
 */
import type { ByteSource } from '../../formats/format.ts'

export function chunksSource(chunks: readonly Uint8Array[], name: string): ByteSource {
  const size = chunks.reduce((s, c) => s + c.length, 0)
  return {
    name,
    size,
    async head(n) {
      const out = new Uint8Array(Math.min(size, Math.max(0, n)))
      let at = 0
      for (const c of chunks) {
        if (at >= out.length) break
        const take = Math.min(c.length, out.length - at)
        out.set(c.subarray(0, take), at)
        at += take
      }
      return out
    },
    async *slices(signal) {
      for (const c of chunks) {
        if (signal?.aborted) throw new DOMException('aborted', 'AbortError')
        if (c.length > 0) yield c
      }
    },
  }
}
