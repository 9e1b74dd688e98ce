/**
 * The shell views' queries (overview, protocols, heatmaps, time series). Each is a pure function of
 * AnalysisData and plain-data params; params come from the page, so every one is clamped or defaulted here.
 * Results hold fresh typed arrays only (the worker transfers them).
 */
import type { CaptureSummary } from '../capture-summary.ts'
import type { IoSeries } from '../io-graph.ts'
import type { ProtocolNode } from '../protocol-hierarchy.ts'
import type { ServiceRecord } from '../services.ts'
import type { TopTalker } from '../top-talkers.ts'
import type { HostMatrix, HostMetric, WindowSeries } from '../window-queries.ts'
import { type AnalysisData, DATA_CAPS, type QueryFn } from './analysis-data.ts'
import { isHostMetric } from './host-window-table.ts'
import { hourDayMatrix, portHostMatrix, type HourDayMatrix, type PortHostMatrix, type PortHostMeasure } from './heatmap-data.ts'
import { exploreData } from './explore-source.ts'
import {
  rangeCrossed, rangedPortHosts, rangedServices, rangedTalkers, rangeParam, rangeTotals, sliceHostMatrix, sliceIo, sliceWindows,
  type RangeParam, type RangeTotals,
} from './ranged.ts'

type Phase = AnalysisData['phase']

/** A number from the page, or the fallback, clamped to [min, max]. */
export function clampParam(v: unknown, fallback: number, min: number, max: number): number {
  const n = typeof v === 'number' && Number.isFinite(v) ? v : fallback
  return Math.min(max, Math.max(min, n))
}

function field(params: unknown, key: string): unknown {
  return typeof params === 'object' && params !== null && Object.hasOwn(params, key) ? (params as Record<string, unknown>)[key] : undefined
}

/** A fresh copy of an IoSeries (the live one may share nothing, a stored one shares its base arrays). */
function copyIo(io: IoSeries): IoSeries {
  return { start: io.start, bucketSeconds: io.bucketSeconds, packets: io.packets.slice(), bytes: io.bytes.slice(), flowsStarted: io.flowsStarted.slice() }
}

/** Bucket size that gives about `points` buckets over the capture (at least the base resolution). */
export function autoBucket(summary: CaptureSummary, points: number): number {
  const span = summary.duration > 0 ? summary.duration : 1
  return span / Math.max(1, points)
}

export interface OverviewResult {
  readonly phase: Phase
  readonly summary: CaptureSummary
  readonly services: readonly ServiceRecord[]
  readonly talkers: readonly TopTalker[]
  /** A small IO graph (about 120 buckets; over the range when one was given). */
  readonly io: IoSeries
  /**
   * With a `range` param: the range's totals, and whether services and talkers may include traffic outside it
   * (flows and windows that cross its edges count whole). Null for the whole capture.
   */
  readonly range: (RangeTotals & { readonly approximate: boolean }) | null
}

/** The params of the queries that narrow to a brushed time range (ranged.ts). */
export interface RangedParams {
  readonly range?: RangeParam | null
}

function overview(data: AnalysisData, params: { readonly top?: number } & RangedParams): OverviewResult {
  const top = clampParam(field(params, 'top'), 10, 1, 100)
  const summary = data.summary()
  const range = rangeParam(params)
  if (range === null) {
    return {
      phase: data.phase,
      summary,
      services: data.services().slice(0, top),
      talkers: data.topTalkers().slice(0, top),
      io: copyIo(data.ioSeries(autoBucket(summary, 120), 200)),
      range: null,
    }
  }
  // About 120 buckets over the range: ask for the whole capture at that bucket size, then cut the range out.
  const bucket = (range.end - range.start) / 120
  const span = Math.max(summary.duration, range.end - range.start)
  const io = sliceIo(data.ioSeries(bucket, Math.min(100_000, Math.ceil(span / bucket) + 2)), range)
  const flows = exploreData(data.explore()).flows
  const windows = data.hostWindowTable()
  const talkers = windows === null ? [] : rangedTalkers(windows, range, top)
  return {
    phase: data.phase,
    summary,
    services: rangedServices(flows, range, top),
    talkers,
    io,
    range: { ...rangeTotals(io, range), approximate: rangeCrossed(flows, range) || windows === null || (windows.bucketSeconds > 0 && !aligned(range, windows.bucketSeconds)) },
  }
}

/** True when both edges of the range fall on window boundaries (then windows cut it exactly). */
function aligned(r: RangeParam, seconds: number): boolean {
  const edge = (t: number): boolean => Math.abs(t / seconds - Math.round(t / seconds)) < 1e-9
  return edge(r.start) && edge(r.end)
}

function ioSeries(data: AnalysisData, params: { readonly bucketSeconds?: number; readonly maxPoints?: number }): IoSeries {
  const bucket = clampParam(field(params, 'bucketSeconds'), 0, 0, 1e10)
  const maxPoints = clampParam(field(params, 'maxPoints'), 5000, 1, 100_000)
  return copyIo(data.ioSeries(bucket, maxPoints))
}

