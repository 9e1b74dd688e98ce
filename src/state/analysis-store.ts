/**
 * What the page knows about the capture on screen: the read in progress (progress, partial summary), the
 * summary, the DataSource views query, and the session it is saved as. Small facts only: packet data stays in
 * the worker or IndexedDB. The actions here and in session-actions.ts are the page's only way to start or
 * stop an analysis or open a session; they go through src/engine-client.ts and src/storage.
 */
import { create } from 'zustand'
import type { CaptureSummary } from '../analysis/capture-summary.ts'
import { analyzeFile, cancelAnalysis, showRun } from '../engine-client.ts'
import type { LiveProgress, TableChoice } from '../../workers/engine-api.ts'
import type { DataSource } from './data-source.ts'
import { liveSource } from './sources.ts'
import { clearTable, requestMapping, showTable } from './table-store.ts'
import { noteLiveAlerts } from './detect-store.ts'

/** idle: nothing shown yet; reading: a file is being analysed; done: a capture is shown; error: the last file failed. */
export type Phase = 'idle' | 'reading' | 'done' | 'error'

export interface PageError {
  /** An AnalyzeErrorCode, 'sample-unavailable', or 'session-unavailable' (a stored session could not be opened). */
  readonly code: string
  readonly message: string
  /** The file, sample or session that failed, as the user named it. */
  readonly fileName: string
  /** The summary on screen is the part of this file read before the failure (not the previous file's). */
  readonly partial?: boolean
}

/** Where the capture on screen is saved: none yet, being saved, saved (with its id), or not saved (why). */
export type SaveState =
  | { readonly status: 'none' }
  | { readonly status: 'saving' }
  | { readonly status: 'saved'; readonly id: string }
  | { readonly status: 'failed'; readonly message: string }

export interface AnalysisState {
  /** What the page is doing; also mirrored to document.body.dataset.state so tests can wait on it. */
  readonly phase: Phase
  /** Name and size of the file being read (null when not reading). */
  readonly reading: { readonly name: string; readonly size: number } | null
  /** Latest progress report of the current read. */
  readonly progress: LiveProgress | null
  /** performance.now() when the current read started, for the elapsed time and the time left. */
  readonly startedAt: number
  /** The summary on screen: partial while reading, final after, or a stored session's. */
  readonly summary: CaptureSummary | null
  /** Where views get their data (null before the first capture). */
  readonly source: DataSource | null
  /** Moves on whenever the live data changed; useQuery asks again when it does. */
  readonly dataVersion: number
  /** Display name of the capture on screen (the file name, or the stored session's name). */
  readonly name: string
  readonly save: SaveState
  /** Why the last file gave no summary (null after a success). */
  readonly error: PageError | null
  /** Reads and session opens finished so far (summary, cancel or error): mirrored to data-finished for tests. */
  readonly finished: number
}

export const useAnalysisStore = create<AnalysisState>(() => ({
  phase: 'idle',
  reading: null,
  progress: null,
  startedAt: 0,
  summary: null,
  source: null,
  dataVersion: 0,
  name: '',
  save: { status: 'none' },
  error: null,
  finished: 0,
}))

/** Identifies the newest read or open: results of older ones that finish late are dropped. */
let currentRun = 0

/** Starts a new run (cancelling a read in progress) and returns its number. */
export function nextRun(): number {
  return ++currentRun
}

export function isCurrentRun(run: number): boolean {
  return run === currentRun
}

/** Called after a read ended with a summary (saving is wired in by session-actions.ts). */
let onAnalysed: (run: number, file: File, summary: CaptureSummary) => void = () => undefined
export function setOnAnalysed(handler: typeof onAnalysed): void {
  onAnalysed = handler
}

/**
 * Reads a file the user dropped, picked or launched, replacing any read in progress. A traffic table ends up in
 * the table store (table-store.ts) with no capture source; `table` reads one as a chosen dialect or mapping.
 */
