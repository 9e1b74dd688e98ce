/**
 * The detection views' queries: the current alerts and host risk (provisional while reading), the baseline
 * (as data for the Baseline view and as JSON text to export), the flows an alert cites, the hosts and edges new
 * against the baseline (topology), the baseline's global bands (time series) and the detector catalog (settings).
 * Each answers the live analysis and a stored session alike through AnalysisData.detection() and explore().
 */
import { baselineToJSON } from '../../baseline/baseline-json.ts'
import type { Band } from '../../baseline/robust-stats.ts'
import type { Baseline } from '../../baseline/types.ts'
import type { AlertCategory } from '../../detect/alert.ts'
import type { DetectSettings } from '../../detect/detect-settings.ts'
import type { DetectionReport } from '../../detect/detection-report.ts'
import { detectorCatalog, type DetectorInfo } from '../../detect/registry.ts'
import type { AnalysisData, QueryFn } from './analysis-data.ts'
import { clampParam } from './core.ts'
import { exploreData } from './explore-source.ts'
import { flowRow, type FlowRow } from './flows-page.ts'

export interface DetectionAnswer extends DetectionReport {
  readonly baselineLabel: string
  readonly provisional: boolean
  readonly sequence: number
  readonly settings: DetectSettings
  /** Alerts per category, over all alerts returned. */
  readonly perCategory: Readonly<Partial<Record<AlertCategory, number>>>
  /** Whether detectors can run again here (live analysis) or not (a stored session). */
  readonly canRerun: boolean
}

function detection(data: AnalysisData, _params?: Record<string, never>): DetectionAnswer | null {
  const view = data.detection?.() ?? null
  if (view === null) return null
  const perCategory: Partial<Record<AlertCategory, number>> = {}
  for (const a of view.report.alerts) perCategory[a.category] = (perCategory[a.category] ?? 0) + 1
  return {
    ...view.report,
    baselineLabel: view.baselineLabel,
    provisional: view.provisional,
    sequence: view.sequence,
    settings: view.settings,
    perCategory,
    canRerun: data.phase !== 'stored',
  }
}

function baseline(data: AnalysisData, _params?: Record<string, never>): Baseline | null {
  return data.detection?.()?.baseline ?? null
}

function baselineJson(data: AnalysisData, _params?: Record<string, never>): string | null {
  const b = baseline(data, {})
  return b === null ? null : `${baselineToJSON(b, 1)}\n`
}

/** Most evidence rows one request returns (an alert lists at most MAX_EVIDENCE). */
const MAX_EVIDENCE_ROWS = 500

function evidenceFlows(data: AnalysisData, params: { readonly ids?: readonly number[] }): FlowRow[] {
  const ids = typeof params === 'object' && params !== null && Array.isArray(params.ids) ? params.ids : []
  const d = exploreData(data.explore())
  const out: FlowRow[] = []
  for (const id of ids.slice(0, MAX_EVIDENCE_ROWS)) {
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0 && id < d.flows.count) out.push(flowRow(d, id))
  }
  return out
}

export interface NewAgainstBaseline {
  /** Hosts seen after the baseline period but not in it. */
  readonly hosts: readonly string[]
  /** Client>server pairs seen after the baseline period but not in it. */
  readonly edges: readonly { readonly src: string; readonly dst: string }[]
  /** The baseline period's end: only flows starting after it count. */
  readonly since: number
  /** True when the lists were capped. */
  readonly truncated: boolean
}

const MAX_NEW_HOSTS = 1000
const MAX_NEW_EDGES = 5000

/**
 * Hosts and edges new against the baseline. A baseline whose host or edge list hit its cap cannot say what is
 * new in that list, so that list comes back empty rather than full of false "new" entries.
 */
function newAgainstBaseline(data: AnalysisData, _params?: Record<string, never>): NewAgainstBaseline | null {
  const b = baseline(data, {})
  if (b === null) return null
  const d = exploreData(data.explore())
  const c = d.flows
  const knownHosts = new Set(b.hosts.map((h) => h.addr))
  const knownEdges = new Set(b.edges)
  const hosts = new Set<string>()
  const edges = new Map<string, { src: string; dst: string }>()
  let truncated = false
  const since = b.source.end
  for (let id = 0; id < c.count; id++) {
    if (c.first[id] < since || c.kind[id] !== 0) continue
    const src = d.addresses.text(c.origAddr[id])
    const dst = d.addresses.text(c.respAddr[id])
    if (!b.truncated.hosts) {
      for (const h of [src, dst]) {
        if (knownHosts.has(h) || hosts.has(h)) continue
        if (hosts.size >= MAX_NEW_HOSTS) truncated = true
        else hosts.add(h)
      }
    }
    if (!b.truncated.edges) {
      const key = `${src}>${dst}`
      if (knownEdges.has(key) || edges.has(key)) continue
      if (edges.size >= MAX_NEW_EDGES) truncated = true
      else edges.set(key, { src, dst })
    }
  }
  return { hosts: [...hosts], edges: [...edges.values()], since, truncated }
}

export interface BaselineBands {
  readonly windowSeconds: number
  readonly start: number
  readonly end: number
  /** Per-second rates learned over the period. */
  readonly packets: Band
  readonly bytes: Band
  readonly flows: Band
}

function baselineBands(data: AnalysisData, _params?: Record<string, never>): BaselineBands | null {
  const b = baseline(data, {})
  if (b === null) return null
  return { windowSeconds: b.windowSeconds, start: b.source.start, end: b.source.end, packets: b.global.packets, bytes: b.global.bytes, flows: b.global.flows }
}

function detectors(_data: AnalysisData, _params?: Record<string, never>): DetectorInfo[] {
  return detectorCatalog()
}

/** Alerts whose time span overlaps [start, end], for markers on a chart (at most `limit`, most severe first). */
function alertsInRange(data: AnalysisData, params: { readonly start?: number; readonly end?: number; readonly limit?: number }): DetectionReport['alerts'] {
  const view = data.detection?.() ?? null
  if (view === null) return []
  const start = clampParam(params?.start, -Infinity, -Infinity, Infinity)
  const end = clampParam(params?.end, Infinity, -Infinity, Infinity)
  const limit = clampParam(params?.limit, 200, 1, 2000)
  return view.report.alerts.filter((a) => a.end >= start && a.start <= end).slice(0, limit)
}

export const detectQueries = {
  detection,
  baseline,
  baselineJson,
  evidenceFlows,
  newAgainstBaseline,
  baselineBands,
  detectors,
  alertsInRange,
} satisfies Record<string, QueryFn>
