/**
 * What the page knows about the capture being read and the last one read: small facts only (the summary is a
 * few hundred numbers); packet data stays in the worker. The actions below are the page's only way to start or
 * stop an analysis, and they go through src/engine-client.ts.
 */
import { create } from 'zustand'
import type { AnalyzeProgress, CaptureSummary } from '../analysis/capture-summary.ts'
import { analyzeFile, cancelAnalysis } from '../engine-client.ts'

/** idle: nothing read yet; reading: a file is being analysed; done: a summary is shown; error: the last file failed. */
export type Phase = 'idle' | 'reading' | 'done' | 'error'

export interface PageError {
  /** An AnalyzeErrorCode, or 'sample-unavailable' when a built-in sample could not be fetched. */
  readonly code: string
  readonly message: string
  /** The file (or sample) that failed, as the user named it. */
  readonly fileName: string
}

interface AnalysisState {
  /** What the page is doing; also mirrored to document.body.dataset.state so tests can wait on it. */
  readonly phase: Phase
  /** Name and size of the file being read (null when not reading). */
  readonly reading: { readonly name: string; readonly size: number } | null
  /** Latest progress report of the current read. */
  readonly progress: AnalyzeProgress | null
  /** performance.now() when the current read started, for the elapsed time. */
  readonly startedAt: number
  /** The last summary obtained; kept when a later file fails so the user does not lose it. */
  readonly summary: CaptureSummary | null
  /** Why the last file gave no summary (null after a success). */
  readonly error: PageError | null
  /** Reads finished so far (summary, cancel or error): mirrored to document.body.dataset.finished for tests. */
  readonly finished: number
}

export const useAnalysisStore = create<AnalysisState>(() => ({
  phase: 'idle',
  reading: null,
  progress: null,
  startedAt: 0,
  summary: null,
  error: null,
  finished: 0,
}))

/** Identifies the newest read: results of older reads that finish late are dropped. */
let currentRun = 0

/** Reads a file the user dropped or picked, replacing any read in progress. */
export async function openFile(file: File): Promise<void> {
  const run = ++currentRun
  useAnalysisStore.setState({
    phase: 'reading',
    reading: { name: file.name, size: file.size },
    progress: { bytesRead: 0, totalBytes: file.size, packets: 0 },
    startedAt: performance.now(),
  })
  const result = await analyzeFile(file, (progress) => {
    if (run === currentRun) useAnalysisStore.setState({ progress })
  })
  if (run !== currentRun) return
  if (result.ok) {
    useAnalysisStore.setState((s) => ({ phase: 'done', reading: null, progress: null, summary: result.summary, error: null, finished: s.finished + 1 }))
  } else {
    const error = { code: result.code, message: result.message, fileName: file.name }
    useAnalysisStore.setState((s) => ({ phase: 'error', reading: null, progress: null, error, finished: s.finished + 1 }))
  }
}

/** Stops the current read; the partial summary then arrives marked as cancelled. */
export function cancelReading(): void {
  if (useAnalysisStore.getState().phase === 'reading') cancelAnalysis()
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
  const run = ++currentRun
  useAnalysisStore.setState({ phase: 'reading', reading: { name, size: 0 }, progress: null, startedAt: performance.now() })
  let file: File
  try {
    const response = await fetch(`samples/${name}`)
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    file = new File([await response.blob()], name)
  } catch (e) {
    if (run !== currentRun) return
    const message = `The built-in sample ${name} could not be loaded (${e instanceof Error ? e.message : String(e)}).`
    const error = { code: 'sample-unavailable', message, fileName: name }
    useAnalysisStore.setState((s) => ({ phase: 'error', reading: null, progress: null, error, finished: s.finished + 1 }))
    return
  }
  if (run === currentRun) await openFile(file)
}
