/**
 * Typed storage errors: the UI switches on `code` and shows `message`, which is written for the user.
 * IndexedDB reports quota exhaustion in several ways (a failed request, or an aborted transaction whose
 * `error` is the QuotaExceededError), so every write path funnels its errors through toStorageError.
 */

export type StorageErrorCode =
  | 'storage-full'
  | 'unavailable'
  | 'closed'
  | 'newer-version'
  | 'not-found'
  | 'corrupt'
  | 'invalid-session'
  | 'cancelled'
  | 'failed'

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'StorageError'
  }
}

/** The browser refused to store more data; nothing of the failed save was kept. */
export class StorageFullError extends StorageError {
  constructor(options?: { cause?: unknown }) {
    super(
      'storage-full',
      'Browser storage is full, so this session was not saved. Your other sessions are intact. Delete old ' +
        'sessions or turn off "keep the original file", then try again.',
      options,
    )
    this.name = 'StorageFullError'
  }
}

function errorName(e: unknown): string {
  return typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string'
    ? (e as { name: string }).name
    : ''
}

/**
 * True for every way a browser says "quota exceeded": the standard name, Firefox's legacy name, and the legacy
 * DOMException code 22 that older Safari uses with other names.
 */
export function isQuotaError(e: unknown): boolean {
  const name = errorName(e)
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 22
}

/**
 * Maps whatever a storage operation threw to a StorageError. `related` are other errors seen for the same
 * operation (the transaction's error, the rejection of its completion): a quota error in any of them wins,
 * because the request that failed often reports only a generic AbortError.
 */
export function toStorageError(e: unknown, ...related: unknown[]): StorageError {
  if (e instanceof StorageError) return e
  if (isQuotaError(e) || related.some(isQuotaError)) return new StorageFullError({ cause: e })
  const name = errorName(e)
  if (name === 'InvalidStateError') {
    return new StorageError('closed', 'The session database was closed (another tab may have upgraded it). Reload the page.', {
      cause: e,
    })
  }
  if (name === 'VersionError') {
    return new StorageError('newer-version', 'A newer version of nettwin has updated the session database. Reload the page.', {
      cause: e,
    })
  }
  const detail = e instanceof Error ? e.message : String(e)
  return new StorageError('failed', `Session storage failed: ${detail}`, { cause: e })
}

export type SessionFileErrorCode =
  | 'not-session-file'
  | 'too-large'
  | 'truncated'
  | 'checksum'
  | 'bad-header'
  | 'missing-version'
  | 'unsupported-version'
  | 'invalid'

/** An imported session file that nettwin refuses; nothing of it was stored. */
export class SessionFileError extends Error {
  constructor(
    readonly code: SessionFileErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'SessionFileError'
  }
}
