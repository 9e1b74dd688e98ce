/**
 * Matrices for two of the heatmaps: destination port x destination host (from the (host, port) table) and
 * hour of day x day (from the IO series at its base resolution, each base bucket put in the UTC hour its start
 * falls in). Pure arithmetic over chart-sized inputs.
 */
import type { IoSeries } from '../io-graph.ts'
import type { PortHostTable } from './analysis-data.ts'

export type PortHostMeasure = 'bytes' | 'packets' | 'conversations'

export interface PortHostMatrix {
  /** Rows: destination hosts, busiest first. */
  readonly hosts: readonly string[]
  /** Columns: "tcp/443" style ports, busiest first. */
  readonly ports: readonly string[]
  /** values[h * ports.length + p]. */
  readonly values: Float64Array
}

function topKeys(keys: readonly string[], weight: Float64Array, n: number): string[] {
  const totals = new Map<string, number>()
  keys.forEach((k, i) => totals.set(k, (totals.get(k) ?? 0) + weight[i]))
  return [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, n).map(([k]) => k)
}

export function portHostMatrix(t: PortHostTable, measure: PortHostMeasure, hostCount: number, portCount: number): PortHostMatrix {
  const weight = t[measure]
  const hosts = topKeys(t.host, weight, Math.floor(hostCount))
  const ports = topKeys(t.port, weight, Math.floor(portCount))
  const hi = new Map(hosts.map((h, i) => [h, i]))
  const pi = new Map(ports.map((p, i) => [p, i]))
  const values = new Float64Array(hosts.length * ports.length)
  for (let i = 0; i < t.host.length; i++) {
    const h = hi.get(t.host[i])
    const p = pi.get(t.port[i])
    if (h !== undefined && p !== undefined) values[h * ports.length + p] += weight[i]
  }
  return { hosts, ports, values }
}

export interface HourDayMatrix {
  /** UTC days as YYYY-MM-DD, in order, one row each (days without traffic inside the span included). */
  readonly days: readonly string[]
  /** values[d * 24 + hour]. */
  readonly values: Float64Array
  /** False when the base buckets are coarser than an hour (then hours are approximate). */
  readonly hourly: boolean
}

const DAY = 86400
/** A capture spanning more days than this is drawn up to its first MAX_DAYS days. */
export const MAX_DAYS = 366

export function hourDayMatrix(io: IoSeries, measure: 'packets' | 'bytes'): HourDayMatrix {
  const src = io[measure]
  const n = src.length
  if (n === 0 || !Number.isFinite(io.start)) return { days: [], values: new Float64Array(0), hourly: true }
  const firstDay = Math.floor(io.start / DAY)
  const lastDay = Math.floor((io.start + (n - 1) * io.bucketSeconds) / DAY)
  const dayCount = Math.max(1, Math.min(MAX_DAYS, lastDay - firstDay + 1))
  const values = new Float64Array(dayCount * 24)
  for (let i = 0; i < n; i++) {
    if (src[i] === 0) continue
    const t = io.start + i * io.bucketSeconds
    const d = Math.floor(t / DAY) - firstDay
    if (d < 0 || d >= dayCount) continue
    const hour = Math.floor((t - Math.floor(t / DAY) * DAY) / 3600)
    values[d * 24 + hour] += src[i]
  }
  const days = Array.from({ length: dayCount }, (_, d) => new Date((firstDay + d) * DAY * 1000).toISOString().slice(0, 10))
  return { days, values, hourly: io.bucketSeconds <= 3600 }
}
