/**
 * Random-looking bytes that stand in for encrypted or compressed payload: one deterministic 128 KiB pool
 * (xorshift32, fixed seed), so generated files are repeatable and no payload is built per packet.
 */

export const POOL_WINDOW = 1 << 16
export const PAYLOAD_POOL: Uint8Array = makePool(2 * POOL_WINDOW)

function makePool(n: number): Uint8Array {
  const out = new Uint8Array(n)
  let x = 0x9e3779b9
  for (let i = 0; i < n; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

/** A pool offset derived from a number (a sequence number, a counter): any value gives a valid offset. */
export function poolOffset(n: number): number {
  return (n >>> 0) & (POOL_WINDOW - 1)
}

/**
 * POOL_WORD_SUMS[k] = sum of the first k big-endian 16-bit words of the pool: the checksum contribution of any
 * even-aligned run of pool bytes is a difference of two entries, so crafted payloads are never summed byte by byte.
 */
export const POOL_WORD_SUMS: Float64Array = wordSums(PAYLOAD_POOL)

function wordSums(pool: Uint8Array): Float64Array {
  const out = new Float64Array((pool.length >> 1) + 1)
  for (let k = 0; k < pool.length >> 1; k++) out[k + 1] = out[k] + ((pool[2 * k] << 8) | pool[2 * k + 1])
  return out
}
