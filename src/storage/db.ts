/**
 * Opening the session database and running transactions on it. Every other storage module reaches IndexedDB
 * through openSessionStorage and tx(), so version changes, closed connections and quota errors are handled
 * in one place (tldraw's LocalIndexedDb does the same).
 *
 * Two tabs on different schema versions: when a newer tab opens the database, this connection receives
 * `versionchange`, closes itself at once (so the upgrade is not blocked) and calls onVersionChange, whose job
 * is to tell the user to reload; later calls fail with StorageError 'closed'. If an older tab does not close,
 * the newer one gets `blocked` (onBlocked: "close nettwin's other tabs"). An older build opening a database
 * upgraded by a newer one gets StorageError 'newer-version'.
 */
import { type IDBPDatabase, type IDBPTransaction, type StoreNames, wrap } from 'idb'
import { StorageError, toStorageError } from './errors.ts'
import { DB_NAME, type NettwinDb, SCHEMA_VERSION, type UpgradeDb, type UpgradeTx, migrations } from './schema.ts'

/** The part of the Web Locks API storage uses to tell a live import (lock held) from a crashed one. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>
  query(): Promise<{ held?: readonly { name?: string }[] }>
}

export interface StorageOptions {
  /** IndexedDB factory; defaults to the global indexedDB (tests pass a fresh fake-indexeddb IDBFactory). */
  readonly factory?: IDBFactory
  readonly name?: string
  /** Open at this schema version instead of SCHEMA_VERSION: tests use it to play an older build. */
  readonly version?: number
  /** Another tab upgraded the database: this connection is closed; ask the user to reload. */
  readonly onVersionChange?: () => void
  /** An older tab keeps the database open, so this one waits: ask the user to close the other tabs. */
  readonly onBlocked?: () => void
  /** The browser closed the connection abnormally (storage cleared, disk error). */
  readonly onTerminated?: () => void
  /** Clock in milliseconds since the epoch (tests pass a fake one). */
  readonly now?: () => number
  /** Identifies this page load; defaults to a fresh random id. */
  readonly pageId?: string
  /** Web Locks; defaults to navigator.locks when present, null turns them off. */
  readonly locks?: LockManagerLike | null
}

export interface SessionStorage {
  readonly db: IDBPDatabase<NettwinDb>
  readonly version: number
  readonly pageId: string
  readonly now: () => number
  readonly locks: LockManagerLike | null
  isClosed(): boolean
  close(): void
}

