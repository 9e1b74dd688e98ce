/**
 * Test-only helper: a Uint8Array stand-in that counts how many bytes a decoder reads by index. Tests use the
 * count to show that the work on hostile input is bounded by the input's length (a deterministic stand-in for
 * "finishes quickly", which a wall clock on a shared machine cannot show reliably). Reads through methods
 * (subarray, slice) are not counted; they copy or view without a per-byte loop in the decoder.
 */
export interface CountedBytes {
  /** Pass this where the decoder expects the buffer. */
  readonly bytes: Uint8Array
  /** Index reads (`bytes[i]`) made so far. */
  reads(): number
}

const isIndex = (key: string | symbol): boolean => typeof key === 'string' && key.length > 0 && key.length < 11 && /^\d+$/.test(key)

export function countedBytes(target: Uint8Array): CountedBytes {
  let reads = 0
  const bytes = new Proxy(target, {
    get(t, key) {
      if (isIndex(key)) {
        reads++
        return t[Number(key)]
      }
      const value: unknown = Reflect.get(t, key, t)
      // Typed-array methods check their receiver, so they run on the real array.
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value
    },
  })
  return { bytes, reads: () => reads }
}
