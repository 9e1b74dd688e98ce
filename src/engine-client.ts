/**
 * The one module that talks to the engine worker: it starts the worker, wraps it with comlink and turns every
 * way an analysis can end (result, worker crash, a cancel the worker does not answer) into an AnalyzeResult.
 * Nothing else in the UI creates a Worker or calls comlink.
 */
import { proxy, wrap, type Remote } from 'comlink'
import type { AnalyzeResult, DetectAnswer, EngineApi, LiveProgress, TableChoice } from '../workers/engine-api.ts'
import type { DetectSettings } from './detect/detect-settings.ts'
import type { CaptureSaveAnswer, CaptureSaveRequest } from './storage/engine-save.ts'
import type { TwinAnswer, TwinBuildRequest, TwinExport, TwinExportKind, TwinOverview, TwinProgress, TwinRunRequest, TwinRunResult } from './twin/lab/lab-types.ts'

/** shared/RELIABILITY.md: cancel takes effect within 2 s; past that the worker is stopped by force. */
const CANCEL_GRACE_MS = 1500

interface Running {
  readonly settle: (r: AnalyzeResult) => void
  readonly done: Promise<AnalyzeResult>
  cancelTimer: ReturnType<typeof setTimeout> | null
}

let worker: Worker | null = null
let api: Remote<EngineApi> | null = null
let running: Running | null = null

function stopWorker(): void {
  worker?.terminate()
  worker = null
  api = null
  // A save in the worker ended with it (its partial chunks are removed by the next start's cleanup).
  for (const fail of [...savesWaiting]) fail('The analysis engine stopped while saving, so this analysis was not saved.')
}

