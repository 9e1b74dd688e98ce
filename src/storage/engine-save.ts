/**
 * Saving a finished capture where its aggregates live: the engine worker builds the session's payload and
 * writes it to IndexedDB itself, and the page gets back only the new session's list entry. The payload (several
 * MB of columns) is then never cloned to the page, and none of its chunk writes run on the page's thread.
 *
 * The write is saveSession's (save-session.ts): the same schema, the same crash-consistent order (marker,
 * chunks, manifest last in a strict-durability transaction), the same quota mapping. Its pending marker carries
 * the page's id, so the page's own cleanup counts it as the page's, and its Web Lock is held by the worker,
 * which dies with its page: another page's cleanup then finds the lock free, as for a save the page ran.
 * Errors cross the worker boundary as plain data (code and message), since a thrown StorageError would reach
 * the page without its class or code.
 */
import { type SessionStorage, type StorageOptions, openSessionStorage } from './db.ts'
import { type StorageErrorCode, toStorageError } from './errors.ts'
import { type SaveOptions, saveSession } from './save-session.ts'
import type { Aggregate, SessionListing, SessionSource } from './session-types.ts'
import type { CaptureSummary } from '../analysis/capture-summary.ts'

/** What the page decides about a save: the name, the source facts, whether to keep the file, and whose it is. */
export interface CaptureSaveRequest {
  readonly name: string
  readonly source: SessionSource
  /** The user's "keep the original file" setting at the moment of saving. */
  readonly keepOriginalFile: boolean
  /** The page's storage page id (db.ts SessionStorage.pageId): the save's marker belongs to that page. */
  readonly pageId: string
}

export type CaptureSaveAnswer =
  | { readonly ok: true; readonly listing: SessionListing }
  | { readonly ok: false; readonly code: StorageErrorCode; readonly message: string }

/** The aggregates of a finished analysis (analysis/queries/snapshot.ts SessionPayload). */
export interface CapturePayload {
  readonly summary: CaptureSummary
  readonly aggregates: Readonly<Record<string, Aggregate>>
}

/**
 * Writes a capture session and answers with its list entry, or with why it was not saved (nothing of a failed
 * save is kept). Never rejects.
 */
export async function saveCapturePayload(
  storage: SessionStorage,
  payload: CapturePayload,
  request: CaptureSaveRequest,
  originalFile: Blob | null,
  options: SaveOptions = {},
): Promise<CaptureSaveAnswer> {
  try {
    const listing = await saveSession(
      storage,
      {
        name: request.name,
        source: request.source,
        summary: payload.summary,
        aggregates: payload.aggregates,
        flows: null,
        originalFile: request.keepOriginalFile ? originalFile : null,
      },
      options,
    )
    return { ok: true, listing }
  } catch (e) {
    const error = toStorageError(e)
    return { ok: false, code: error.code, message: error.message }
  }
}

/**
 * One connection per context (the worker's), opened on first use with the page's id. A connection that another
 * tab's upgrade closed stays closed (saves then fail with 'closed', telling the user to reload, as the page's
 * own connection does); one the browser dropped otherwise is opened again at the next save.
 */
export class EngineStorage {
  private opening: Promise<SessionStorage> | null = null
  private upgradedElsewhere = false

  constructor(private readonly options: Omit<StorageOptions, 'pageId' | 'onVersionChange'> = {}) {}

  /** The connection for saves of the page `pageId`; rejects with a StorageError when IndexedDB is unusable. */
  async connection(pageId: string): Promise<SessionStorage> {
    const current = this.opening
    if (current !== null) {
      const storage = await current.catch(() => null)
      if (storage !== null && storage.pageId === pageId && (!storage.isClosed() || this.upgradedElsewhere)) return storage
      if (this.opening === current) this.opening = null
      if (storage !== null && !storage.isClosed()) storage.close()
    }
    this.opening ??= openSessionStorage({ ...this.options, pageId, onVersionChange: () => (this.upgradedElsewhere = true) })
    const opened = this.opening
    try {
      return await opened
    } catch (e) {
      // A failed open is not cached: the next save tries again (the page has already said what went wrong).
      if (this.opening === opened) this.opening = null
      throw toStorageError(e)
    }
  }

  /** Saves through the connection; an open that fails becomes the answer's code and message. */
  async save(payload: CapturePayload, request: CaptureSaveRequest, originalFile: Blob | null, options?: SaveOptions): Promise<CaptureSaveAnswer> {
    let storage: SessionStorage
    try {
      storage = await this.connection(request.pageId)
    } catch (e) {
      const error = toStorageError(e)
      return { ok: false, code: error.code, message: error.message }
    }
    return saveCapturePayload(storage, payload, request, originalFile, options)
  }
}
