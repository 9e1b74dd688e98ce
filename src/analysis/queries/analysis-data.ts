/**
 * AnalysisData: what every query reads, the same interface whether the data is a running (or finished)
 * CaptureAnalysis in the worker (live-data.ts) or a session read back from IndexedDB (stored-data.ts).
 * Queries (src/analysis/queries/*.ts) are pure functions `(data: AnalysisData, params) => result`, so one
 * implementation serves both, and a session's stored aggregates are by construction enough for every view:
 * snapshot.ts writes them by reading this very interface.
 *
 * Rules for implementers and query authors:
 * - Every method is cheap to call repeatedly; implementations cache per `version`.
 * - Results are plain data (structured-clone safe); typed arrays are fine (the worker transfers them).
 * - Strings that came from packets (addresses are safe; DNS names, SNI, HTTP Host...) are display-escaped by the
 *   decoders already and must still reach the page only as React text.
 * - A query must return fresh typed arrays, never ones it keeps in a cache: the worker transfers them away.
 *
 * Exploration queries (explore.ts) get the same AnalysisData and call `exploreData(data.explore())`. Saving a
 * session (snapshot.ts) stores `exploreSnapshot(analysis)` generically (every typed array becomes a column, the
 * rest JSON; Float32Array round-trips) and a stored session rebuilds it and checks it with
 * `validateExploreSnapshot(value: unknown): ExploreSnapshot` (explore-snapshot-validate.ts, throws when invalid)
 * before handing it to explore queries.
 */
import type { CaptureSummary } from '../capture-summary.ts'
import type { DetectionView } from '../../detect/live-detection.ts'
import type { IoSeries } from '../io-graph.ts'
import type { ProtocolNode } from '../protocol-hierarchy.ts'
import type { ServiceRecord } from '../services.ts'
import type { TopTalker } from '../top-talkers.ts'
import type { HostMatrix, HostMetric, HostWindowRecord, WindowSeries } from '../window-queries.ts'
import type { ExploreInput } from './explore-source.ts'
import type { HostWindowTable } from './host-window-table.ts'

/** Caps on what a session keeps (a stored session answers from these; the live one uses the same caps). */
export const DATA_CAPS = {
  /** (destination host, port) pairs kept for the port x host heatmap, largest by bytes first. */
  portHostPairs: 50_000,
  /** Host rows of the per-window aggregates (hosts x windows) kept. */
  hostWindowRows: 262_144,
  /** Hosts in a host x time heatmap. */
  heatmapHosts: 50,
} as const

export interface AnalysisData {
  /** Changes whenever the data may have changed (live: while reading; stored: never). Cache keys use it. */
  readonly version: number
  /** 'reading' while the file is still being read, 'done' after, 'stored' for a session from IndexedDB. */
  readonly phase: 'reading' | 'done' | 'stored'
  /** The summary; while reading, a partial one computed from the running totals (partial: true). */
  summary(): CaptureSummary
  protocolHierarchy(): ProtocolNode
  /** Busiest server ports (services.ts), at most 100. */
  services(): readonly ServiceRecord[]
  /** Busiest addresses, at most 100. */
  topTalkers(): readonly TopTalker[]
  /** Packets, bytes and flows started per bucket (bucket rounded to the base resolution; at most maxPoints). */
  ioSeries(bucketSeconds: number, maxPoints: number): IoSeries
  /** Per-window aggregates (1 s, 10 s or 60 s windows, chosen by capture length); null until reading ends. */
  windowSeries(): WindowSeries | null
  /** Hosts x windows matrix of one metric for the busiest `hosts` hosts; null until reading ends. */
  hostMatrix(metric: HostMetric, hosts: number): HostMatrix | null
  /** One host's per-window rows (host as its formatted address); [] until reading ends. */
  hostWindows(host: string): readonly HostWindowRecord[]
  /** The host rows of the window containing `time`, busiest first; [] until reading ends. */
  hostsInWindow(time: number, limit: number): readonly HostWindowRecord[]
  /** The per-(window, host) rows behind the three methods above; null until reading ends. */
  hostWindowTable(): HostWindowTable | null
  /** Traffic per (destination host, destination port) from the TCP/UDP conversations, largest first. */
  portHosts(): PortHostTable
  /**
   * The exploration views' input (src/analysis/queries/explore-source.ts): the CaptureAnalysis itself when
   * live, the ExploreSnapshot read back from IndexedDB when stored. Exploration queries call
   * exploreData(data.explore()) and cache with explore-source.ts's cached().
   */
  explore(): ExploreInput
  /**
   * The latest detection run (alerts, host risk, the baseline compared with): provisional while reading, final
   * after; from a stored session, what it saved. Null (or absent) when there is none yet.
   */
  detection?(): DetectionView | null
}

/** Rows of (destination host, protocol/port) with their traffic (B side of a conversation = destination). */
export interface PortHostTable {
  readonly host: readonly string[]
  /** "tcp/443" style labels. */
  readonly port: readonly string[]
  readonly bytes: Float64Array
  readonly packets: Float64Array
  readonly conversations: Float64Array
}

/**
 * A query: a pure function of the data and plain-data params. Params arrive from the page through
 * postMessage, so a query must tolerate any value in them (clamp numbers, default unknown enums) and never
 * throw on bad params. Register queries in core.ts (shell views) or explore.ts (exploration views).
 */
export type QueryFn = (data: AnalysisData, params: never) => unknown