function startWorker(): Remote<EngineApi> {
  if (api) return api
  const w = new Worker(new URL('../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'nettwin-engine' })
  // An uncaught error or a failed load kills the worker's usefulness: report it and start afresh next time.
  w.addEventListener('error', (ev) => {
    ev.preventDefault()
    const detail = ev.message ? `: ${ev.message}` : ''
    stopWorker()
    running?.settle({ ok: false, code: 'worker-crashed', message: `The analysis engine stopped unexpectedly${detail}. Try again.` })
    for (const fail of [...twinWaiting]) fail(`The analysis engine stopped unexpectedly${detail}. Open the capture again to rebuild the twin.`)
  })
  worker = w
  api = wrap<EngineApi>(w)
  return api
}

/**
 * Starts the engine worker ahead of the first file (the page calls this once it is idle after start-up). Creating
 * a worker takes the page's thread for a moment and its script is fetched and compiled before it can answer; done
 * at the drop, both fell inside the read, the first 0.1 s of which then held one of its longest page tasks. The
 * worker also starts its spare reader worker soon after (workers/spare-reader.ts). Resolves with whether the
 * worker answered; never rejects: a worker that cannot start now is started again, and reported, when a file is
 * opened.
 */
export function prepareEngine(): Promise<boolean> {
  let remote: Remote<EngineApi>
  try {
    remote = startWorker()
  } catch {
    // Reported by the analysis that needs it.
    return Promise.resolve(false)
  }
  const w = worker
  return new Promise((resolve) => {
    // A worker whose script fails to load never answers the ping: its error event settles the wait instead.
    const failed = (): void => resolve(false)
    w?.addEventListener('error', failed, { once: true })
    remote.ping().then(
      () => {
        w?.removeEventListener('error', failed)
        resolve(true)
      },
      failed,
    )
  })
}

/**
 * Analyses a file in the worker under the run number `runId` (queries and snapshots quote it); never rejects.
 * A new call cancels the one still running and waits for it to end.
 */
export function analyzeFile(file: File, runId: number, onProgress: (p: LiveProgress) => void, table?: TableChoice): Promise<AnalyzeResult> {
  const previous = running
  if (!previous) return startRun(file, runId, onProgress, table)
  cancelAnalysis()
  return previous.done.then(() => startRun(file, runId, onProgress, table))
}

function startRun(file: File, runId: number, onProgress: (p: LiveProgress) => void, table?: TableChoice): Promise<AnalyzeResult> {
  let resolve: (r: AnalyzeResult) => void = () => undefined
  const done = new Promise<AnalyzeResult>((r) => (resolve = r))
  const run: Running = {
    done,
    cancelTimer: null,
    settle: (r) => {
      if (run.cancelTimer !== null) clearTimeout(run.cancelTimer)
      if (running === run) running = null
      resolve(r)
    },
  }
  running = run
  let remote: Remote<EngineApi>
  try {
    remote = startWorker()
  } catch (e) {
    run.settle({ ok: false, code: 'worker-crashed', message: `The analysis engine could not start: ${String(e)}` })
    return done
  }
  remote.analyze(file, runId, proxy(onProgress), table).then(run.settle, (e: unknown) => {
    run.settle({ ok: false, code: 'internal', message: `The analysis engine failed: ${e instanceof Error ? e.message : String(e)}` })
  })
  return done
}

/** Asks the running analysis to stop; it then resolves with its partial summary (or, if the worker is stuck, an error). */
export function cancelAnalysis(): void {
  const run = running
  if (!run || run.cancelTimer !== null) return
  api?.cancel().catch(() => undefined)
  run.cancelTimer = setTimeout(() => {
    if (running !== run) return
    stopWorker()
    run.settle({ ok: false, code: 'cancel-timeout', message: 'Reading was stopped. The engine did not answer in time, so no partial summary is available.' })
  }, CANCEL_GRACE_MS)
}

/** The engine has no analysis to answer from (it was restarted, or another file replaced it). */
function gone(): Error {
  return new Error('The analysis engine no longer holds this capture; open the file again or open its saved session.')
}

/** Runs a registered query over the worker's analysis of `run`; rejects with a message for the user. */
export async function queryEngine(run: number, name: string, params: unknown): Promise<unknown> {
  if (!api) throw gone()
  let answer
  try {
    answer = await api.query(run, name, params)
  } catch (e) {
    throw new Error(`The analysis engine did not answer: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (!answer.ok) throw new Error(answer.message)
  return answer.value
}

/**
 * Runs the detectors again over the worker's analysis of `run` with these settings (no re-reading); resolves
 * with the new run's most severe alerts, rejects with a message for the user.
 */
export async function detectEngine(run: number, settings: DetectSettings): Promise<Extract<DetectAnswer, { ok: true }>> {
  if (!api) throw gone()
  let answer: DetectAnswer
  try {
    answer = await api.detect(run, settings)
  } catch (e) {
    throw new Error(`The analysis engine did not answer: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (!answer.ok) throw new Error(answer.message)
  return answer
}

/** Saves waiting on the worker: each settles with a failure if the worker dies first. */
const savesWaiting = new Set<(message: string) => void>()

/**
 * Saves the finished analysis of `run` as a session; the worker builds and writes it (src/storage/engine-save.ts)
 * and answers with the list entry. Never rejects: a lost or crashed worker becomes a failure answer.
 */
export function saveSessionEngine(run: number, request: CaptureSaveRequest): Promise<CaptureSaveAnswer> {
  const remote = api
  if (!remote) return Promise.resolve({ ok: false, code: 'failed', message: gone().message })
  return new Promise((resolve) => {
    const fail = (message: string) => {
      savesWaiting.delete(fail)
      resolve({ ok: false, code: 'failed', message })
    }
    savesWaiting.add(fail)
    remote.saveSession(run, request).then(
      (answer) => {
        savesWaiting.delete(fail)
        resolve(answer)
      },
      (e: unknown) => fail(`The analysis engine failed while saving: ${e instanceof Error ? e.message : String(e)}`),
    )
  })
}

/** Tells the engine which run the page shows, so it can release the others (their memory). */
export function showRun(run: number): void {
  api?.show(run).catch(() => undefined)
}

/** Twin calls waiting on the worker: each settles with a failure if the worker dies first. */
const twinWaiting = new Set<(message: string) => void>()

/** Calls the worker's twin API; never rejects (a crash or a lost worker becomes a failure answer). */
function twinCall<T>(call: (remote: Remote<EngineApi>) => Promise<TwinAnswer<T>>): Promise<TwinAnswer<T>> {
  let remote: Remote<EngineApi>
  try {
    remote = startWorker()
  } catch (e) {
    return Promise.resolve({ ok: false, cancelled: false, message: `The analysis engine could not start: ${String(e)}` })
  }
  return new Promise((resolve) => {
    const fail = (message: string) => {
      twinWaiting.delete(fail)
      resolve({ ok: false, cancelled: false, message })
    }
    twinWaiting.add(fail)
    call(remote).then(
      (answer) => {
        twinWaiting.delete(fail)
        resolve(answer)
      },
      (e: unknown) => fail(`The analysis engine failed: ${e instanceof Error ? e.message : String(e)}`),
    )
  })
}

/** Builds the twin in the worker (of the analysis of a run, or of a baseline) and measures its fidelity. */
export function twinBuildEngine(request: TwinBuildRequest, onProgress: (p: TwinProgress) => void): Promise<TwinAnswer<TwinOverview>> {
  return twinCall((remote) => remote.twinBuild(request, proxy(onProgress)))
}

/** Injects, detects and scores a scenario set in the worker. */
export function twinRunEngine(request: TwinRunRequest, onProgress: (p: TwinProgress) => void): Promise<TwinAnswer<TwinRunResult>> {
  return twinCall((remote) => remote.twinRun(request, proxy(onProgress)))
}

/** Makes a file of the twin or of the last run, as a Blob to download. */
export function twinExportEngine(kind: TwinExportKind): Promise<TwinAnswer<TwinExport>> {
  return twinCall((remote) => remote.twinExport(kind))
}

/** Asks the twin build or run in progress to stop (it answers cancelled at its next slice). */
export function cancelTwin(): void {
  api?.twinCancel().catch(() => undefined)
}
