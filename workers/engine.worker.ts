/**
 * Engine worker: wiring only. It turns the File it is given into a ByteSource, runs the engine's
 * analyzeCapture on it and sends back plain data; the logic lives in src/. The page reaches it only through
 * src/engine-client.ts.
 */
import { expose } from 'comlink'
import { analyzeCapture, type AnalyzeProgress } from '../src/analysis/capture-summary.ts'
import { FormatError } from '../src/formats/format.ts'
import { blobSource } from '../src/formats/sources.ts'
import { MAX_FILE_BYTES, PROGRESS_INTERVAL_MS, type AnalyzeResult, type EngineApi, type ProgressCallback } from './engine-api.ts'

/**
 * Slice size for reading the File. The worker only sees a cancel request, and reports progress, between slices
 * (it has no other chance to run its message loop), so slices are kept small enough to parse in ~100 ms.
 */
const SLICE_BYTES = 4 * 1024 * 1024

let running: AbortController | null = null

/** Forwards progress at most every PROGRESS_INTERVAL_MS; a page that went away must not break the read. */
function throttled(onProgress: ProgressCallback): (p: AnalyzeProgress) => void {
  let last = -Infinity
  return (p) => {
    const now = performance.now()
    if (now - last < PROGRESS_INTERVAL_MS) return
    last = now
    try {
      const sent: unknown = onProgress(p)
      if (sent instanceof Promise) sent.catch(() => undefined)
    } catch {
      // The proxy was released; the result still goes back through analyze's own reply.
    }
  }
}

function failure(e: unknown): AnalyzeResult {
  if (e instanceof FormatError) return { ok: false, code: e.code, message: e.message }
  const name = typeof e === 'object' && e !== null ? String((e as { name?: unknown }).name) : ''
  const message = e instanceof Error ? e.message : String(e)
  // A File that changed or vanished on disk after it was picked fails with NotReadableError / NotFoundError.
  if (name === 'NotReadableError' || name === 'NotFoundError') return { ok: false, code: 'read-failed', message: `The file could not be read: ${message}` }
  return { ok: false, code: 'internal', message: `nettwin failed while reading the file: ${message}` }
}

const api: EngineApi = {
  async analyze(file: File, onProgress: ProgressCallback): Promise<AnalyzeResult> {
    running?.abort()
    const controller = new AbortController()
    running = controller
    try {
      if (file.size > MAX_FILE_BYTES) {
        const gib = (file.size / 1024 ** 3).toFixed(1)
        return { ok: false, code: 'too-large', message: `${file.name} is ${gib} GiB; nettwin reads files up to 2 GiB.` }
      }
      const summary = await analyzeCapture(blobSource(file, file.name, SLICE_BYTES), { signal: controller.signal, onProgress: throttled(onProgress) })
      return { ok: true, summary }
    } catch (e) {
      return failure(e)
    } finally {
      if (running === controller) running = null
    }
  },
  cancel(): void {
    running?.abort()
  },
}

expose(api)
