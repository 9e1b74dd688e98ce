/**
 * Spreading a flow's totals over time: the flow table knows a flow's first and last packet and its totals,
 * not when in between each byte went, so per-interval figures (a host's throughput, a replay frame's rates)
 * assume the flow's traffic was spread evenly over its lifetime. Exact for short flows, smoothed for long ones.
 */

/** Shorter than a capture's finest timestamp (1 ns): a flow this short is treated as one instant. */
const MIN_DURATION = 1e-9

/** Fraction of a flow [first, last] that falls in [from, to]: 1 when a zero-length flow lies inside it. */
export function overlapFraction(first: number, last: number, from: number, to: number): number {
  if (last < from || first > to) return 0
  const d = last - first
  if (!(d > MIN_DURATION)) return 1
  return (Math.min(last, to) - Math.max(first, from)) / d
}

/**
 * Adds `value` spread over [first, last] into bins of `width` seconds starting at `origin` (out.length bins);
 * parts outside the bins are dropped.
 */
export function spreadInto(out: Float64Array, origin: number, width: number, first: number, last: number, value: number): void {
  const n = out.length
  if (n === 0 || !(width > 0) || !Number.isFinite(value)) return
  const d = last - first
  if (!(d > MIN_DURATION)) {
    const b = Math.floor((first - origin) / width)
    if (b >= 0 && b < n) out[b] += value
    return
  }
  const b0 = Math.max(0, Math.floor((first - origin) / width))
  const b1 = Math.min(n - 1, Math.floor((last - origin) / width))
  for (let b = b0; b <= b1; b++) {
    const lo = Math.max(first, origin + b * width)
    const hi = Math.min(last, origin + (b + 1) * width)
    if (hi > lo) out[b] += ((hi - lo) / d) * value
  }
}

/** A bin width that divides [start, end] into at most `maxBins` bins of a round number of seconds. */
export function binWidth(start: number, end: number, maxBins: number): number {
  const span = Math.max(end - start, 1e-3)
  const raw = span / Math.max(1, maxBins)
  const steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400]
  for (const s of steps) if (s >= raw) return s
  return Math.ceil(raw / 86400) * 86400
}
