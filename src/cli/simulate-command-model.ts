/**
 * Where `nettwin simulate` gets its twin model: learned from a capture (`--from`, which also gives the source
 * analysis fidelity is measured against), or read from a JSON file (`--baseline`): a saved twin model, a
 * baseline, or a JSON document holding a baseline under "baseline". Files are read whole (JSON of a few MiB at
 * most, capped by the readers' own limits).
 */
import { readFile, stat } from 'node:fs/promises'
import { CaptureAnalysis } from '../analysis/capture-analysis.ts'
import { analyzeCapture } from '../analysis/capture-summary.ts'
import { parseBaseline } from '../baseline/baseline-json.ts'
import { flowSourceOf } from '../baseline/flow-source.ts'
import { BASELINE_KIND } from '../baseline/types.ts'
import { learnTwinFromBaseline } from '../twin/model/learn-from-baseline.ts'
import { learnTwinFromFlows } from '../twin/model/learn-from-analysis.ts'
import { parseTwinModel } from '../twin/model/twin-json.ts'
import { TWIN_LIMITS, TWIN_MODEL_KIND, type TwinModel } from '../twin/model/types.ts'
import { describeInputError } from './analyze-command.ts'
import { NodeFileSource } from './node-file-source.ts'

export type LoadedModel =
  | { readonly ok: true; readonly model: TwinModel; readonly source: CaptureAnalysis | null; readonly from: string }
  | { readonly ok: false; readonly error: string }

/** Learns the twin of a capture file. */
export async function modelFromCapture(path: string): Promise<LoadedModel> {
  const analysis = new CaptureAnalysis()
  try {
    const source = await NodeFileSource.open(path)
    await analyzeCapture(source, { analysis })
    return { ok: true, model: learnTwinFromFlows(flowSourceOf(analysis), { fileName: source.name }), source: analysis, from: 'capture' }
  } catch (e) {
    const reason = describeInputError(e, path.split(/[\\/]/).pop() ?? path)
    if (reason === null) throw e
    return { ok: false, error: reason }
  }
}

/** Reads a twin model, a baseline, or a document with a "baseline" member. */
export async function modelFromJsonFile(path: string): Promise<LoadedModel> {
  let text: string
  try {
    const st = await stat(path)
    if (!st.isFile()) return { ok: false, error: 'not a file' }
    if (st.size > TWIN_LIMITS.jsonBytes) return { ok: false, error: `larger than ${TWIN_LIMITS.jsonBytes} bytes` }
    text = await readFile(path, 'utf8')
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, error: 'not JSON' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'expected a JSON object' }
  const doc = value as Record<string, unknown>
  if (doc.kind === TWIN_MODEL_KIND) {
    const r = parseTwinModel(value)
    return r.ok ? { ok: true, model: r.model, source: null, from: 'twin model' } : { ok: false, error: `twin model: ${r.error}` }
  }
  const inner = doc.kind === BASELINE_KIND ? value : Object.prototype.hasOwnProperty.call(doc, 'baseline') ? doc.baseline : null
  if (inner === null) return { ok: false, error: `neither a twin model ("kind": "${TWIN_MODEL_KIND}") nor a baseline` }
  const b = parseBaseline(inner)
  if (!b.ok) return { ok: false, error: `baseline: ${b.error}` }
  return { ok: true, model: learnTwinFromBaseline(b.baseline), source: null, from: 'baseline' }
}
