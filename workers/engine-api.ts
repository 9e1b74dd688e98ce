/**
 * The API the engine worker exposes (workers/engine.worker.ts) and the page calls through src/engine-client.ts.
 * Everything that crosses is plain data: comlink copies thrown errors only partly (no subclass, no `code`), so a
 * failure travels as a discriminated result instead of an exception.
 */
import type { AnalyzeProgress, CaptureSummary } from '../src/analysis/capture-summary.ts'
import type { FormatErrorCode } from '../src/formats/format.ts'

/** Why an analysis produced no summary: a FormatError's code, or a failure of the engine itself. */
export type AnalyzeErrorCode = FormatErrorCode | 'read-failed' | 'internal' | 'worker-crashed' | 'cancel-timeout'

export type AnalyzeResult =
  | { readonly ok: true; readonly summary: CaptureSummary }
  | { readonly ok: false; readonly code: AnalyzeErrorCode; readonly message: string }

/** Progress callback passed as a Comlink.proxy; the worker calls it at most every PROGRESS_INTERVAL_MS. */
export type ProgressCallback = (p: AnalyzeProgress) => void

export interface EngineApi {
  /** Reads the file in slices inside the worker (the File crosses, not its bytes) and returns its summary. */
  analyze(file: File, onProgress: ProgressCallback): Promise<AnalyzeResult>
  /** Aborts the running analysis; analyze() then resolves with the partial summary marked cancelled. */
  cancel(): void
}

/** Progress messages are throttled to this interval so a fast read does not flood the page with renders. */
export const PROGRESS_INTERVAL_MS = 100

/** The largest input nettwin accepts (shared/RELIABILITY.md "Large files"). */
export const MAX_FILE_BYTES = 2 * 1024 ** 3
