/**
 * The API the engine worker exposes (workers/engine.worker.ts) and the page calls through src/engine-client.ts.
 * Everything that crosses is plain data: comlink copies thrown errors only partly (no subclass, no `code`), so a
 * failure travels as a discriminated result instead of an exception.
 */
import type { AnalyzeProgress, CaptureSummary } from '../src/analysis/capture-summary.ts'
import type { TableSummary } from '../src/analysis/table-summary.ts'
import type { TableExplore } from '../src/analysis/queries/table-explore.ts'
import type { DetectionReport } from '../src/detect/detection-report.ts'
import type { LiveAlerts } from '../src/detect/live-detection.ts'
import type { FormatErrorCode } from '../src/formats/format.ts'
import type { CaptureSaveAnswer, CaptureSaveRequest } from '../src/storage/engine-save.ts'
import type { ColumnMapping, MappingProposal, TableDialectId } from '../src/formats/tables/index.ts'
import type {
  TwinAnswer, TwinBuildRequest, TwinExport, TwinExportKind, TwinOverview, TwinProgress, TwinRunRequest, TwinRunResult,
} from '../src/twin/lab/lab-types.ts'

/** Why an analysis produced no summary: a FormatError's code, or a failure of the engine itself. */
export type AnalyzeErrorCode = FormatErrorCode | 'read-failed' | 'internal' | 'worker-crashed' | 'cancel-timeout'

export type AnalyzeResult =
  | { readonly ok: true; readonly kind?: 'capture'; readonly summary: CaptureSummary; readonly alerts?: LiveAlerts }
  | {
      readonly ok: true
      readonly kind: 'table'
      readonly table: TableSummary
      readonly detection?: DetectionReport
      /** The table's flow records as exploration data (flows, conversations, endpoints, topology). */
      readonly explore?: TableExplore
    }
  | {
      readonly ok: false
      readonly code: AnalyzeErrorCode
      readonly message: string
      /** With code 'needs-mapping': a proposed column mapping and the first rows, for the mapping dialog. */
      readonly mapping?: MappingRequest
      /**
       * The read failed after packets were analysed (a read error, an engine fault): the summary of what was read
       * (partial: true). The engine keeps that analysis, so it can be queried under the run as after a cancel.
       */
      readonly partial?: CaptureSummary
    }

/** What the column mapping dialog needs: the proposal (its columns included) and a few data rows to show. */
export interface MappingRequest {
  readonly proposal: MappingProposal
  readonly sampleRows: readonly (readonly string[])[]
}

/** How to read a table instead of detecting its dialect (the user's choice or mapping). */
export interface TableChoice {
  readonly dialect?: TableDialectId
  readonly mapping?: ColumnMapping
}

/** Progress of a read, sent at most every PROGRESS_INTERVAL_MS unless it carries a partial summary or alerts. */
export interface LiveProgress extends AnalyzeProgress {
  /** Flows assembled so far. */
  readonly flows: number
  /** About every PARTIAL_INTERVAL_MS: the summary so far (partial: true); absent in the other reports. */
  readonly partial?: CaptureSummary
  /** Moves on whenever the worker's data changed since the last report: queries asked before are stale. */
  readonly dataVersion: number
  /** Set when a provisional detection run finished since the last report: the live alert stream. */
  readonly alerts?: LiveAlerts
}

/** Progress callback passed as a Comlink.proxy. */
export type ProgressCallback = (p: LiveProgress) => void

export type QueryAnswer = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string }

/** The answer to detect(): the new run's alerts (the most severe), or why the settings were refused. */
export type DetectAnswer = { readonly ok: true; readonly alerts: LiveAlerts; readonly dataVersion: number } | { readonly ok: false; readonly message: string }

export interface EngineApi {
  /**
   * Reads the file in slices inside the worker (the File crosses, not its bytes) and returns its summary.
   * `run` names this analysis: later queries and snapshots must quote it, so none is answered from another file.
   * A traffic table (CSV, TSV, JSON lines) is recognised from its content and answered with a TableSummary;
   * `table` reads it as a given dialect or through a column mapping instead.
   */
  analyze(file: File, run: number, onProgress: ProgressCallback, table?: TableChoice): Promise<AnalyzeResult>
  /** Aborts the running analysis; analyze() then resolves with the partial summary marked cancelled. */
  cancel(): void
  /** Answers true as soon as the worker has loaded and runs: the page then knows the engine is up. */
  ping(): Promise<boolean>
  /** The page now shows `run` (or, with -1, no live analysis): every other finished analysis is released. */
  show(run: number): void
  /** Runs a registered query (src/analysis/queries) over the analysis of `run`, during the read or after. */
  query(run: number, name: string, params: unknown): Promise<QueryAnswer>
  /**
   * Runs the detectors again over the analysis of `run` with these settings (parsed strictly: detector
   * parameters, on/off switches, the baseline's source: a fraction, a time range, JSON text or none), without
   * reading the file again. Queries then answer from the new run.
   */
  detect(run: number, settings: unknown): Promise<DetectAnswer>
  /**
   * Saves the finished analysis of `run` as a new session, written to IndexedDB by the worker itself
   * (src/storage/engine-save.ts): the page gets the session's list entry, or the storage error's code and message.
   */
  saveSession(run: number, request: CaptureSaveRequest): Promise<CaptureSaveAnswer>
  /**
   * The twin (src/twin/lab): learns the twin of the finished analysis of `basis.run` (or of a baseline's JSON),
   * generates its traffic and measures fidelity; one twin is kept. twinRun injects a scenario set into the twin or
   * the capture (its File is read again), detects and scores; twinExport makes a file to download as a Blob;
   * twinCancel stops a build or run at its next slice.
   */
  twinBuild(request: TwinBuildRequest, onProgress: TwinProgressCallback): Promise<TwinAnswer<TwinOverview>>
  twinRun(request: TwinRunRequest, onProgress: TwinProgressCallback): Promise<TwinAnswer<TwinRunResult>>
  twinExport(kind: TwinExportKind): Promise<TwinAnswer<TwinExport>>
  twinCancel(): void
}

/** Progress of a twin build or run, passed as a Comlink.proxy. */
export type TwinProgressCallback = (p: TwinProgress) => void

/**
 * Progress messages are throttled to this interval so a fast read does not flood the page with renders. Each
 * report re-renders the reading header: at 100 ms, with the progress bar then animated by a width transition
 * (layout and paint every frame), that cost the page's thread ~1 s of CPU and the compositor ~0.3 s during a 1 GB
 * read, on the two cores the engine worker needs one of; at 250 ms about half. (The bar now scales with a
 * transform, which needs no layout.)
 * A report that carries a partial summary or alerts is not held back (the first goes at once).
 */
export const PROGRESS_INTERVAL_MS = 250
/** A partial summary (and a new data version) goes with a progress report at most this often. */
export const PARTIAL_INTERVAL_MS = 500

/** The largest input nettwin accepts (shared/RELIABILITY.md "Large files"). */
export const MAX_FILE_BYTES = 2 * 1024 ** 3
