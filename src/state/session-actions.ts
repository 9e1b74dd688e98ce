/**
 * Sessions and the capture on screen: saving a finished analysis (automatically, when the preference says so;
 * never while a file is still being read), opening a saved session without reading any file, renaming the
 * current one. Opening a session puts its id in the URL (view-store.ts), so a reload opens it again. A traffic
 * table is a session too: its summary and its flows' exploration snapshot are saved the same way, and reopening
 * it shows the table screen without the file.
 */
import type { CaptureSummary } from '../analysis/capture-summary.ts'
import type { TableExplore } from '../analysis/queries/table-explore.ts'
import { restoreTableExplore, tableSessionAggregates } from '../analysis/queries/table-session.ts'
import type { TableSummary } from '../analysis/table-summary.ts'
import { cancelAnalysis, saveSessionEngine, showRun } from '../engine-client.ts'
import { StorageError } from '../storage/errors.ts'
import { loadStoredSession, saveSession } from '../storage/sessions.ts'
import { MAX_SESSION_NAME_LENGTH } from '../storage/session-types.ts'
import { isCurrentRun, nextRun, reportOpenError, setOnAnalysed, useAnalysisStore } from './analysis-store.ts'
import { usePreferences } from './preferences-store.ts'
import { refreshSessions, renameStoredSession, storageConnection } from './sessions-store.ts'
import { storedSource } from './sources.ts'
import { setSessionId, useViewStore } from './view-store.ts'
import { clearTable, isCurrentTable, setOnTableShown, showStoredTable } from './table-store.ts'

/** The last finished read, kept so "Save" works when automatic saving is off. */
let lastAnalysed: { readonly run: number; readonly file: File; readonly summary: CaptureSummary } | null = null
/** The last table read from a file, for the same reason. */
let lastTable: { readonly token: number; readonly file: File; readonly table: TableSummary; readonly explore: TableExplore | undefined } | null = null

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

export function sessionNameFor(fileName: string): string {
  const trimmed = fileName.trim().slice(0, MAX_SESSION_NAME_LENGTH)
  return trimmed === '' ? 'capture' : trimmed
}

/**
 * Saves the finished analysis of `run` as a new session. The engine worker builds and writes it (data first, the
 * session record last: storage/save-session.ts) and answers with its list entry, so the page neither receives
 * the session's data nor runs its writes; the page's own connection is opened first so that an upgrade,
 * a block by another tab or unusable storage is found and reported here, as for every other session action.
 */
export async function saveAnalysis(run: number, file: File, summary: CaptureSummary): Promise<void> {
  if (!isCurrentRun(run)) return
  useAnalysisStore.setState({ save: { status: 'saving' } })
  const fail = (message: string): void => {
    if (isCurrentRun(run)) useAnalysisStore.setState({ save: { status: 'failed', message } })
  }
  const storage = await storageConnection()
  if (!storage) return fail('Sessions cannot be saved in this browser (no usable IndexedDB).')
  try {
    const answer = await saveSessionEngine(run, {
      name: sessionNameFor(file.name),
      source: { fileName: file.name.slice(0, 4096), size: file.size, format: summary.format, compression: summary.compression },
      keepOriginalFile: usePreferences.getState().keepOriginalFile,
      pageId: storage.pageId,
    })
    if (!answer.ok) return fail(answer.message)
    if (isCurrentRun(run)) {
      useAnalysisStore.setState({ save: { status: 'saved', id: answer.listing.id } })
      setSessionId(answer.listing.id)
    }
  } catch (e) {
    fail(`This analysis was not saved: ${messageOf(e)}`)
  } finally {
    await refreshSessions()
  }
}

/** Saves the table on screen (shown with `token`) as a new table session: summary and flows, no file needed to reopen it. */
export async function saveTable(token: number, file: File, table: TableSummary, explore: TableExplore | undefined): Promise<void> {
  const storage = await storageConnection()
  // Marked after the first await: the caller (table-store.ts showTable) is followed by the page's own state update.
  if (!isCurrentTable(token)) return
  useAnalysisStore.setState({ save: { status: 'saving' } })
  const fail = (message: string): void => {
    if (isCurrentTable(token)) useAnalysisStore.setState({ save: { status: 'failed', message } })
  }
  if (!storage) return fail('Sessions cannot be saved in this browser (no usable IndexedDB).')
  try {
    const listing = await saveSession(storage, {
      kind: 'table',
      name: sessionNameFor(file.name),
      source: { fileName: file.name.slice(0, 4096), size: file.size, format: table.dialect, compression: table.compression },
      table,
      aggregates: tableSessionAggregates(explore),
      originalFile: usePreferences.getState().keepOriginalFile ? file : null,
    })
    if (isCurrentTable(token)) {
      useAnalysisStore.setState({ save: { status: 'saved', id: listing.id } })
      setSessionId(listing.id)
    }
  } catch (e) {
    fail(e instanceof StorageError ? e.message : `This table was not saved: ${messageOf(e)}`)
  } finally {
    await refreshSessions()
  }
}

