/**
 * Engine worker: wiring only. It turns the File it is given into a ByteSource (read by a reader worker of its
 * own: reader-source.ts), runs the engine's
 * analyzeFile on it (a capture, or a traffic table summarised as a whole), keeps the analysis (as LiveAnalysisData) to answer queries during and after the read,
 * runs the detectors alongside (src/detect/live-detection.ts: provisional alerts with the partial summaries,
 * the final set at the end, re-runs on request without re-reading), builds the aggregates a session saves and
 * writes the session to IndexedDB itself (src/storage/engine-save.ts). The logic lives in src/; the page reaches this worker only
 * through src/engine-client.ts.
 */
import { expose } from 'comlink'
import { CaptureAnalysis } from '../src/analysis/capture-analysis.ts'
import { analyzeFile, MappingNeededError } from '../src/analysis/analyze-file.ts'
import type { AnalyzeProgress, CaptureSummary } from '../src/analysis/capture-summary.ts'
import { exploreSnapshot } from '../src/analysis/queries/explore-snapshot.ts'
import { runQueryUnchecked } from '../src/analysis/queries/index.ts'
import { LiveAnalysisData } from '../src/analysis/queries/live-data.ts'
import { buildSnapshot } from '../src/analysis/queries/snapshot.ts'
import { PacketTableFeed, retainedForDetection, withLabelScores } from '../src/analysis/table-summary.ts'
import { tableExplore } from '../src/analysis/queries/table-explore.ts'
import { parseDetectSettings } from '../src/detect/detect-settings.ts'
import { LiveDetection, type LiveAlerts } from '../src/detect/live-detection.ts'
import { detectTable } from '../src/detect/table-detection.ts'
import { FormatError } from '../src/formats/format.ts'
import type { FlowRecordBatch } from '../src/formats/tables/table-model.ts'
import { EngineStorage } from '../src/storage/engine-save.ts'
import type { TwinProgress } from '../src/twin/lab/lab-types.ts'
import { TwinLab } from '../src/twin/lab/twin-lab.ts'
import {
  MAX_FILE_BYTES,
  PARTIAL_INTERVAL_MS,
  PROGRESS_INTERVAL_MS,
  type AnalyzeResult,
  type DetectAnswer,
  type EngineApi,
  type ProgressCallback,
  type QueryAnswer,
  type TableChoice,
} from './engine-api.ts'
import { readerSource, type ReaderPort } from './reader-source.ts'
import { SpareReader } from './spare-reader.ts'

/**
 * Slice size for reading the File. The worker only sees a cancel request or a query, and reports progress,
 * between slices (it has no other chance to run its message loop), so slices are kept small enough to parse
 * in ~100 ms.
 */
const SLICE_BYTES = 4 * 1024 * 1024

/** Reader workers (reader-source.ts), one per read, each started ahead in idle time (spare-reader.ts). */
const readers = new SpareReader((): ReaderPort | null =>
  typeof Worker === 'undefined' ? null : (new Worker(new URL('./reader.worker.ts', import.meta.url), { type: 'module', name: 'nettwin-reader' }) as unknown as ReaderPort),
)
/** Milliseconds after start-up, and after each read, before the next reader is started. */
const SPARE_READER_DELAY_MS = 1500
readers.prepare(SPARE_READER_DELAY_MS)

let running: AbortController | null = null
/**
 * Analyses queries are answered from, by run: the one being read and the one the page shows (the page says
 * which with show()), so a file that fails to open leaves the previous capture on screen and queryable.
 */
const analyses = new Map<number, LiveAnalysisData>()
/** The detection state kept beside each analysis (taps, settings), for live runs and re-runs. */
const detections = new WeakMap<LiveAnalysisData, LiveDetection>()

/** The File behind each analysis: the twin injects into the capture by reading it again. */
const files = new WeakMap<LiveAnalysisData, File>()
/** The twin of the capture on screen (or of a baseline) and its last scenario run. */
const twinLab = new TwinLab()
/** The worker's own session-database connection: sessions are written from here, not from the page. */
const sessionDb = new EngineStorage()

