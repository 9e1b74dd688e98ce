/**
 * The per-(window, host) rows of the window aggregates (windows.ts) as one flat column table, and the three
 * views of it the UI needs: a hosts x windows matrix (heatmaps), one host's series (host details) and the
 * hosts of one window (replay). The live analysis extracts the table once when reading ends; a stored session
 * keeps it; both answer through the functions below, so they agree by construction.
 *
 * Rows are in window order, and within a window in the order windows.ts keeps them (by address id; the
 * "other" row, which folds the hosts beyond the per-window cap, has host "other").
 */
import type { AddressTable } from '../../model/address-table.ts'
import { HOST_COLS, HOST_COL_NAMES } from '../host-window-rows.ts'
import { WIN_COLS, WinCol, type WindowLevel } from '../window-level.ts'
import type { HostMatrix, HostMetric, HostWindowRecord } from '../window-queries.ts'

export type HostCounterName = (typeof HOST_COL_NAMES)[number]
/** The counter columns of a host row, in windows.ts order. */
export const HOST_COUNTER_NAMES: readonly HostCounterName[] = HOST_COL_NAMES

export interface HostWindowTable {
  readonly bucketSeconds: number
  /** Start of every non-empty window (seconds since the epoch), in time order. */
  readonly windowStarts: Float64Array
  /** Per row: index into windowStarts. */
  readonly window: Uint32Array
  /** Per row: the host's address, or "other". */
  readonly host: readonly string[]
  readonly bytesOut: Float64Array
  readonly bytesIn: Float64Array
  /** Per counter name, one value per row. */
  readonly counters: Readonly<Record<HostCounterName, Float64Array>>
  /** Rows present (capped) and rows the analysis had. */
  readonly rows: number
  readonly totalRows: number
}

/** Copies the kept host rows of a finished window level (at most `cap` rows: the earliest windows win). */
export function extractHostWindows(l: WindowLevel, addresses: AddressTable, cap: number): HostWindowTable {
  const total = l.kept.count
  const rows = Math.max(0, Math.min(total, Math.floor(cap)))
  const windowStarts = new Float64Array(l.rows)
  const window = new Uint32Array(rows)
  const host: string[] = new Array<string>(rows)
  const counters = Object.fromEntries(HOST_COL_NAMES.map((n) => [n, new Float64Array(rows)])) as Record<HostCounterName, Float64Array>
  const bytesOut = new Float64Array(rows)
  const bytesIn = new Float64Array(rows)
  for (let w = 0; w < l.rows; w++) {
    const g = w * WIN_COLS
    windowStarts[w] = l.g[g + WinCol.Window] * l.seconds
    const start = l.g[g + WinCol.HostStart]
    const end = Math.min(rows, start + l.g[g + WinCol.HostCount])
    for (let r = start; r < end; r++) {
      window[r] = w
      const id = l.kept.host[r]
      host[r] = id === 0 ? 'other' : addresses.format(id)
      bytesOut[r] = l.kept.bytesOut[r]
      bytesIn[r] = l.kept.bytesIn[r]
      for (let c = 0; c < HOST_COLS; c++) counters[HOST_COL_NAMES[c]][r] = l.kept.u[r * HOST_COLS + c]
    }
  }
  return { bucketSeconds: l.seconds, windowStarts, window, host, bytesOut, bytesIn, counters, rows, totalRows: total }
}

function metricAt(t: HostWindowTable, r: number, metric: HostMetric): number {
  if (metric === 'bytesOut') return t.bytesOut[r]
  if (metric === 'bytesIn') return t.bytesIn[r]
  const col = t.counters[metric] as Float64Array | undefined
  return col ? col[r] : 0
}

function recordAt(t: HostWindowTable, r: number): HostWindowRecord {
  const counters = {} as Record<HostCounterName, number>
  for (const name of HOST_COL_NAMES) counters[name] = t.counters[name][r]
  return { windowStart: t.windowStarts[t.window[r]], host: t.host[r], bytesOut: t.bytesOut[r], bytesIn: t.bytesIn[r], counters }
}

/** True for a metric name the table can answer (names arrive from the page). */
export function isHostMetric(m: unknown): m is HostMetric {
  return m === 'bytesOut' || m === 'bytesIn' || (typeof m === 'string' && (HOST_COL_NAMES as readonly string[]).includes(m))
}

/** The `n` hosts with the largest total of `metric` (ties by address text) as a hosts x windows matrix. */
export function hostMatrixOf(t: HostWindowTable, metric: HostMetric, n: number): HostMatrix {
  const totals = new Map<string, number>()
  for (let r = 0; r < t.rows; r++) {
    const h = t.host[r]
    if (h !== 'other') totals.set(h, (totals.get(h) ?? 0) + metricAt(t, r, metric))
  }
  const top = [...totals]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, Math.max(0, Math.floor(n)))
    .map(([h]) => h)
  const index = new Map(top.map((h, k) => [h, k]))
  const windows = t.windowStarts.length
  const values = new Float64Array(top.length * windows)
  for (let r = 0; r < t.rows; r++) {
    const k = index.get(t.host[r])
    if (k !== undefined) values[k * windows + t.window[r]] = metricAt(t, r, metric)
  }
  return { bucketSeconds: t.bucketSeconds, windowStart: Float64Array.from(t.windowStarts), hosts: top, values }
}

/** One host's rows in time order (windows where it was not among the kept hosts are absent). */
export function hostSeriesOf(t: HostWindowTable, host: string): HostWindowRecord[] {
  const out: HostWindowRecord[] = []
  for (let r = 0; r < t.rows; r++) if (t.host[r] === host) out.push(recordAt(t, r))
  return out
}

/** The rows of the window containing `time`, busiest (packets out + in) first, "other" last. */
export function hostsInWindowOf(t: HostWindowTable, time: number, limit: number): HostWindowRecord[] {
  if (!Number.isFinite(time) || t.windowStarts.length === 0) return []
  const start = Math.floor(time / t.bucketSeconds) * t.bucketSeconds
  const w = binarySearch(t.windowStarts, start)
  if (w < 0) return []
  const rows: number[] = []
  for (let r = 0; r < t.rows; r++) if (t.window[r] === w) rows.push(r)
  const busy = (r: number): number => t.counters.packetsOut[r] + t.counters.packetsIn[r]
  const isOther = (r: number): number => (t.host[r] === 'other' ? 1 : 0)
  rows.sort((a, b) => isOther(a) - isOther(b) || busy(b) - busy(a) || a - b)
  return rows.slice(0, Math.max(0, Math.floor(limit))).map((r) => recordAt(t, r))
}

function binarySearch(sorted: Float64Array, value: number): number {
  let lo = 0
  let hi = sorted.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const v = sorted[mid]
    if (v === value) return mid
    if (v < value) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}
