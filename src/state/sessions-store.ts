/**
 * The saved sessions: the list the session panel shows, and the one IndexedDB connection every session action
 * goes through (opened once, with the orphan cleanup run once at start). Storage may be unavailable (private
 * mode, disabled): the app then works without sessions and says so.
 */
import { create } from 'zustand'
import { cleanupOrphans } from '../storage/cleanup.ts'
import { type SessionStorage, estimateUsage, openSessionStorage } from '../storage/db.ts'
import { StorageError } from '../storage/errors.ts'
import { deleteSession, listSessions, renameSession } from '../storage/sessions.ts'
import { exportSession, readSessionBlob, sessionFileName } from '../storage/session-file.ts'
import { saveSession } from '../storage/sessions.ts'
import type { SessionListing } from '../storage/session-types.ts'
import { exportAnonymizer } from './export-store.ts'

interface SessionsState {
  /** 'loading' until storage answered once; 'unavailable' when there is no usable IndexedDB. */
  readonly status: 'loading' | 'ready' | 'unavailable'
  /** Complete sessions, newest change first. */
  readonly sessions: readonly SessionListing[]
  /** The last failure of a session action, for the user (null when none). */
  readonly message: string | null
  /** Bytes this origin uses and may use, when the browser tells. */
  readonly usage: { readonly usage: number; readonly quota: number } | null
}

export const useSessionsStore = create<SessionsState>(() => ({ status: 'loading', sessions: [], message: null, usage: null }))

let opening: Promise<SessionStorage | null> | null = null

const BLOCKED_MESSAGE = 'Close nettwin in your other tabs so it can update its storage.'

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/** The storage connection (opened on first use); null when IndexedDB is unusable. */
export function storageConnection(): Promise<SessionStorage | null> {
  opening ??= (async () => {
    try {
      const storage = await openSessionStorage({
        onVersionChange: () => useSessionsStore.setState({ message: 'nettwin was updated in another tab: reload this page to keep saving sessions.' }),
        onBlocked: () => useSessionsStore.setState({ message: BLOCKED_MESSAGE }),
      })
      // The other tabs let go and the upgrade went ahead: the request to close them no longer applies.
      useSessionsStore.setState((s) => (s.message === BLOCKED_MESSAGE ? { message: null } : s))
      try {
        await cleanupOrphans(storage)
      } catch {
        // Cleanup is housekeeping: a failure leaves orphans for the next start, never blocks the app.
      }
      return storage
    } catch (e) {
      useSessionsStore.setState({ status: 'unavailable', message: messageOf(e) })
      return null
    }
  })()
  return opening
}

/** Reloads the list (and the storage estimate). */
export async function refreshSessions(): Promise<void> {
  const storage = await storageConnection()
  if (!storage) return
  try {
    const [sessions, usage] = await Promise.all([listSessions(storage), estimateUsage()])
    useSessionsStore.setState({ status: 'ready', sessions, usage })
  } catch (e) {
    useSessionsStore.setState({ status: 'ready', message: messageOf(e) })
  }
}

/** Runs a session action; a failure becomes the panel's message and resolves false. */
async function act(action: (storage: SessionStorage) => Promise<unknown>): Promise<boolean> {
  const storage = await storageConnection()
  if (!storage) return false
  try {
    await action(storage)
    useSessionsStore.setState({ message: null })
    return true
  } catch (e) {
    useSessionsStore.setState({ message: messageOf(e) })
    return false
  } finally {
    await refreshSessions()
  }
}

export const renameStoredSession = (id: string, name: string): Promise<boolean> => act((s) => renameSession(s, id, name))
export const deleteStoredSession = (id: string): Promise<boolean> => act((s) => deleteSession(s, id))

/** Validates a session file the user picked and stores it as a new session. */
export function importSessionBlob(file: Blob): Promise<boolean> {
  return act(async (s) => saveSession(s, await readSessionBlob(file)))
}

/** Offers a saved session as a file download (through a blob: URL, so nothing leaves the page). */
export function downloadStoredSession(listing: SessionListing, includeOriginalFile = false): Promise<boolean> {
  return act(async (s) => {
    // The export settings decide whether addresses are anonymised (the name of the download too).
    const anonymize = exportAnonymizer()
    const blob = await exportSession(s, listing.id, { includeOriginalFile, anonymize })
    downloadBlob(blob, sessionFileName(anonymize === null ? listing.name : anonymize.text(listing.name)))
  })
}

/** Saves a blob under a file name via a temporary link. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.rel = 'noopener'
  document.body.append(a)
  a.click()
  a.remove()
  // Revoked later: some browsers start the download asynchronously after click().
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}

/** True for the storage-full error (the UI shows its message as a warning, not a crash). */
export function isStorageFull(e: unknown): boolean {
  return e instanceof StorageError && e.code === 'storage-full'
}
