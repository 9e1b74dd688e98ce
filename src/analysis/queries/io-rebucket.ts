/**
 * Re-bucketing a stored IO series: the same arithmetic as IoGraph.series (io-graph.ts) applied to the base
 * series a session keeps, so a stored session offers every bucket size the live analysis offered.
 */
import type { IoSeries } from '../io-graph.ts'

/** `base` is a series at the base resolution (IoGraph.series(0, Infinity)). */
export function rebucket(base: IoSeries, bucketSeconds: number, maxPoints: number): IoSeries {
  const baseSeconds = base.bucketSeconds > 0 && Number.isFinite(base.bucketSeconds) ? base.bucketSeconds : 1
  const used = Math.min(base.packets.length, base.bytes.length, base.flowsStarted.length)
  const wanted = Number.isFinite(bucketSeconds) && bucketSeconds > 0 ? bucketSeconds : baseSeconds
  let factor = Math.max(1, Math.round(wanted / baseSeconds))
  const cap = Math.max(1, Math.floor(Number.isFinite(maxPoints) ? maxPoints : used))
  if (Math.ceil(used / factor) > cap) factor = Math.ceil(used / cap)
  const n = used === 0 ? 0 : Math.ceil(used / factor)
  const packets = new Float64Array(n)
  const bytes = new Float64Array(n)
  const flowsStarted = new Float64Array(n)
  for (let i = 0; i < used; i++) {
    const j = Math.floor(i / factor)
    packets[j] += base.packets[i]
    bytes[j] += base.bytes[i]
    flowsStarted[j] += base.flowsStarted[i]
  }
  return { start: base.start, bucketSeconds: factor * baseSeconds, packets, bytes, flowsStarted }
}
