/** Small pieces the shell's views share: the query status line and number formats for charts. */
import type { QueryState } from '../../state/use-query.ts'
import { formatCount, formatSize } from '../../lib/display-format.ts'

/** "Loading…" or the error of a query, or nothing once data is there. */
export function QueryStatus<T>({ state, what }: { readonly state: QueryState<T>; readonly what: string }) {
  if (state.status === 'error') return <p className="notice" role="alert" data-testid="query-error">{what} could not be shown: {state.error}</p>
  if (state.status === 'loading') return <p className="muted" role="status">Loading {what}…</p>
  return null
}

/** Compact numbers for chart labels: 1234 -> 1.2k. */
export function compact(v: number): string {
  if (!Number.isFinite(v)) return '–'
  const a = Math.abs(v)
  if (a >= 1e9) return `${(v / 1e9).toFixed(1)}G`
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`
  if (a >= 1e4) return `${(v / 1e3).toFixed(1)}k`
  return a >= 100 || Number.isInteger(v) ? formatCount(Math.round(v)) : v.toPrecision(3)
}

export const sizeLabel = (v: number): string => formatSize(Math.round(v))

/** Bucket times of an IoSeries (start + i * bucket). */
export function bucketTimes(start: number, bucketSeconds: number, n: number): Float64Array {
  const t = new Float64Array(n)
  for (let i = 0; i < n; i++) t[i] = start + i * bucketSeconds
  return t
}

/** A bucket size for people: 0.001 -> "1 ms", 60 -> "1 min". */
export function bucketLabel(seconds: number): string {
  if (seconds < 1) return `${+(seconds * 1000).toPrecision(3)} ms`
  if (seconds < 60) return `${+seconds.toPrecision(3)} s`
  if (seconds < 3600) return `${+(seconds / 60).toPrecision(3)} min`
  if (seconds < 86400) return `${+(seconds / 3600).toPrecision(3)} h`
  return `${+(seconds / 86400).toPrecision(3)} d`
}
