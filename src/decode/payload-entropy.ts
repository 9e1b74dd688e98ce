/**
 * Payload entropy without a byte histogram per flow: the transport decoder calls payloadEntropyCode() on each
 * packet's captured L4 payload (at most its first PAYLOAD_ENTROPY_SAMPLE bytes) and stores the result in
 * PacketBatch.payloadEntropy; a flow keeps the byte-weighted mean of its packets' values (two numbers while
 * open, one byte when finished).
 *
 * What this measures: the mean per-packet Shannon entropy in bits per byte, H = -sum p_i log2 p_i over the byte
 * values of the sampled payload. A sample of n bytes cannot exceed log2(n) bits (6.0 for 64 bytes, 8 only from
 * 256 bytes up), so short packets read lower than the stream they belong to; weighting by sampled bytes lets the
 * large packets dominate. Typical values: ASCII text and HTTP headers 4-5.5, compressed or encrypted payloads
 * of 256+ bytes 7.2-8. Why not a per-flow byte histogram: 256 counters per flow cost more than all other flow
 * columns together.
 */
import { NO_ENTROPY } from '../model/packet-batch.ts'

/** Bytes of each payload examined. */
export const PAYLOAD_ENTROPY_SAMPLE = 256
/** Scale: code = round(bits * ENTROPY_SCALE), 8 bits -> 254. */
export const ENTROPY_SCALE = 254 / 8

const counts = new Uint16Array(256)
/** log2 of 1..PAYLOAD_ENTROPY_SAMPLE, precomputed. */
const LOG2 = new Float64Array(PAYLOAD_ENTROPY_SAMPLE + 1)
for (let i = 1; i <= PAYLOAD_ENTROPY_SAMPLE; i++) LOG2[i] = Math.log2(i)

/** Shannon entropy (bits per byte) of buf[start, min(end, start + sample)), 0 for an empty range. */
export function payloadEntropyBits(buf: Uint8Array, start: number, end: number): number {
  const stop = Math.min(end, buf.length, start + PAYLOAD_ENTROPY_SAMPLE)
  const n = stop - start
  if (n <= 0) return 0
  for (let i = start; i < stop; i++) counts[buf[i]]++
  // H = log2 n - (1/n) sum c log2 c; clear the counters as they are read.
  let sum = 0
  for (let i = start; i < stop; i++) {
    const c = counts[buf[i]]
    if (c !== 0) {
      sum += c * LOG2[c]
      counts[buf[i]] = 0
    }
  }
  const h = LOG2[n] - sum / n
  return h < 0 ? 0 : h
}

/** The PacketBatch.payloadEntropy code for a payload (NO_ENTROPY when empty). */
export function payloadEntropyCode(buf: Uint8Array, start: number, end: number): number {
  if (Math.min(end, buf.length) <= start) return NO_ENTROPY
  return Math.round(payloadEntropyBits(buf, start, end) * ENTROPY_SCALE)
}

/** Bytes sampled for a payload of `len` captured bytes (the weight of its entropy). */
export function sampledBytes(len: number): number {
  return len < PAYLOAD_ENTROPY_SAMPLE ? len : PAYLOAD_ENTROPY_SAMPLE
}
