/**
 * Saving a session crash-consistently. Order of commits:
 *   1. a `pending` marker for the new id (so cleanup knows the chunks that follow belong to a live import);
 *   2. the data chunks, in short transactions of a few MiB that also refresh the marker's heartbeat;
 *   3. the manifest, and the marker's removal, in one transaction with {durability: 'strict'}.
 * Readers list manifests only, so until step 3 commits the session does not exist for them; a crash before it
 * leaves chunks and a marker that cleanupOrphans removes at the next start. Any failure here (quota, cancel,
 * bad data) deletes the partial chunks at once and leaves every other session untouched.
 */
import {
  AGG_PREFIX,
  DEFAULT_ROWS_PER_CHUNK,
  FILE_CHUNK_BYTES,
  FLOWS_PREFIX,
  type PlannedChunk,
  SUMMARY_KEY,
  aggregateKey,
  checkTable,
  chunkCount,
  fileChunkKey,
  jsonBytes,
  layoutOf,
  tableChunks,
} from './chunks.ts'
import { type SessionStorage, newId, sessionRange, tx } from './db.ts'
import { StorageError, toStorageError } from './errors.ts'
import { MAX_ROWS_PER_CHUNK, captureSummary, entryName, sessionName, sessionSource } from './record-schemas.ts'
import { type AggregateLayout, CHUNKS, type FileLayout, type ManifestRecord, PENDING, SCHEMA_VERSION, SESSIONS } from './schema.ts'
import type { AnySessionDraft, JsonValue, SessionListing, SessionStats } from './session-types.ts'
import { tableSummary } from './table-summary-schema.ts'
import { ValidationError, num } from './validate.ts'

/** A chunk transaction closes once it holds this many bytes (or SaveOptions.chunksPerTransaction chunks). */
const BATCH_BYTES = 8 * 1024 * 1024

export interface SaveOptions {
  readonly signal?: AbortSignal
  /** Rows per column chunk (tests use small values to get many chunks). */
  readonly rowsPerChunk?: number
  /** At most this many chunks per transaction (default 256); smaller means more, shorter transactions. */
  readonly chunksPerTransaction?: number
  /** Chunks committed so far out of the total, after each chunk transaction. */
  readonly onProgress?: (written: number, total: number) => void
}

/** The name of the Web Lock a save holds while it runs: a marker whose lock is free belongs to a dead page. */
export const saveLockName = (id: string): string => `nettwin-save-${id}`

/** Attaches a handler so a request failing after its transaction aborted is never an unhandled rejection. */
export function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined)
  return p
}

function checkDraft(draft: AnySessionDraft): void {
  try {
    sessionName(draft.name, 'name')
    sessionSource(draft.source, 'source')
    if (draft.kind === 'table') {
      tableSummary(draft.table, 'table')
      if ('flows' in draft || 'summary' in draft) throw new ValidationError('table', 'a table session has no capture summary or flows')
    } else captureSummary(draft.summary, 'summary')
    for (const name of Object.keys(draft.aggregates)) entryName(name, 'aggregates')
    if (draft.createdAt !== undefined) num(-Number.MAX_VALUE, Number.MAX_VALUE)(draft.createdAt, 'createdAt')
  } catch (e) {
    if (e instanceof ValidationError) throw new StorageError('invalid-session', `This session cannot be saved: ${e.message}`)
    throw e
  }
  for (const [name, a] of Object.entries(draft.aggregates)) {
    if (a.kind === 'table') checkTable(a.table, `aggregate "${name}"`)
  }
  if (draft.kind !== 'table' && draft.flows) checkTable(draft.flows, 'flows')
}

/** The summary chunk's value (a TableSummary for a table) and the list's numbers (a table's records as packets). */
function summaryOf(draft: AnySessionDraft): { readonly value: JsonValue; readonly stats: SessionStats } {
  if (draft.kind === 'table') {
    const t = draft.table
    // Validated again into a fresh object: drops keys holding undefined, which the worker's clone may carry.
    const value = tableSummary(t, 'table') as unknown as JsonValue
    return { value, stats: { packets: t.records, bytes: t.bytes, start: t.start, end: t.end } }
  }
  const s = draft.summary
  return { value: s as unknown as JsonValue, stats: { packets: s.packets, bytes: s.bytes, start: s.start, end: s.end } }
}

export function listingOf(m: ManifestRecord): SessionListing {
  const { contents, ...rest } = m
  return { ...rest, storedBytes: contents.storedBytes }
}

/** Deletes what a failed save wrote. Best effort: if even this fails, cleanupOrphans gets it next start. */
async function discard(storage: SessionStorage, id: string): Promise<void> {
  try {
    await tx(storage, [CHUNKS, PENDING], 'readwrite', async (t) => {
      await Promise.all([quiet(t.objectStore(CHUNKS).delete(sessionRange(id))), quiet(t.objectStore(PENDING).delete(id))])
    })
  } catch {
    // Left for cleanupOrphans.
  }
}

