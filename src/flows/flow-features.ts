/**
 * Running per-flow statistics kept while a flow is open (per slot) and written to the flow's columns when it
 * ends: inter-arrival time mean and standard deviation by Welford's online algorithm (Welford 1962; Knuth TAOCP
 * vol. 2, 4.2.2), jitter as the mean absolute difference of consecutive inter-arrival times (the un-smoothed form
 * of RFC 3550 section 6.4.1's interarrival jitter), and the byte-weighted mean payload entropy
 * (payload-entropy.ts). Payload size min/max and counts are plain columns updated per packet by the table.
 */
import { NO_ENTROPY } from '../model/packet-batch.ts'
import type { FlowColumns } from './flow-columns.ts'
import { ENTROPY_SCALE, sampledBytes } from '../decode/payload-entropy.ts'
import { grown } from './typed-grow.ts'

export class FeatureSlots {
  capacity = 0
  prevTime = new Float64Array(0)
  iatCount = new Uint32Array(0)
  iatMean = new Float64Array(0)
  iatM2 = new Float64Array(0)
  prevIat = new Float64Array(0)
  jitterSum = new Float64Array(0)
  entropySum = new Float64Array(0)
  entropyWeight = new Float64Array(0)

  static readonly BYTES_PER_SLOT = 8 + 4 + 8 * 6

  grow(n: number): void {
    this.prevTime = grown(this.prevTime, n)
    this.iatCount = grown(this.iatCount, n)
    this.iatMean = grown(this.iatMean, n)
    this.iatM2 = grown(this.iatM2, n)
    this.prevIat = grown(this.prevIat, n)
    this.jitterSum = grown(this.jitterSum, n)
    this.entropySum = grown(this.entropySum, n)
    this.entropyWeight = grown(this.entropyWeight, n)
    this.capacity = n
  }

  reset(s: number, t: number): void {
    this.prevTime[s] = t
    this.iatCount[s] = 0
    this.iatMean[s] = 0
    this.iatM2[s] = 0
    this.prevIat[s] = 0
    this.jitterSum[s] = 0
    this.entropySum[s] = 0
    this.entropyWeight[s] = 0
  }

  /** A packet after the first one, at time t (timestamps going backwards count as a gap of 0). */
  addArrival(s: number, t: number): void {
    let iat = t - this.prevTime[s]
    if (!(iat > 0)) iat = 0
    else this.prevTime[s] = t
    const n = ++this.iatCount[s]
    const delta = iat - this.iatMean[s]
    this.iatMean[s] += delta / n
    this.iatM2[s] += delta * (iat - this.iatMean[s])
    if (n > 1) this.jitterSum[s] += Math.abs(iat - this.prevIat[s])
    this.prevIat[s] = iat
  }

  /** A packet's payload entropy code (PacketBatch.payloadEntropy) for a payload of `payloadLen` bytes. */
  addEntropy(s: number, code: number, payloadLen: number): void {
    if (code === NO_ENTROPY || payloadLen === 0) return
    const w = sampledBytes(payloadLen)
    this.entropySum[s] += code * w
    this.entropyWeight[s] += w
  }

  /** Writes the finished statistics of slot `s` to flow `id`. */
  writeTo(s: number, cols: FlowColumns, id: number): void {
    const n = this.iatCount[s]
    if (n > 0) {
      cols.iatMean[id] = this.iatMean[s]
      // Population standard deviation, as CICFlowMeter and most flow exporters report it.
      cols.iatStd[id] = Math.sqrt(this.iatM2[s] / n)
    }
    if (n > 1) cols.jitter[id] = this.jitterSum[s] / (n - 1)
    const w = this.entropyWeight[s]
    if (w > 0) cols.entropy[id] = Math.min(254, Math.round(this.entropySum[s] / w))
  }
}

/** Entropy code (FlowColumns.entropy) to bits per byte; null when unknown. */
export function entropyBits(code: number): number | null {
  return code === NO_ENTROPY ? null : code / ENTROPY_SCALE
}
