/**
 * The IndexedDB schema of nettwin's saved sessions, and the upgrade steps between its versions.
 *
 * Layout (database 'nettwin'):
 * - `sessions`: one manifest per complete session (keyPath 'id'). A manifest exists only once every chunk it
 *   names is written: it is put last, in its own transaction with {durability: 'strict'}, so readers that list
 *   manifests only ever see complete sessions.
 * - `chunks`: the data, keyed [sessionId, key]. Keys: 'summary', 'agg/<i>' (JSON aggregate), 'agg/<i>/<c>/<k>'
 *   and 'flows/<c>/<k>' (chunk k of column c: an ArrayBuffer of rowsPerChunk rows, or a JSON array), 'file/<k>'
 *   (the original capture in ArrayBuffer slices). All chunks of one session form one key range, so a session's
 *   data is deleted with one range delete and orphans are found by skipping from one session id to the next.
 * - `pending` (v2): a marker per import in progress, written before its first chunk and removed in the same
 *   transaction that puts the manifest. Chunks with neither a manifest nor a live marker are orphans (a crash
 *   mid-import or mid-delete) and cleanupOrphans removes them at the next start.
 *
 * Versions:
 * - v1: `sessions` and `chunks`. Manifests had createdAt but no updatedAt; orphans could only be found by
 *   scanning, and an import running in another tab could not be told apart from a crashed one.
 * - v2: adds `updatedAt` to every manifest (set to createdAt for v1 records) with the index `byUpdatedAt`, so
 *   the list comes out newest-first from the index, and the `pending` store for in-progress imports.
 * - v3: adds `kind` to every manifest ('capture' for v1/v2 records): a 'table' session keeps a traffic table's
 *   TableSummary under 'summary' and its flows' exploration snapshot as aggregates, with no flows layout.
 *
 * Rules for a new version: append a step to `migrations` (never edit a shipped step), bump SCHEMA_VERSION,
 * and add a test that opens a database written at every earlier version with raw IndexedDB (schema.test.ts).
 * Steps use untyped handles because they run against the schema of their own time, not today's types.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction } from 'idb'
import type { ColumnType, JsonValue, SessionKind, SessionSource, SessionStats } from './session-types.ts'

export const DB_NAME = 'nettwin'
export const SCHEMA_VERSION = 3

export const SESSIONS = 'sessions'
export const CHUNKS = 'chunks'
export const PENDING = 'pending'
export const BY_UPDATED_AT = 'byUpdatedAt'

/** Where a table's columns live: column c, chunk k is key `<prefix>/<c>/<k>` holding rowsPerChunk rows. */
export interface TableLayout {
  readonly rowCount: number
  readonly rowsPerChunk: number
  readonly columns: readonly { readonly name: string; readonly type: ColumnType }[]
}

export type AggregateLayout =
  | { readonly name: string; readonly kind: 'json' }
  | { readonly name: string; readonly kind: 'table'; readonly table: TableLayout }

export interface FileLayout {
  readonly size: number
  /** The Blob's MIME type, kept so the file comes back as it went in. */
  readonly type: string
  readonly chunkBytes: number
  readonly chunkCount: number
}

/** Everything needed to find and check a session's chunks. */
export interface SessionContents {
  readonly flows: TableLayout | null
  readonly aggregates: readonly AggregateLayout[]
  readonly originalFile: FileLayout | null
  readonly chunkCount: number
  readonly storedBytes: number
}

/** A `sessions` record (v3). */
export interface ManifestRecord {
  readonly id: string
  readonly kind: SessionKind
  readonly name: string
  readonly createdAt: number
  readonly updatedAt: number
  readonly schemaVersion: number
  readonly source: SessionSource
  readonly stats: SessionStats
  readonly hasOriginalFile: boolean
  readonly contents: SessionContents
}

export interface ChunkRecord {
  readonly sessionId: string
  readonly key: string
  readonly data: ArrayBuffer | JsonValue
}

/** A `pending` record: an import in progress, refreshed (touchedAt) with every chunk transaction. */
export interface PendingRecord {
  readonly id: string
  /** The page load that runs the import: a marker of the current page is never an orphan. */
  readonly pageId: string
  readonly startedAt: number
  readonly touchedAt: number
}

export interface NettwinDb extends DBSchema {
  sessions: { key: string; value: ManifestRecord; indexes: { byUpdatedAt: number } }
  chunks: { key: [string, string]; value: ChunkRecord }
  pending: { key: string; value: PendingRecord }
}

export type UpgradeDb = IDBPDatabase<unknown>
export type UpgradeTx = IDBPTransaction<unknown, string[], 'versionchange'>

export interface Migration {
  /** The version this step produces. */
  readonly version: number
  readonly description: string
  readonly upgrade: (db: UpgradeDb, tx: UpgradeTx) => Promise<void>
}

/** Ordered upgrade steps; step i produces version i + 1. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'sessions (manifests) and chunks (data keyed by [sessionId, key])',
    async upgrade(db) {
      db.createObjectStore(SESSIONS, { keyPath: 'id' })
      db.createObjectStore(CHUNKS, { keyPath: ['sessionId', 'key'] })
    },
  },
  {
    version: 2,
    description: 'manifests gain updatedAt and the byUpdatedAt index; pending markers for imports in progress',
    async upgrade(db, tx) {
      db.createObjectStore(PENDING, { keyPath: 'id' })
      const sessions = tx.objectStore(SESSIONS)
      sessions.createIndex(BY_UPDATED_AT, 'updatedAt')
      // v1 tracked no modification time: the best known one is the creation time.
      let cursor = await sessions.openCursor()
      while (cursor) {
        const record: unknown = cursor.value
        if (typeof record === 'object' && record !== null && !Array.isArray(record)) {
          const v1 = record as { createdAt?: unknown; updatedAt?: unknown }
          const createdAt = typeof v1.createdAt === 'number' && Number.isFinite(v1.createdAt) ? v1.createdAt : 0
          await cursor.update({ ...record, updatedAt: createdAt, schemaVersion: 2 })
        }
        cursor = await cursor.continue()
      }
    },
  },
  {
    version: 3,
    description: "manifests gain kind: 'capture' for every earlier session; 'table' sessions are new",
    async upgrade(_db, tx) {
      // Every session saved before v3 is a capture's analysis: tables were not saved.
      let cursor = await tx.objectStore(SESSIONS).openCursor()
      while (cursor) {
        const record: unknown = cursor.value
        if (typeof record === 'object' && record !== null && !Array.isArray(record)) {
          await cursor.update({ ...record, kind: 'capture', schemaVersion: 3 })
        }
        cursor = await cursor.continue()
      }
    },
  },
]

if (migrations.length !== SCHEMA_VERSION || migrations.some((m, i) => m.version !== i + 1)) {
  throw new Error('storage/schema.ts: migrations must be numbered 1..SCHEMA_VERSION')
}
