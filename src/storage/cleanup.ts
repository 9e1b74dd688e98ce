/**
 * Startup cleanup: removes what interrupted imports and deletes left behind. A pending marker is an orphan
 * when it belongs to another page load and that page is gone: with Web Locks, its save lock is free (locks
 * die with their page, so this is exact); without them, its heartbeat is older than staleAfterMs (a live
 * import refreshes it with every chunk transaction, i.e. every few MiB). Chunks whose session has neither a
 * manifest nor a live marker are orphans too. Scan and deletion run in one transaction, so an import that
 * starts meanwhile in another tab is never mistaken for one (its marker commits before its first chunk).
 */
import { type SessionStorage, sessionRange, tx } from './db.ts'
import { pendingRecord } from './record-schemas.ts'
import { quiet, saveLockName } from './save-session.ts'
import { CHUNKS, PENDING, SESSIONS } from './schema.ts'
import { ValidationError } from './validate.ts'

export interface CleanupOptions {
  /** Without Web Locks, a marker untouched for this long belongs to a dead page. */
  readonly staleAfterMs?: number
}

export interface CleanupReport {
  /** Interrupted imports whose marker was removed. */
  readonly abandonedImports: number
  /** Session ids whose chunks were removed (interrupted imports and deletes). */
  readonly orphanSessions: number
}

const DEFAULT_STALE_MS = 60_000

/** Removes orphaned chunks and markers; call once at startup (it is cheap: one step per stored session). */
export async function cleanupOrphans(storage: SessionStorage, options: CleanupOptions = {}): Promise<CleanupReport> {
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_MS
  // Asked before the transaction: awaiting anything but IndexedDB inside it would commit it.
  const queriedAt = storage.now()
  let heldLocks: Set<string> | null = null
  if (storage.locks) {
    try {
      const snapshot = await storage.locks.query()
      heldLocks = new Set((snapshot.held ?? []).map((l) => l.name ?? ''))
    } catch {
      heldLocks = null
    }
  }
  const isLive = (pageId: string, id: string, touchedAt: number): boolean => {
    if (pageId === storage.pageId) return true
    // A save that took its lock after the query wrote its marker after it, too.
    if (heldLocks) return heldLocks.has(saveLockName(id)) || touchedAt >= queriedAt
    return queriedAt - touchedAt < staleAfterMs
  }

  return tx(storage, [SESSIONS, CHUNKS, PENDING], 'readwrite', async (t) => {
    const manifests = new Set<string>((await t.objectStore(SESSIONS).getAllKeys()).map(String))
    const live = new Set<string>()
    let abandonedImports = 0
    let markers = await t.objectStore(PENDING).openCursor()
    while (markers) {
      let marker
      try {
        marker = pendingRecord(markers.value, 'pending')
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e
        marker = null
      }
      if (marker && isLive(marker.pageId, marker.id, marker.touchedAt)) {
        live.add(marker.id)
      } else {
        await quiet(markers.delete())
        abandonedImports++
      }
      markers = await markers.continue()
    }
    // Key cursor over chunks, jumping from one session id straight to the next.
    const chunks = t.objectStore(CHUNKS)
    let orphanSessions = 0
    let cursor = await chunks.openKeyCursor()
    while (cursor) {
      const [sessionId] = cursor.key
      if (!manifests.has(sessionId) && !live.has(sessionId)) {
        await quiet(chunks.delete(sessionRange(sessionId)))
        orphanSessions++
      }
      cursor = await cursor.continue([sessionId, [] as unknown as string])
    }
    return { abandonedImports, orphanSessions }
  })
}
