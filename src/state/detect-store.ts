/**
 * What the detection views share: the live alert stream of the read in progress (from progress reports), the
 * alert opened in detail, the Alerts view's filters and sort, and the state of a re-run (detector settings,
 * baseline choice). Small facts only: the alerts themselves are asked of the DataSource ('detection' query).
 */
import { create } from 'zustand'
import type { AlertCategory, Severity } from '../detect/alert.ts'
import type { DetectSettings } from '../detect/detect-settings.ts'
import type { LiveAlerts } from '../detect/live-detection.ts'
import { detectEngine } from '../engine-client.ts'
import { useAnalysisStore } from './analysis-store.ts'
import type { DataSource } from './data-source.ts'

export const ALERT_SORT_COLUMNS = ['severity', 'start', 'confidence', 'category', 'detector'] as const
export type AlertSortColumn = (typeof ALERT_SORT_COLUMNS)[number]

export interface DetectState {
  /** The newest alerts a progress report (or the end of the read) carried, and for which run. */
  readonly live: LiveAlerts | null
  readonly liveRun: number
  /** Id of the alert shown in detail (null: none). */
  readonly selected: string | null
  /** Categories and severities shown (empty: all). */
  readonly categories: readonly AlertCategory[]
  readonly severities: readonly Severity[]
  readonly sort: { readonly column: AlertSortColumn; readonly descending: boolean }
  /** True while a re-run is on its way to the engine and back. */
  readonly busy: boolean
  /** Why the last re-run was refused or failed (for the user), else null. */
  readonly error: string | null
  /** The settings of the last successful re-run (null: the defaults of the read). */
  readonly applied: DetectSettings | null
}

export const useDetectStore = create<DetectState>(() => ({
  live: null,
  liveRun: 0,
  selected: null,
  categories: [],
  severities: [],
  sort: { column: 'severity', descending: true },
  busy: false,
  error: null,
  applied: null,
}))

/** A progress report (or the final result) of run `run` carried alerts. */
export function noteLiveAlerts(run: number, alerts: LiveAlerts): void {
  const s = useDetectStore.getState()
  // A new run starts afresh; within a run, a later detection replaces an earlier one.
  if (run !== s.liveRun) useDetectStore.setState({ live: alerts, liveRun: run, selected: null, applied: null, error: null })
  else if (s.live === null || alerts.sequence >= s.live.sequence) useDetectStore.setState({ live: alerts })
}

export function selectAlert(id: string | null): void {
  useDetectStore.setState({ selected: id !== null && id.length > 0 && id.length <= 128 ? id : null })
}

function toggled<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item]
}

export function toggleCategory(c: AlertCategory): void {
  useDetectStore.setState((s) => ({ categories: toggled(s.categories, c) }))
}

export function toggleSeverity(v: Severity): void {
  useDetectStore.setState((s) => ({ severities: toggled(s.severities, v) }))
}

export function clearAlertFilters(): void {
  useDetectStore.setState({ categories: [], severities: [] })
}

/** Sorting by the same column again flips the direction. */
export function sortAlerts(column: AlertSortColumn): void {
  useDetectStore.setState((s) => ({ sort: { column, descending: s.sort.column === column ? !s.sort.descending : column !== 'start' && column !== 'category' && column !== 'detector' } }))
}

/** The engine run behind a live DataSource ("live:<run>"), or null for a stored session. */
export function runOfSource(source: DataSource | null): number | null {
  if (source === null || source.kind !== 'live') return null
  const m = /^live:(\d+)$/.exec(source.id)
  return m === null ? null : Number(m[1])
}

/**
 * Runs the detectors again in the worker with `settings` (nothing is re-read); the views then ask again.
 * Resolves true on success; on failure the reason is in `error`.
 */
export async function rerunDetectors(source: DataSource | null, settings: DetectSettings): Promise<boolean> {
  const run = runOfSource(source)
  if (run === null) {
    useDetectStore.setState({ error: 'A saved session keeps its alerts but not its flows in the engine: open the capture file again to re-run the detectors.' })
    return false
  }
  useDetectStore.setState({ busy: true, error: null })
  try {
    const answer = await detectEngine(run, settings)
    useDetectStore.setState({ busy: false, applied: settings, live: answer.alerts, liveRun: run, selected: null })
    // Queries asked before the re-run are stale: useQuery asks again when the version moves.
    useAnalysisStore.setState((s) => ({ dataVersion: s.dataVersion + 1 }))
    return true
  } catch (e) {
    useDetectStore.setState({ busy: false, error: e instanceof Error ? e.message : String(e) })
    return false
  }
}