/** Saves the capture or table on screen now (when automatic saving is off, or a save failed). */
export function saveCurrent(): Promise<void> {
  const table = lastTable
  if (table !== null && isCurrentTable(table.token)) return saveTable(table.token, table.file, table.table, table.explore)
  const last = lastAnalysed
  return last ? saveAnalysis(last.run, last.file, last.summary) : Promise.resolve()
}

/** True when the capture or table on screen is a finished read that can still be saved. */
export function canSaveCurrent(): boolean {
  if (useAnalysisStore.getState().save.status === 'saved') return false
  const table = lastTable
  if (table !== null && isCurrentTable(table.token)) return true
  const last = lastAnalysed
  return last !== null && isCurrentRun(last.run)
}

setOnAnalysed((run, file, summary) => {
  lastAnalysed = { run, file, summary }
  if (usePreferences.getState().autoSave) void saveAnalysis(run, file, summary)
})

setOnTableShown((token, file, table, explore) => {
  lastTable = { token, file, table, explore }
  if (usePreferences.getState().autoSave) void saveTable(token, file, table, explore)
})

/** Opens a saved session: its stored aggregates (a capture) or its summary and flows (a table), no file read. */
export async function openStoredSession(id: string): Promise<void> {
  const run = nextRun()
  if (useAnalysisStore.getState().phase === 'reading') cancelAnalysis()
  useAnalysisStore.setState({ phase: 'reading', reading: { name: 'saved session', size: 0 }, progress: null, startedAt: performance.now() })
  const storage = await storageConnection()
  if (!storage) return reportOpenError(run, 'session-unavailable', id, 'Saved sessions cannot be read in this browser (no usable IndexedDB).')
  try {
    const session = await loadStoredSession(storage, id)
    if (!isCurrentRun(run)) return
    showRun(-1)
    if (session.kind === 'table') {
      let explore: TableExplore | undefined
      try {
        explore = restoreTableExplore(session.aggregates)
      } catch (e) {
        throw new StorageError('corrupt', `This saved table is damaged (${messageOf(e)}); delete it and read the file again.`)
      }
      showStoredTable(session.table, explore)
      useAnalysisStore.setState((s) => ({
        phase: 'done',
        reading: null,
        progress: null,
        summary: null,
        source: null,
        name: session.name,
        save: { status: 'saved', id: session.id },
        error: null,
        finished: s.finished + 1,
      }))
      setSessionId(session.id)
      return
    }
    clearTable()
    useAnalysisStore.setState((s) => ({
      phase: 'done',
      reading: null,
      progress: null,
      summary: session.summary,
      source: storedSource(session),
      name: session.name,
      save: { status: 'saved', id: session.id },
      error: null,
      finished: s.finished + 1,
    }))
    setSessionId(session.id)
  } catch (e) {
    if (useViewStore.getState().sessionId === id) setSessionId(null)
    reportOpenError(run, 'session-unavailable', 'saved session', messageOf(e))
  }
}

/** Renames the capture on screen (and its session, when saved). */
export async function renameCurrent(name: string): Promise<boolean> {
  const trimmed = name.trim()
  if (trimmed === '' || trimmed.length > MAX_SESSION_NAME_LENGTH) return false
  const save = useAnalysisStore.getState().save
  if (save.status === 'saved' && !(await renameStoredSession(save.id, trimmed))) return false
  useAnalysisStore.setState({ name: trimmed })
  return true
}

/** A session was renamed or deleted in the list: keep the header in step. */
export function noteSessionRenamed(id: string, name: string): void {
  const save = useAnalysisStore.getState().save
  if (save.status === 'saved' && save.id === id) useAnalysisStore.setState({ name })
}

export function noteSessionDeleted(id: string): void {
  const save = useAnalysisStore.getState().save
  if (save.status === 'saved' && save.id === id) {
    useAnalysisStore.setState({ save: { status: 'none' } })
    setSessionId(null)
  }
}