/** Forwards twin progress; a released proxy must not fail the build or run. */
function twinProgress(onProgress: (p: TwinProgress) => void): (p: TwinProgress) => void {
  return (p) => {
    try {
      const sent: unknown = onProgress(p)
      if (sent instanceof Promise) sent.catch(() => undefined)
    } catch {
      // The page went away or stopped listening; the answer still goes back through the call's reply.
    }
  }
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/**
 * Milliseconds spent on partial summaries and queries since the last partial summary. The next partial waits
 * PARTIAL_COST_FACTOR times that long (and at least PARTIAL_INTERVAL_MS), so answering the page never takes
 * more than about 1/PARTIAL_COST_FACTOR of the worker's time, however large the tables grow.
 */
let liveCost = 0
const PARTIAL_COST_FACTOR = 20

/**
 * How often the read's progress is looked at for a partial summary (and a provisional detection run) to be due.
 * Finer than PROGRESS_INTERVAL_MS, so those come as soon as they are due, as before that interval was widened.
 */
const PARTIAL_CHECK_MS = 100

/**
 * Forwards progress at most every PROGRESS_INTERVAL_MS, with a partial summary every PARTIAL_INTERVAL_MS or less
 * often; a report that carries a partial summary or alerts goes when they are ready.
 */
function throttled(onProgress: ProgressCallback, data: LiveAnalysisData, detection: LiveDetection, signal: AbortSignal): (p: AnalyzeProgress) => void {
  let last = -Infinity
  let lastSent = -Infinity
  // The first progress report carries a partial summary at once: the page shows results within the first
  // batch, and a worker that dies early still leaves something to show.
  let nextPartial = -Infinity
  liveCost = 0
  return (p) => {
    const now = performance.now()
    if (now - last < PARTIAL_CHECK_MS) return
    last = now
    let partial = null
    let alerts: LiveAlerts | null = null
    if (now >= nextPartial) {
      data.touch()
      partial = data.summary()
      const spent = performance.now() - now + liveCost
      liveCost = 0
      // The live alert stream: a provisional run over the flows so far, when its own pacing allows one (it
      // paces itself by its own cost, so it is not counted in the partial summaries' budget).
      const view = signal.aborted ? null : detection.runIfDue()
      if (view !== null) {
        data.setDetection(view)
        alerts = detection.liveAlerts(view)
      }
      nextPartial = performance.now() + Math.max(PARTIAL_INTERVAL_MS, PARTIAL_COST_FACTOR * spent)
    }
    if (partial === null && alerts === null && now - lastSent < PROGRESS_INTERVAL_MS) return
    lastSent = now
    try {
      const report = { ...p, flows: data.analysis.flows.count, dataVersion: data.version, ...(partial ? { partial } : {}), ...(alerts ? { alerts } : {}) }
      const sent: unknown = onProgress(report)
      if (sent instanceof Promise) sent.catch(() => undefined)
    } catch {
      // The proxy was released; the result still goes back through analyze's own reply.
    }
  }
}

/** Progress of a table read, in the shape of a capture's (records counted as packets, no partial summary). */
function tableProgress(onProgress: ProgressCallback, totalBytes: number): (p: { bytesRead: number; records: number }) => void {
  let last = -Infinity
  return (p) => {
    const now = performance.now()
    if (now - last < PROGRESS_INTERVAL_MS) return
    last = now
    try {
      const sent: unknown = onProgress({ bytesRead: p.bytesRead, totalBytes, packets: p.records, flows: 0, dataVersion: 0 })
      if (sent instanceof Promise) sent.catch(() => undefined)
    } catch {
      // As in throttled(): the result still goes back through analyze's own reply.
    }
  }
}

function failure(e: unknown): AnalyzeResult {
  if (e instanceof MappingNeededError) {
    return { ok: false, code: e.code, message: e.message, mapping: { proposal: e.proposal, sampleRows: e.sampleRows } }
  }
  if (e instanceof FormatError) return { ok: false, code: e.code, message: e.message }
  const name = typeof e === 'object' && e !== null ? String((e as { name?: unknown }).name) : ''
  const message = messageOf(e)
  // A File that changed or vanished on disk after it was picked fails with NotReadableError / NotFoundError.
  if (name === 'NotReadableError' || name === 'NotFoundError') return { ok: false, code: 'read-failed', message: `The file could not be read: ${message}` }
  return { ok: false, code: 'internal', message: `nettwin failed while reading the file: ${message}` }
}

/**
 * A read that failed after packets were analysed keeps them, as a cancel does: the analysis is finished and
 * its summary marked partial, so the page can show what was read (null when nothing was, or that failed too).
 */
function keepPartial(data: LiveAnalysisData | undefined): CaptureSummary | null {
  if (data === undefined || data.analysis.stats.packets === 0) return null
  try {
    data.analysis.finish(data.analysis.stats.end)
    const summary: CaptureSummary = { ...data.runningSummary(), partial: true }
    data.finish(summary)
    return summary
  } catch {
    return null
  }
}

function dataOf(run: number): LiveAnalysisData | null {
  return analyses.get(run) ?? null
}

const api: EngineApi = {
  async analyze(file: File, run: number, onProgress: ProgressCallback, table?: TableChoice): Promise<AnalyzeResult> {
    running?.abort()
    const controller = new AbortController()
    running = controller
    try {
      if (file.size > MAX_FILE_BYTES) {
        const gib = (file.size / 1024 ** 3).toFixed(1)
        return { ok: false, code: 'too-large', message: `${file.name} is ${gib} GiB; nettwin reads files up to 2 GiB.` }
      }
      const analysis = new CaptureAnalysis()
      const data = new LiveAnalysisData(analysis, file.name)
      const detection = new LiveDetection(analysis, file.name)
      detections.set(data, detection)
      files.set(data, file)
      const tableFlows: FlowRecordBatch[] = []
      // At most the shown analysis and this one: an unfinished earlier read (cancelled by this one) goes.
      for (const r of [...analyses.keys()]) if (analyses.get(r)?.phase !== 'done') analyses.delete(r)
      analyses.set(run, data)
      // A packet table's records take the capture's packet path: the same views, statistics and detectors.
      const packetTable = new PacketTableFeed(analysis, (batch, ctx) => {
        data.noteBatch(batch)
        detection.consume(batch, ctx)
      })
      let result = await analyzeFile(readerSource(file, file.name, SLICE_BYTES, () => readers.take()), {
        signal: controller.signal,
        analysis,
        onProgress: throttled(onProgress, data, detection, controller.signal),
        onBatch: (batch, ctx) => {
          data.noteBatch(batch)
          detection.consume(batch, ctx)
        },
        onFlows: (batch) => void tableFlows.push(retainedForDetection(batch)),
        onPackets: (batch) => packetTable.add(batch),
        dialect: table?.dialect,
        mapping: table?.mapping,
        onTableProgress: tableProgress(onProgress, file.size),
        confirmGuessedColumns: true,
      })
      if (result.kind === 'table' && packetTable.packets > 0) result = { kind: 'capture', summary: packetTable.summary(result.summary) }
      if (result.kind === 'table') {
        // Table views get everything from the summary: nothing stays behind to query.
        analyses.delete(run)
        const found = detectTable(tableFlows, { fileName: file.name })
        const table = found.scores === null ? result.summary : withLabelScores(result.summary, found.scores)
        return { ok: true, kind: 'table', table, detection: found.report, explore: tableExplore(tableFlows) }
      }
      data.finish(result.summary)
      if (result.summary.cancelled) {
        // A cancelled read answers at once (shared/RELIABILITY.md: within 2 s); the final detection over what was
        // read follows in the background and replaces the provisional alerts for the next query.
        setTimeout(() => {
          if (analyses.get(run) === data) data.setDetection(detection.runFinal())
        }, 0)
        return { ok: true, summary: result.summary }
      }
      const view = detection.runFinal()
      data.setDetection(view)
      return { ok: true, summary: result.summary, alerts: detection.liveAlerts(view) }
    } catch (e) {
      const partial = keepPartial(analyses.get(run))
      if (partial === null) analyses.delete(run)
      const answer = failure(e)
      return partial !== null && !answer.ok ? { ...answer, partial } : answer
    } finally {
      if (running === controller) running = null
      readers.prepare(SPARE_READER_DELAY_MS)
    }
  },
  cancel(): void {
    running?.abort()
  },
  async ping() {
    return true
  },
  show(run: number): void {
    for (const r of [...analyses.keys()]) if (r !== run) analyses.delete(r)
  },
  async query(run: number, name: string, params: unknown): Promise<QueryAnswer> {
    const data = dataOf(run)
    if (!data) return { ok: false, message: 'This analysis is no longer in the engine (another file was opened).' }
    const started = performance.now()
    try {
      const value = runQueryUnchecked(data, name, params)
      // Copied, never transferred: once any buffer of this worker has been detached by a transfer, V8 adds a
      // detached-buffer check to every optimised typed-array access from then on, and decoding the rest of the
      // file runs up to twice as slow. Answers are chart-sized, so the copy costs little.
      return { ok: true, value }
    } catch (e) {
      return { ok: false, message: `The query "${String(name).slice(0, 64)}" failed: ${messageOf(e)}` }
    } finally {
      if (data.phase === 'reading') liveCost += performance.now() - started
    }
  },
  async detect(run: number, settings: unknown): Promise<DetectAnswer> {
    const data = dataOf(run)
    const detection = data === null ? undefined : detections.get(data)
    if (data === null || detection === undefined) return { ok: false, message: 'This analysis is no longer in the engine (another file was opened).' }
    const parsed = parseDetectSettings(settings)
    if (!parsed.ok) return { ok: false, message: `These detector settings cannot be used: ${parsed.error}` }
    try {
      const result = detection.rerun(parsed.settings)
      if (!result.ok) return { ok: false, message: result.error }
      data.setDetection(result.view)
      return { ok: true, alerts: detection.liveAlerts(result.view), dataVersion: data.version }
    } catch (e) {
      return { ok: false, message: `The detectors failed: ${messageOf(e)}` }
    }
  },
  async saveSession(run, request) {
    const data = dataOf(run)
    if (!data || data.phase !== 'done') return { ok: false, code: 'failed', message: 'There is no finished analysis to save.' }
    let payload: ReturnType<typeof buildSnapshot>
    try {
      // The snapshot is made for this save alone, so packing keeps its parts instead of copying them.
      payload = buildSnapshot(data, exploreSnapshot(data.analysis), true)
    } catch (e) {
      return { ok: false, code: 'failed', message: `The session could not be prepared for saving: ${messageOf(e)}` }
    }
    return sessionDb.save(payload, request, files.get(data) ?? null)
  },
  async twinBuild(request, onProgress) {
    const data = request.basis.kind === 'capture' ? dataOf(request.basis.run) : null
    const file = data === null ? undefined : files.get(data)
    const capture = data !== null && file !== undefined && data.phase === 'done' ? { analysis: data.analysis, linkTypes: data.summary().linkTypes, file, name: data.fileName } : null
    return twinLab.build(request, capture, twinProgress(onProgress))
  },
  async twinRun(request, onProgress) {
    return twinLab.run(request, twinProgress(onProgress))
  },
  async twinExport(kind) {
    return twinLab.export(kind)
  },
  twinCancel(): void {
    twinLab.cancel()
  },
}

expose(api)
