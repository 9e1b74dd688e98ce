/**
 * Payload entropy without a byte histogram per flow: the transport decoder calls payloadEntropyCode() on each
 * packet's captured L4 payload (at most its first PAYLOAD_ENTROPY_SAMPLE bytes) and stores the result in
 * PacketBatch.payloadEntropy; a flow keeps the byte-weighted mean of its packets' values (two numbers while
 * open, one byte when finished).
 *
 * What this measures: the mean per-packet Shannon entropy in bits per byte, H = -sum p_i log2 p_i over the byte
 * values of the sampled payload. A sample of n bytes cannot exceed log2(n) bits (6 for the 64-byte
 * sample), so short packets read lower than the stream they belong to; weighting by sampled bytes lets
 * the large packets dominate. Typical values for 64 bytes: ASCII text and HTTP headers 3.5-5,
 * compressed or encrypted payloads 5.5-6. Why not a per-flow byte histogram: 256 counters per flow cost more than all other flow
 * columns together.
 */
import { NO_ENTROPY } from '../model/packet-batch.ts'

/**
 * Bytes of each payload examined. 64 keeps the cost near 0.1 µs a packet (the whole decode budget is about
 * 0.7 µs) while still telling text (3.5-5 bits) from compressed or encrypted data (5.5+ bits, the ceiling for
 * 64 bytes being 6).
 */
export const PAYLOAD_ENTROPY_SAMPLE = 64
/** Scale: code = round(bits * ENTROPY_SCALE), 8 bits -> 254. */
export const ENTROPY_SCALE = 254 / 8

/**
 * Per byte value: its count in the current sample. All zero between calls: each call clears the entries it
 * touched afterwards, which costs less than testing a generation stamp per byte (that test is a poorly
 * predicted branch on encrypted payloads). A short sample clears its own bytes' entries; a longer one zeroes
 * the whole table through a 64-bit view (32 stores and no loads, instead of a load and a store per byte).
 */
const countsBuffer = new ArrayBuffer(256)
const counts = new Uint8Array(countsBuffer)
const countsWide = new Float64Array(countsBuffer)
/** Samples longer than this clear the table wholesale (32 stores) rather than byte by byte. */
const CLEAR_WHOLE_ABOVE = 24
/** log2 of 1..PAYLOAD_ENTROPY_SAMPLE, precomputed. */
const LOG2 = new Float64Array(PAYLOAD_ENTROPY_SAMPLE + 1)
/** STEP[c] = (c+1)·log2(c+1) − c·log2(c): how sum(c·log2 c) grows when a count goes from c to c+1. */
const STEP = new Float64Array(PAYLOAD_ENTROPY_SAMPLE + 1)
for (let i = 1; i <= PAYLOAD_ENTROPY_SAMPLE; i++) LOG2[i] = Math.log2(i)
for (let c = 0; c < PAYLOAD_ENTROPY_SAMPLE; c++) STEP[c] = (c + 1) * LOG2[c + 1] - (c === 0 ? 0 : c * LOG2[c])

/**
 * countLogSum's result. A double returned from a call the engine did not inline is boxed (a heap allocation
 * per packet, seen in allocation profiles of the UDP path); a Float64Array slot holds it unboxed, bit for bit.
 */
const sumSlot = new Float64Array(1)

/**
 * Σ c·log2 c over the byte values of buf[start, stop) (stop - start <= PAYLOAD_ENTROPY_SAMPLE), grown
 * incrementally in byte order, into sumSlot[0].
 */
function countLogSum(buf: Uint8Array, start: number, stop: number): void {
  // Module-level arrays read through locals: the optimising compiler then keeps them in registers and checks
  // them once, instead of reloading and re-checking each one at every access (several times per byte).
  const count = counts
  const step = STEP
  let sum = 0
  let i = start
  // Unrolled by four (the engine does not unroll loops): about an eighth less time per payload. The additions
  // stay in byte order, so the sum (and so the rounded code) is bit for bit what the plain loop gives.
  for (; i + 4 <= stop; i += 4) {
    const v0 = buf[i]
    const c0 = count[v0]
    sum += step[c0]
    count[v0] = c0 + 1
    const v1 = buf[i + 1]
    const c1 = count[v1]
    sum += step[c1]
    count[v1] = c1 + 1
    const v2 = buf[i + 2]
    const c2 = count[v2]
    sum += step[c2]
    count[v2] = c2 + 1
    const v3 = buf[i + 3]
    const c3 = count[v3]
    sum += step[c3]
    count[v3] = c3 + 1
  }
  for (; i < stop; i++) {
    const v = buf[i]
    const c = count[v]
    sum += step[c]
    count[v] = c + 1
  }
  if (stop - start > CLEAR_WHOLE_ABOVE) {
    // +0.0 is all zero bits, so this zeroes every count.
    const wide = countsWide
    for (let w = 0; w < 32; w++) wide[w] = 0
  } else {
    for (let k = start; k < stop; k++) count[buf[k]] = 0
  }
  sumSlot[0] = sum
}

/**
 * Shannon entropy (bits per byte) of buf[start, min(end, start + sample)), 0 for an empty range.
 * One pass: H = log2 n − (1/n)·Σ c·log2 c.
 */
export function payloadEntropyBits(buf: Uint8Array, start: number, end: number): number {
  const stop = Math.min(end, buf.length, start + PAYLOAD_ENTROPY_SAMPLE)
  const n = stop - start
  if (n <= 0) return 0
  countLogSum(buf, start, stop)
  const h = LOG2[n] - sumSlot[0] / n
  return h < 0 ? 0 : h
}

/**
 * The PacketBatch.payloadEntropy code for a payload (NO_ENTROPY when empty): round(payloadEntropyBits ·
 * ENTROPY_SCALE), computed here rather than through payloadEntropyBits so the per-packet path returns a small
 * integer and allocates nothing.
 */
export function payloadEntropyCode(buf: Uint8Array, start: number, end: number): number {
  const stop = Math.min(end, buf.length, start + PAYLOAD_ENTROPY_SAMPLE)
  const n = stop - start
  if (n <= 0) return NO_ENTROPY
  countLogSum(buf, start, stop)
  const h = LOG2[n] - sumSlot[0] / n
  return Math.round((h < 0 ? 0 : h) * ENTROPY_SCALE)
}

/** Bytes sampled for a payload of `len` captured bytes (the weight of its entropy). */
export function sampledBytes(len: number): number {
  return len < PAYLOAD_ENTROPY_SAMPLE ? len : PAYLOAD_ENTROPY_SAMPLE
}
