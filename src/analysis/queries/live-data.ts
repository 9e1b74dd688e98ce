/**
 * AnalysisData over a CaptureAnalysis in the worker: while the file is read (partial answers from the running
 * tables) and after (the finished report). The worker calls `noteBatch` for every batch (onBatch), `touch()`
 * when it sends a progress report with a partial summary, and `finish(summary)` when analyzeCapture resolves.
 */
import type { CaptureAnalysis } from '../capture-analysis.ts'
import type { CaptureSummary } from '../capture-summary.ts'
import { computeEndpoints } from '../endpoints.ts'
import type { IoSeries } from '../io-graph.ts'
import type { ProtocolNode } from '../protocol-hierarchy.ts'
import { type ServiceRecord, computeServices } from '../services.ts'
import { topTalkers, type TopTalker } from '../top-talkers.ts'
import type { HostMatrix, HostMetric, HostWindowRecord, WindowSeries } from '../window-queries.ts'
import type { PacketBatch } from '../../model/packet-batch.ts'
import type { DetectionView } from '../../detect/live-detection.ts'
import { type AnalysisData, DATA_CAPS, type PortHostTable } from './analysis-data.ts'
import type { ExploreInput } from './explore-source.ts'
import { type HostWindowTable, extractHostWindows, hostMatrixOf, hostSeriesOf, hostsInWindowOf } from './host-window-table.ts'
import { BatchTotals, partialSummary } from './partial-summary.ts'
import { portHostsFrom } from './port-hosts.ts'

const TOP_N = 100

export class LiveAnalysisData implements AnalysisData {
  version = 0
  phase: 'reading' | 'done' = 'reading'
  private final: CaptureSummary | null = null
  private readonly totals = new BatchTotals()
  private readonly memo = new Map<string, { version: number; value: unknown }>()
  /** The latest detection run over this analysis (the worker sets it: detect/live-detection.ts). */
  detectionView: DetectionView | null = null

  constructor(
    readonly analysis: CaptureAnalysis,
    readonly fileName: string,
  ) {}

  /** The onBatch hook: counts what the analysis does not keep (captured bytes, link types). */
  noteBatch(batch: PacketBatch): void {
    this.totals.add(batch)
  }

  /** The data moved on: caches keyed by version are dropped. */
  touch(): void {
    this.version++
  }

  /** Reading ended (completely or cancelled) with this summary. */
  finish(summary: CaptureSummary): void {
    this.final = summary
    this.phase = 'done'
    this.version++
  }

  private once<T>(key: string, compute: () => T): T {
    const hit = this.memo.get(key)
    if (hit && hit.version === this.version) return hit.value as T
    const value = compute()
    this.memo.set(key, { version: this.version, value })
    return value
  }

  summary(): CaptureSummary {
    return this.final ?? this.once('summary', () => this.runningSummary())
  }

  /** The summary from the running totals (what summary() answers while reading), even after the end. */
  runningSummary(): CaptureSummary {
    return partialSummary(this.analysis, this.fileName, this.totals)
  }

  protocolHierarchy(): ProtocolNode {
    return this.once('hierarchy', () => this.analysis.stats.hierarchy.tree())
  }

  services(): readonly ServiceRecord[] {
    const c = this.analysis.stats.conversations
    return this.once('services', () => computeServices(c.tcp, c.udp, TOP_N))
  }

  topTalkers(): readonly TopTalker[] {
    return this.once('talkers', () => {
      const { stats, ctx } = this.analysis
      return topTalkers(computeEndpoints(stats.conversations.ip, ctx.addresses.size), stats.overflow, ctx.addresses, TOP_N)
    })
  }

  ioSeries(bucketSeconds: number, maxPoints: number): IoSeries {
    return this.analysis.stats.ioSeries(bucketSeconds, maxPoints)
  }

  windowSeries(): WindowSeries | null {
    return this.phase === 'done' ? this.analysis.stats.windowSeries() : null
  }

  hostWindowTable(): HostWindowTable | null {
    if (this.phase !== 'done') return null
    return this.once('hostWindows', () => extractHostWindows(this.analysis.stats.windows.chosen(), this.analysis.ctx.addresses, DATA_CAPS.hostWindowRows))
  }

  hostMatrix(metric: HostMetric, hosts: number): HostMatrix | null {
    const t = this.hostWindowTable()
    return t ? hostMatrixOf(t, metric, hosts) : null
  }

  hostWindows(host: string): readonly HostWindowRecord[] {
    const t = this.hostWindowTable()
    return t ? hostSeriesOf(t, host) : []
  }

  hostsInWindow(time: number, limit: number): readonly HostWindowRecord[] {
    const t = this.hostWindowTable()
    return t ? hostsInWindowOf(t, time, limit) : []
  }

  portHosts(): PortHostTable {
    const { stats, ctx } = this.analysis
    return this.once('portHosts', () => portHostsFrom(stats.conversations.tcp, stats.conversations.udp, ctx.addresses, DATA_CAPS.portHostPairs))
  }

  explore(): ExploreInput {
    return this.analysis
  }

  detection(): DetectionView | null {
    return this.detectionView
  }

  /** A new detection run replaces the last (queries about alerts are then stale). */
  setDetection(view: DetectionView): void {
    this.detectionView = view
    this.version++
  }
}
