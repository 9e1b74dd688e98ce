/**
 * Helpers for the format tests: run a reader over bytes cut into slices of a given size and keep what the sink
 * saw (copies of the packet bytes, since the views are only valid during the call).
 */
import { AnomalyCounter } from '../model/anomalies.ts'
import type { Format, PacketSink, ReadReport } from './format.ts'
import { FormatError } from './format.ts'
import { bytesSource } from './sources.ts'

export interface SeenPacket {
  readonly linkType: number
  readonly time: number
  readonly origLen: number
  readonly capLen: number
  readonly data: Uint8Array
}

export interface ReadOutcome {
  readonly report: ReadReport | null
  readonly error: FormatError | null
  readonly packets: SeenPacket[]
  readonly anomalies: Record<string, number>
  /** True when every packet handed to the sink was a view of the input (not a copy). */
  readonly allViews: boolean
}

export class CollectingSink implements PacketSink {
  readonly packets: SeenPacket[] = []
  allViews = true
  constructor(private readonly input: Uint8Array | null = null) {}

  packet(linkType: number, time: number, origLen: number, data: Uint8Array, start: number, capLen: number): void {
    if (start < 0 || capLen < 0 || start + capLen > data.length) throw new Error(`sink got a view out of range: ${start}+${capLen} > ${data.length}`)
    if (this.input !== null && data.buffer !== this.input.buffer) this.allViews = false
    this.packets.push({ linkType, time, origLen, capLen, data: data.slice(start, start + capLen) })
  }
}

/** Reads `bytes` with `format` in slices of `sliceSize`; a FormatError is returned, any other error thrown. */
export async function readWith(format: Format, bytes: Uint8Array, sliceSize = 1 << 20): Promise<ReadOutcome> {
  const sink = new CollectingSink(bytes)
  const anomalies = new AnomalyCounter()
  try {
    const report = await format.read(bytesSource(bytes, 'test', sliceSize), sink, { anomalies })
    return { report, error: null, packets: sink.packets, anomalies: anomalies.toRecord(), allViews: sink.allViews }
  } catch (e) {
    if (e instanceof FormatError) return { report: null, error: e, packets: sink.packets, anomalies: anomalies.toRecord(), allViews: sink.allViews }
    throw e
  }
}

/** Bytes from hex with optional spaces, for hand-built fixtures. */
export function hex(s: string): Uint8Array<ArrayBuffer> {
  const clean = s.replace(/\s+/g, '')
  const out = new Uint8Array(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16)
  return out
}

export function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** A deterministic packet body of n bytes (Ethernet-looking start, then a counter pattern). */
export function frame(n: number, seed = 0): Uint8Array<ArrayBuffer> {
  const d = new Uint8Array(n)
  for (let i = 0; i < n; i++) d[i] = (i * 7 + seed * 13) & 0xff
  return d
}

/**
 * How far the double `t` is from the exact rational num / den, in units in the last place of `t` (exact BigInt
 * arithmetic on t's binary value). 0.5 or less means t is the correctly rounded value.
 */
export function ulpsFrom(t: number, num: bigint, den: bigint): number {
  if (!(t > 0) || !Number.isFinite(t)) return t === 0 && num === 0n ? 0 : Infinity
  const v = new DataView(new ArrayBuffer(8))
  v.setFloat64(0, t)
  const bits = v.getBigUint64(0)
  const biased = Number((bits >> 52n) & 0x7ffn)
  const fraction = bits & ((1n << 52n) - 1n)
  const m = biased === 0 ? fraction : fraction | (1n << 52n)
  const u = (biased === 0 ? 1 : biased) - 1075 // t = m * 2^u, and 2^u is one ulp
  if (u < 0) {
    const k = BigInt(-u)
    const diff = m * den - num * (1n << k)
    return Number(diff < 0n ? -diff : diff) / Number(den)
  }
  const diff = m * den * (1n << BigInt(u)) - num
  return Number(diff < 0n ? -diff : diff) / Number(den * (1n << BigInt(u)))
}

/** Byte-wise equality; much faster than a deep toEqual on large arrays. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