/** Saves a finished analysis and resolves with its list entry once the manifest is durable. */
export async function saveSession(storage: SessionStorage, draft: AnySessionDraft, options: SaveOptions = {}): Promise<SessionListing> {
  checkDraft(draft)
  const id = newId()
  const run = () => writeSession(storage, id, draft, options)
  return storage.locks ? storage.locks.request(saveLockName(id), run) : run()
}

async function writeSession(storage: SessionStorage, id: string, draft: AnySessionDraft, options: SaveOptions): Promise<SessionListing> {
  const flows = draft.kind === 'table' ? null : draft.flows
  const summary = summaryOf(draft)
  const rowsPerChunk = Math.min(MAX_ROWS_PER_CHUNK, Math.max(1, Math.floor(options.rowsPerChunk ?? DEFAULT_ROWS_PER_CHUNK)))
  const batchChunks = Math.max(1, options.chunksPerTransaction ?? 256)
  const file = draft.originalFile ?? null
  const fileLayout: FileLayout | null = file
    ? {
        size: file.size,
        type: file.type.slice(0, 256),
        chunkBytes: FILE_CHUNK_BYTES,
        chunkCount: chunkCount(file.size, FILE_CHUNK_BYTES),
      }
    : null
  const entries = Object.entries(draft.aggregates)
  const aggregates: AggregateLayout[] = entries.map(([name, a]) =>
    a.kind === 'json' ? { name, kind: 'json' } : { name, kind: 'table', table: layoutOf(a.table, rowsPerChunk) },
  )
  const tableChunkTotal = (rows: number, columns: number) => chunkCount(rows, rowsPerChunk) * columns
  let total = 1 + (fileLayout?.chunkCount ?? 0)
  if (flows) total += tableChunkTotal(flows.rowCount, flows.columns.length)
  for (const [, a] of entries) total += a.kind === 'json' ? 1 : tableChunkTotal(a.table.rowCount, a.table.columns.length)

  const startedAt = storage.now()
  const marker = { id, pageId: storage.pageId, startedAt, touchedAt: startedAt }
  let written = 0
  let storedBytes = 0
  let batch: PlannedChunk[] = []
  let batchBytes = 0
  const flush = async () => {
    if (options.signal?.aborted) throw new StorageError('cancelled', 'Saving the session was cancelled.')
    if (batch.length === 0) return
    const records = batch.map((c) => ({ sessionId: id, key: c.key, data: c.data }))
    await tx(storage, [CHUNKS, PENDING], 'readwrite', async (t) => {
      const chunks = t.objectStore(CHUNKS)
      const requests: Promise<unknown>[] = records.map((r) => quiet(chunks.put(r)))
      requests.push(quiet(t.objectStore(PENDING).put({ ...marker, touchedAt: storage.now() })))
      await Promise.all(requests)
    })
    written += batch.length
    batch = []
    batchBytes = 0
    options.onProgress?.(written, total)
  }
  const add = async (chunk: PlannedChunk) => {
    batch.push(chunk)
    batchBytes += chunk.bytes
    storedBytes += chunk.bytes
    if (batchBytes >= BATCH_BYTES || batch.length >= batchChunks) await flush()
  }

  try {
    await tx(storage, [PENDING], 'readwrite', (t) => t.objectStore(PENDING).put(marker))
    await add({ key: SUMMARY_KEY, data: summary.value, bytes: jsonBytes(summary.value, 'summary') })
    for (let i = 0; i < entries.length; i++) {
      const [name, a] = entries[i]
      if (a.kind === 'json') await add({ key: aggregateKey(i), data: a.value, bytes: jsonBytes(a.value, `aggregate "${name}"`) })
      else for (const c of tableChunks(`${AGG_PREFIX}/${i}`, a.table, rowsPerChunk)) await add(c)
    }
    if (flows) for (const c of tableChunks(FLOWS_PREFIX, flows, rowsPerChunk)) await add(c)
    if (file && fileLayout) {
      for (let k = 0; k < fileLayout.chunkCount; k++) {
        // Read outside any transaction: awaiting a non-IndexedDB promise inside one would commit it early.
        const bytes = await file.slice(k * FILE_CHUNK_BYTES, (k + 1) * FILE_CHUNK_BYTES).arrayBuffer()
        await add({ key: fileChunkKey(k), data: bytes, bytes: bytes.byteLength })
      }
    }
    await flush()
    const now = storage.now()
    const manifest: ManifestRecord = {
      id,
      kind: draft.kind ?? 'capture',
      name: draft.name,
      createdAt: draft.createdAt ?? now,
      updatedAt: now,
      schemaVersion: SCHEMA_VERSION,
      source: draft.source,
      stats: summary.stats,
      hasOriginalFile: fileLayout !== null,
      contents: {
        flows: flows ? layoutOf(flows, rowsPerChunk) : null,
        aggregates,
        originalFile: fileLayout,
        chunkCount: total,
        storedBytes,
      },
    }
    await tx(
      storage,
      [SESSIONS, PENDING],
      'readwrite',
      async (t) => {
        await Promise.all([quiet(t.objectStore(SESSIONS).add(manifest)), quiet(t.objectStore(PENDING).delete(id))])
      },
      { durability: 'strict' },
    )
    return listingOf(manifest)
  } catch (e) {
    await discard(storage, id)
    throw toStorageError(e)
  }
}