export interface ProtocolMix {
  readonly bucketSeconds: number
  readonly times: Float64Array
  /** Packets per window by protocol family. */
  readonly families: readonly { readonly name: string; readonly values: Float64Array }[]
  /** The busiest service ports overall, and their packets per window (from each window's top 5). */
  readonly ports: readonly { readonly name: string; readonly values: Float64Array }[]
}

function protocolMix(data: AnalysisData, params: { readonly ports?: number } & RangedParams): ProtocolMix | null {
  const whole: WindowSeries | null = data.windowSeries()
  if (!whole) return null
  const range = rangeParam(params)
  const ws = range === null ? whole : sliceWindows(whole, range)
  const nPorts = clampParam(field(params, 'ports'), 6, 1, 12)
  const totals = new Map<string, number>()
  for (const list of ws.topPorts) for (const p of list) totals.set(p.port, (totals.get(p.port) ?? 0) + p.packets)
  const names = [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, nPorts).map(([n]) => n)
  const ports = names.map((name) => {
    const values = new Float64Array(ws.start.length)
    ws.topPorts.forEach((list, w) => {
      for (const p of list) if (p.port === name) values[w] = p.packets
    })
    return { name, values }
  })
  return {
    bucketSeconds: ws.bucketSeconds,
    times: ws.start.slice(),
    families: [
      { name: 'TCP', values: ws.tcp.slice() },
      { name: 'UDP', values: ws.udp.slice() },
      { name: 'ICMP', values: ws.icmp.slice() },
      { name: 'Other IP', values: ws.otherIp.slice() },
      { name: 'Not IP', values: ws.nonIp.slice() },
    ],
    ports,
  }
}

/** The metric-per-window series the time series view offers besides packets, bytes and flows. */
export const WINDOW_METRICS = ['activeSources', 'distinctDstHosts', 'distinctDstPorts', 'newPairs', 'failedConnections', 'dnsQueries', 'tlsHandshakes', 'tcpSyn', 'retransmissionRatio', 'rttP50', 'rttP90'] as const
export type WindowMetric = (typeof WINDOW_METRICS)[number]

function windowMetric(data: AnalysisData, params: { readonly metric?: WindowMetric }): { readonly times: Float64Array; readonly values: Float64Array; readonly bucketSeconds: number } | null {
  const ws = data.windowSeries()
  const m = field(params, 'metric')
  if (!ws || !WINDOW_METRICS.includes(m as WindowMetric)) return null
  return { times: ws.start.slice(), values: ws[m as WindowMetric].slice(), bucketSeconds: ws.bucketSeconds }
}

function hostHeatmap(data: AnalysisData, params: { readonly metric?: HostMetric; readonly hosts?: number } & RangedParams): HostMatrix | null {
  const m = field(params, 'metric')
  const metric: HostMetric = isHostMetric(m) ? m : 'bytesOut'
  const matrix = data.hostMatrix(metric, clampParam(field(params, 'hosts'), DATA_CAPS.heatmapHosts, 1, 200))
  const range = rangeParam(params)
  if (matrix === null || range === null) return matrix
  // The hosts stay the busiest of the whole capture; their columns narrow to the range.
  return sliceHostMatrix(matrix, range)
}

function portHostHeatmap(data: AnalysisData, params: { readonly measure?: PortHostMeasure; readonly hosts?: number; readonly ports?: number } & RangedParams): PortHostMatrix {
  const m = field(params, 'measure')
  const measure: PortHostMeasure = m === 'packets' || m === 'conversations' ? m : 'bytes'
  const range = rangeParam(params)
  let table = data.portHosts()
  if (range !== null) {
    const explore = exploreData(data.explore())
    table = rangedPortHosts(explore.flows, range, (id) => explore.addresses.text(id), DATA_CAPS.portHostPairs)
  }
  return portHostMatrix(table, measure, clampParam(field(params, 'hosts'), 30, 1, 200), clampParam(field(params, 'ports'), 20, 1, 100))
}

function hourDayHeatmap(data: AnalysisData, params: { readonly measure?: 'packets' | 'bytes' } & RangedParams): HourDayMatrix {
  const measure = field(params, 'measure') === 'bytes' ? 'bytes' : 'packets'
  const io = data.ioSeries(0, Number.MAX_SAFE_INTEGER)
  const range = rangeParam(params)
  return hourDayMatrix(range === null ? io : sliceIo(io, range), measure)
}

export const coreQueries = {
  summary: (data: AnalysisData, _params: Record<string, never>): { readonly phase: Phase; readonly summary: CaptureSummary } => ({ phase: data.phase, summary: data.summary() }),
  overview,
  ioSeries,
  protocolHierarchy: (data: AnalysisData, _params: Record<string, never>): ProtocolNode => data.protocolHierarchy(),
  protocolMix,
  windowMetric,
  hostHeatmap,
  portHostHeatmap,
  hourDayHeatmap,
} satisfies Record<string, QueryFn>
