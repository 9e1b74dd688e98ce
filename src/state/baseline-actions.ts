/**
 * Where a baseline can come from besides this file: a baseline JSON file the user picks, or the baseline a
 * saved session stored (read from IndexedDB and checked by the strict baseline reader). Both end as JSON text
 * that rerunDetectors hands to the worker, which parses it strictly again before use.
 */
import { storedBaselineText } from '../analysis/queries/detection-store.ts'
import { BASELINE_LIMITS } from '../baseline/types.ts'
import { loadSession } from '../storage/sessions.ts'
import { storageConnection } from './sessions-store.ts'

export type BaselineText = { readonly ok: true; readonly text: string; readonly label: string } | { readonly ok: false; readonly message: string }

/** The baseline stored with session `id`. */
export async function baselineOfSession(id: string, name: string): Promise<BaselineText> {
  const storage = await storageConnection()
  if (!storage) return { ok: false, message: 'Saved sessions are not available in this browser.' }
  try {
    const session = await loadSession(storage, id)
    const text = storedBaselineText(session.aggregates)
    if (text === null) return { ok: false, message: `The session "${name.slice(0, 80)}" holds no baseline (it was saved before detection, or without a usable baseline).` }
    return { ok: true, text, label: `session ${name.slice(0, 120)}` }
  } catch (e) {
    return { ok: false, message: `The session could not be read: ${e instanceof Error ? e.message : String(e)}` }
  }
}

/** The text of a baseline file the user picked (size-checked before reading). */
export async function baselineOfFile(file: File): Promise<BaselineText> {
  if (file.size > BASELINE_LIMITS.jsonBytes) return { ok: false, message: `${file.name.slice(0, 80)} is larger than a baseline can be (${BASELINE_LIMITS.jsonBytes / 1024 / 1024} MiB).` }
  try {
    return { ok: true, text: await file.text(), label: file.name.slice(0, 120) }
  } catch (e) {
    return { ok: false, message: `The file could not be read: ${e instanceof Error ? e.message : String(e)}` }
  }
}
