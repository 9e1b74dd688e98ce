/**
 * The learning period of a baseline: the first fraction of the input's time span (the default, 30%), or a
 * [start, end) range the user brushed. The resolved period is what the baseline records and what detectors use
 * to compare only the traffic after it.
 */
import type { FlowSource } from './flow-source.ts'

export const DEFAULT_BASELINE_FRACTION = 0.3

export type BaselinePeriod =
  | { readonly kind: 'fraction'; readonly fraction: number }
  | { readonly kind: 'range'; readonly start: number; readonly end: number }

export interface ResolvedPeriod {
  readonly start: number
  readonly end: number
  readonly fraction: number | null
}

export function resolvePeriod(source: FlowSource, period: BaselinePeriod = { kind: 'fraction', fraction: DEFAULT_BASELINE_FRACTION }): ResolvedPeriod {
  const lo = source.start
  const hi = source.end
  if (!(hi >= lo)) return { start: 0, end: 0, fraction: period.kind === 'fraction' ? 0 : null }
  if (period.kind === 'range') {
    const s = Number.isFinite(period.start) ? Math.max(lo, period.start) : lo
    const e = Number.isFinite(period.end) ? Math.min(period.end, hi + 1e-6) : hi + 1e-6
    return { start: s, end: Math.max(s, e), fraction: null }
  }
  const f = Number.isFinite(period.fraction) ? Math.min(1, Math.max(0, period.fraction)) : DEFAULT_BASELINE_FRACTION
  // The whole input (f = 1) must include the last packet, so the end is nudged past it.
  const end = f >= 1 ? hi + 1e-6 : lo + (hi - lo) * f
  return { start: lo, end, fraction: f }
}

/** Window length for bands over a period of `span` seconds: 1, 10, 60 or 300 s, aiming at 30+ windows. */
export function chooseWindowSeconds(span: number): number {
  if (!(span > 0)) return 1
  if (span <= 300) return 1
  if (span <= 3600) return 10
  if (span <= 6 * 3600) return 60
  return 300
}