export async function openFile(file: File, table?: TableChoice): Promise<void> {
  const run = nextRun()
  useAnalysisStore.setState({
    phase: 'reading',
    reading: { name: file.name, size: file.size },
    progress: { bytesRead: 0, totalBytes: file.size, packets: 0, flows: 0, dataVersion: 0 },
    startedAt: performance.now(),
  })
  let started = false
  const result = await analyzeFile(
    file,
    run,
    (progress) => {
      if (!isCurrentRun(run)) return
      // The first partial summary switches the views to the new capture; until then the previous one stays.
      if (progress.partial && !started) {
        started = true
        showRun(run)
        clearTable()
        useAnalysisStore.setState({ source: liveSource(run), name: file.name, save: { status: 'none' }, error: null })
      }
      useAnalysisStore.setState((s) => ({ progress, summary: progress.partial ?? s.summary, dataVersion: started ? progress.dataVersion : s.dataVersion }))
      // The live alert stream: provisional alerts over what was read so far.
      if (progress.alerts && started) noteLiveAlerts(run, progress.alerts)
    },
    table,
  )
  if (!isCurrentRun(run)) return
  if (result.ok && result.kind === 'table') {
    // The engine keeps nothing of a table: the previous capture's data can go.
    showRun(-1)
    showTable(file, result.table, result.explore)
    useAnalysisStore.setState((s) => ({
      phase: 'done',
      reading: null,
      progress: null,
      summary: null,
      source: null,
      name: file.name,
      save: { status: 'none' },
      error: null,
      finished: s.finished + 1,
    }))
  } else if (result.ok) {
    showRun(run)
    clearTable()
    if (result.alerts) noteLiveAlerts(run, result.alerts)
    useAnalysisStore.setState((s) => ({
      phase: 'done',
      reading: null,
      progress: null,
      summary: result.summary,
      source: started ? s.source : liveSource(run),
      name: file.name,
      save: { status: 'none' },
      dataVersion: s.dataVersion + 1,
      error: null,
      finished: s.finished + 1,
    }))
    onAnalysed(run, file, result.summary)
  } else if (result.partial) {
    // The engine failed mid-file but kept what it read: shown (and queryable) as partial, never saved.
    const partial = result.partial
    showRun(run)
    clearTable()
    const error = { code: result.code, message: `${result.message} ${PARTIAL_NOTE}`, fileName: file.name, partial: true }
    useAnalysisStore.setState((s) => ({
      phase: 'error',
      reading: null,
      progress: null,
      summary: partial,
      source: started ? s.source : liveSource(run),
      name: file.name,
      save: { status: 'none' },
      dataVersion: s.dataVersion + 1,
      error,
      finished: s.finished + 1,
    }))
  } else if (started) {
    // The views had switched to this file, but the engine lost it (the worker died or was stopped): the last
    // partial summary stays on screen without views, since nothing is left to answer their queries.
    const error = { code: result.code, message: `${result.message} ${PARTIAL_NOTE}`, fileName: file.name, partial: true }
    useAnalysisStore.setState((s) => ({ phase: 'error', reading: null, progress: null, source: null, error, finished: s.finished + 1 }))
  } else {
    if (result.code === 'needs-mapping' && result.mapping) requestMapping(file, result.mapping)
    const error = { code: result.code, message: result.message, fileName: file.name }
    useAnalysisStore.setState((s) => ({ phase: 'error', reading: null, progress: null, error, finished: s.finished + 1 }))
  }
}

const PARTIAL_NOTE = 'What was read before the failure is shown, marked as partial.'

/** Stops the current read; the partial summary then arrives marked as cancelled. */
export function cancelReading(): void {
  if (useAnalysisStore.getState().phase === 'reading') cancelAnalysis()
}

/** Reports a failure to open something (a sample, a session) the same way a failed read is reported. */
export function reportOpenError(run: number, code: string, fileName: string, message: string): void {
  if (!isCurrentRun(run)) return
  const error = { code, message, fileName }
  useAnalysisStore.setState((s) => ({ phase: 'error', reading: null, progress: null, error, finished: s.finished + 1 }))
}

/** Built-in samples shipped in public/samples/ (the only names ?sample= accepts). */
export const SAMPLES: readonly string[] = ['web-mix.pcapng']

/** Validates a sample name read from the URL: only names from SAMPLES, so nothing else can be fetched. */
export function sampleFromQuery(search: string): string | null {
  const name = new URLSearchParams(search).get('sample')
  return name !== null && SAMPLES.includes(name) ? name : null
}

/** Fetches a built-in sample relative to the page (so any base path works) and reads it. */
export async function openSample(name: string): Promise<void> {
  if (!SAMPLES.includes(name)) return
  const run = nextRun()
  useAnalysisStore.setState({ phase: 'reading', reading: { name, size: 0 }, progress: null, startedAt: performance.now() })
  let file: File
  try {
    const response = await fetch(`samples/${name}`)
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    file = new File([await response.blob()], name)
  } catch (e) {
    reportOpenError(run, 'sample-unavailable', name, `The built-in sample ${name} could not be loaded (${e instanceof Error ? e.message : String(e)}).`)
    return
  }
  if (isCurrentRun(run)) await openFile(file)
}
