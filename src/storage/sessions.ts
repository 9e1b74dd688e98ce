/**
 * The session list and what the user does with it: list, open, rename, delete, fetch the original file.
 * Everything read back is validated (a damaged or foreign record is skipped in the list and reported as
 * StorageError 'corrupt' when opened). Saving lives in save-session.ts, startup cleanup in cleanup.ts.
 */
import { AGG_PREFIX, FILE_PREFIX, FLOWS_PREFIX, SUMMARY_KEY, assembleAggregates, assembleTable } from './chunks.ts'
import { type SessionStorage, prefixRange, sessionRange, tx } from './db.ts'
import { StorageError } from './errors.ts'
import { captureSummary, manifestRecord, sessionName } from './record-schemas.ts'
import { listingOf, quiet } from './save-session.ts'
import { BY_UPDATED_AT, CHUNKS, type ChunkRecord, type ManifestRecord, SESSIONS } from './schema.ts'
import type { AnyStoredSession, SessionListing, StoredSession } from './session-types.ts'
import { tableSummary } from './table-summary-schema.ts'
import { ValidationError } from './validate.ts'

export { saveSession, type SaveOptions } from './save-session.ts'

function notFound(): never {
  throw new StorageError('not-found', 'This session no longer exists (it may have been deleted in another tab).')
}

function corrupt(detail: string): never {
  throw new StorageError('corrupt', `This saved session is damaged (${detail}); delete it and analyse the file again.`)
}

/** The manifest, validated; null when it is not a valid record. */
function readManifest(value: unknown): ManifestRecord | null {
  try {
    return manifestRecord(value, 'manifest')
  } catch (e) {
    if (e instanceof ValidationError) return null
    throw e
  }
}

/** Complete sessions only, newest change first. Records that fail validation are left out. */
export async function listSessions(storage: SessionStorage): Promise<SessionListing[]> {
  const records = await tx(storage, [SESSIONS], 'readonly', (t) => t.objectStore(SESSIONS).index(BY_UPDATED_AT).getAll())
  const out: SessionListing[] = []
  for (let i = records.length - 1; i >= 0; i--) {
    const m = readManifest(records[i])
    if (m) out.push(listingOf(m))
  }
  return out
}

function toMap(records: readonly ChunkRecord[]): Map<string, unknown> {
  const map = new Map<string, unknown>()
  for (const r of records) if (typeof r.key === 'string') map.set(r.key, r.data)
  return map
}

/** Opens a saved capture session: summary, aggregates and flows, without the original file. */
export async function loadSession(storage: SessionStorage, id: string): Promise<StoredSession> {
  const session = await loadStoredSession(storage, id)
  if (session.kind === 'table') throw new StorageError('invalid-session', 'This saved session is a traffic table, not a capture.')
  return session
}

/** Opens a saved session of either kind (a table's summary is validated as a TableSummary), without the original file. */
export async function loadStoredSession(storage: SessionStorage, id: string): Promise<AnyStoredSession> {
  const read = await tx(storage, [SESSIONS, CHUNKS], 'readonly', async (t) => {
    const chunks = t.objectStore(CHUNKS)
    const [manifest, summary, aggregates, flows] = await Promise.all([
      quiet(t.objectStore(SESSIONS).get(id)),
      quiet(chunks.get([id, SUMMARY_KEY])),
      quiet(chunks.getAll(prefixRange(id, AGG_PREFIX))),
      quiet(chunks.getAll(prefixRange(id, FLOWS_PREFIX))),
    ])
    return { manifest, summary, aggregates, flows }
  })
  if (read.manifest === undefined) notFound()
  const m = readManifest(read.manifest)
  if (!m) corrupt('its record does not match the expected shape')
  const { contents, kind, ...rest } = m
  try {
    if (kind === 'table') {
      if (contents.flows !== null) corrupt('a table session with capture flows')
      const table = tableSummary(read.summary?.data, 'summary')
      return { ...rest, kind, storedBytes: contents.storedBytes, table, aggregates: assembleAggregates(contents.aggregates, toMap(read.aggregates)) }
    }
  } catch (e) {
    if (e instanceof ValidationError) corrupt(`summary: ${e.message}`)
    throw e
  }
  let summary
  try {
    summary = captureSummary(read.summary?.data, 'summary')
  } catch (e) {
    if (e instanceof ValidationError) corrupt(`summary: ${e.message}`)
    throw e
  }
  return {
    ...rest,
    kind,
    storedBytes: contents.storedBytes,
    summary,
    aggregates: assembleAggregates(contents.aggregates, toMap(read.aggregates)),
    flows: contents.flows ? assembleTable(FLOWS_PREFIX, contents.flows, toMap(read.flows)) : null,
  }
}

/** The original capture kept with the session, or null when it was not kept. */
export async function loadOriginalFile(storage: SessionStorage, id: string): Promise<Blob | null> {
  const read = await tx(storage, [SESSIONS, CHUNKS], 'readonly', async (t) => {
    const [manifest, parts] = await Promise.all([
      quiet(t.objectStore(SESSIONS).get(id)),
      quiet(t.objectStore(CHUNKS).getAll(prefixRange(id, FILE_PREFIX))),
    ])
    return { manifest, parts }
  })
  if (read.manifest === undefined) notFound()
  const m = readManifest(read.manifest)
  if (!m) corrupt('its record does not match the expected shape')
  const layout = m.contents.originalFile
  if (!layout) return null
  const byKey = toMap(read.parts)
  const buffers: ArrayBuffer[] = []
  let size = 0
  for (let k = 0; k < layout.chunkCount; k++) {
    const part = byKey.get(`${FILE_PREFIX}/${k}`)
    const expected = Math.min(layout.chunkBytes, layout.size - k * layout.chunkBytes)
    if (!(part instanceof ArrayBuffer) || part.byteLength !== expected) corrupt(`original file chunk ${k}`)
    buffers.push(part)
    size += part.byteLength
  }
  if (size !== layout.size) corrupt('original file size')
  return new Blob(buffers, { type: layout.type })
}

/** Renames a session (the name is trimmed; 1-256 characters) and resolves with its updated list entry. */
export async function renameSession(storage: SessionStorage, id: string, name: string): Promise<SessionListing> {
  const trimmed = name.trim()
  try {
    sessionName(trimmed, 'name')
  } catch {
    throw new StorageError('invalid-session', 'A session name must have 1 to 256 characters.')
  }
  const updated = await tx(
    storage,
    [SESSIONS],
    'readwrite',
    async (t) => {
      const raw = await t.objectStore(SESSIONS).get(id)
      if (raw === undefined) return null
      const m = readManifest(raw)
      if (!m) corrupt('its record does not match the expected shape')
      const next: ManifestRecord = { ...m, name: trimmed, updatedAt: storage.now() }
      await t.objectStore(SESSIONS).put(next)
      return next
    },
    { durability: 'strict' },
  )
  if (!updated) notFound()
  return listingOf(updated)
}

/**
 * Deletes a session: the manifest first (strict), so it leaves the list at once, then its chunks. A crash
 * between the two leaves chunks with no manifest, which cleanupOrphans removes at the next start.
 */
export async function deleteSession(storage: SessionStorage, id: string): Promise<void> {
  await tx(storage, [SESSIONS], 'readwrite', (t) => t.objectStore(SESSIONS).delete(id), { durability: 'strict' })
  try {
    await tx(storage, [CHUNKS], 'readwrite', (t) => t.objectStore(CHUNKS).delete(sessionRange(id)))
  } catch {
    // The session is gone for the user; its chunks are orphans now and the next cleanup takes them.
  }
}
