import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ENTROPY_SCALE, PAYLOAD_ENTROPY_SAMPLE, payloadEntropyBits, payloadEntropyCode } from './payload-entropy.ts'
import { NO_ENTROPY } from '../model/packet-batch.ts'

/**
 * The definition, computed independently with a fresh histogram per call: H = log2 n - (1/n) * sum over the
 * sampled bytes, in byte order, of (c+1)·log2(c+1) - c·log2(c), c being the byte value's count so far. The
 * engine must give bit-identical values (flow entropy is an exact, compared result), so the terms are added
 * in the same order.
 */
function referenceBits(buf: Uint8Array, start: number, end: number): number {
  const stop = Math.min(end, buf.length, start + PAYLOAD_ENTROPY_SAMPLE)
  const n = stop - start
  if (n <= 0) return 0
  const seen = new Map<number, number>()
  let sum = 0
  for (let i = start; i < stop; i++) {
    const c = seen.get(buf[i]) ?? 0
    sum += (c + 1) * Math.log2(c + 1) - (c === 0 ? 0 : c * Math.log2(c))
    seen.set(buf[i], c + 1)
  }
  const h = Math.log2(n) - sum / n
  return h < 0 ? 0 : h
}

describe('payload entropy', () => {
  it('is bit-identical to the byte-order definition for short and long samples, call after call (fast-check seed 5)', () => {
    // Byte values from a small alphabet repeat (text-like); from 0..255 they are mostly distinct (encrypted-like).
    const bytes = (min: number, max: number, minLength: number) => fc.array(fc.integer({ min, max }), { minLength, maxLength: 200 }).map((a) => Uint8Array.from(a))
    const payload = fc.oneof(fc.uint8Array({ maxLength: 200 }), bytes(0, 255, 25), bytes(60, 70, 0), bytes(240, 255, 25))
    fc.assert(
      fc.property(fc.array(fc.tuple(payload, fc.nat(80)), { minLength: 1, maxLength: 8 }), (calls) => {
        for (const [buf, offset] of calls) {
          const start = Math.min(offset, buf.length)
          const expected = referenceBits(buf, start, buf.length)
          expect(payloadEntropyBits(buf, start, buf.length)).toBe(expected)
          expect(payloadEntropyCode(buf, start, buf.length)).toBe(start >= buf.length ? NO_ENTROPY : Math.round(expected * ENTROPY_SCALE))
        }
      }),
      { seed: 5, numRuns: 300 },
    )
  })

  it('leaves no count behind for any byte value, whichever way a sample cleared them', () => {
    for (let base = 0; base < 256; base += 32) {
      // 64 bytes: 32 values twice each (a long sample), then 3 bytes of the same values (a short one).
      const long = Uint8Array.from({ length: PAYLOAD_ENTROPY_SAMPLE }, (_, i) => base + (i % 32))
      const short = Uint8Array.from([base, base + 31, base + 31])
      for (const buf of [long, long, short, short, long]) expect(payloadEntropyBits(buf, 0, buf.length)).toBe(referenceBits(buf, 0, buf.length))
    }
  })

  it('starts every call from empty counts after a long sample cleared them wholesale', () => {
    const long = new Uint8Array(PAYLOAD_ENTROPY_SAMPLE).fill(9)
    const short = Uint8Array.from([9, 9, 1])
    expect(payloadEntropyBits(long, 0, long.length)).toBe(0)
    expect(payloadEntropyBits(short, 0, short.length)).toBe(referenceBits(short, 0, short.length))
    expect(payloadEntropyBits(short, 0, short.length)).toBeGreaterThan(0.9)
  })
})