/** A random id (UUID v4 where the platform has it, else 128 random bits in hex). */
export function newId(): string {
  const c = globalThis.crypto
  if (typeof c.randomUUID === 'function') return c.randomUUID()
  const bytes = c.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

function defaultLocks(): LockManagerLike | null {
  const nav = typeof navigator === 'undefined' ? undefined : navigator
  return nav && 'locks' in nav && nav.locks ? (nav.locks as LockManagerLike) : null
}

async function runMigrations(db: UpgradeDb, tx: UpgradeTx, from: number, to: number): Promise<void> {
  for (const step of migrations) {
    if (step.version > from && step.version <= to) await step.upgrade(db, tx)
  }
}

/** Opens (creating or upgrading as needed) the session database. */
export async function openSessionStorage(options: StorageOptions = {}): Promise<SessionStorage> {
  const factory = options.factory ?? (typeof indexedDB === 'undefined' ? undefined : indexedDB)
  if (!factory) {
    throw new StorageError('unavailable', 'This browser offers no IndexedDB (private mode?), so sessions cannot be saved.')
  }
  const version = options.version ?? SCHEMA_VERSION
  let upgradeFailure: unknown = null
  let request: IDBOpenDBRequest
  try {
    request = factory.open(options.name ?? DB_NAME, version)
  } catch (e) {
    throw toStorageError(e)
  }
  request.addEventListener('upgradeneeded', (event) => {
    const rawTx = request.transaction
    if (!rawTx) return
    const tx = wrap(rawTx) as unknown as UpgradeTx
    // The open request reports a failed upgrade; its transaction's own promise must not go unhandled.
    tx.done.catch(() => undefined)
    runMigrations(wrap(request.result) as UpgradeDb, tx, event.oldVersion, version).catch((e: unknown) => {
      upgradeFailure = e
      try {
        tx.abort()
      } catch {
        // The upgrade transaction already ended; the open request reports the failure.
      }
    })
  })
  request.addEventListener('blocked', () => options.onBlocked?.())
  let raw: IDBPDatabase | undefined
  try {
    raw = await wrap(request)
  } catch (e) {
    if (upgradeFailure !== null) {
      throw new StorageError('failed', 'Upgrading the session database failed; your sessions were left as they were.', {
        cause: upgradeFailure,
      })
    }
    throw toStorageError(e)
  }
  if (!raw) throw new StorageError('unavailable', 'The session database could not be opened.')
  const db = raw as unknown as IDBPDatabase<NettwinDb>
  let closed = false
  db.addEventListener('versionchange', () => {
    closed = true
    db.close()
    options.onVersionChange?.()
  })
  db.addEventListener('close', () => {
    closed = true
    options.onTerminated?.()
  })
  return {
    db,
    version,
    pageId: options.pageId ?? newId(),
    now: options.now ?? Date.now,
    locks: options.locks === undefined ? defaultLocks() : options.locks,
    isClosed: () => closed,
    close() {
      closed = true
      db.close()
    },
  }
}

/**
 * Runs `body` in a transaction and resolves once the transaction has committed. On any failure the
 * transaction is aborted and the error mapped to a StorageError (quota errors become StorageFullError even
 * when they only show on the transaction). Only IndexedDB requests may be awaited inside `body`.
 */
export async function tx<Names extends StoreNames<NettwinDb>[], Mode extends IDBTransactionMode, T>(
  storage: SessionStorage,
  stores: Names,
  mode: Mode,
  body: (t: IDBPTransaction<NettwinDb, Names, Mode>) => Promise<T>,
  options?: IDBTransactionOptions,
): Promise<T> {
  if (storage.isClosed()) throw toStorageError(new DOMException('The connection is closed.', 'InvalidStateError'))
  let t: IDBPTransaction<NettwinDb, Names, Mode>
  try {
    t = storage.db.transaction(stores, mode, options)
  } catch (e) {
    throw toStorageError(e)
  }
  // Settles either way, so an abort is never an unhandled rejection.
  const done: Promise<unknown> = t.done.then(
    () => null,
    (e: unknown) => e ?? new DOMException('Transaction aborted.', 'AbortError'),
  )
  try {
    const result = await body(t)
    const failure = await done
    if (failure !== null) throw failure
    return result
  } catch (e) {
    try {
      t.abort()
    } catch {
      // Already committed or aborted.
    }
    const failure = await done
    throw toStorageError(e, failure, t.error)
  }
}

/** Every chunk key of one session: [id, <any string>] sorts between [id] and [id, []] (arrays sort after strings). */
export function sessionRange(id: string): IDBKeyRange {
  return IDBKeyRange.bound([id], [id, []])
}

/** Chunk keys of one session that start with `prefix` + '/'. Keys are ASCII, so U+FFFF bounds them. */
export function prefixRange(id: string, prefix: string): IDBKeyRange {
  return IDBKeyRange.bound([id, `${prefix}/`], [id, `${prefix}/\uffff`])
}

/** Bytes used and available to this origin, when the browser tells (navigator.storage.estimate). */
export async function estimateUsage(): Promise<{ readonly usage: number; readonly quota: number } | null> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage
  if (!storage || typeof storage.estimate !== 'function') return null
  try {
    const e = await storage.estimate()
    return { usage: e.usage ?? 0, quota: e.quota ?? 0 }
  } catch {
    return null
  }
}
