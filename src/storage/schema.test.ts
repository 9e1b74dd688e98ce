import { forceCloseDatabase } from 'fake-indexeddb'
import { unwrap } from 'idb'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanupOrphans } from './cleanup.ts'
import { BY_UPDATED_AT, DB_NAME, SCHEMA_VERSION, migrations } from './schema.ts'
import { listSessions, loadSession, saveSession } from './sessions.ts'
import { FakeClock, allChunkKeys, freshFactory, makeDraft, makeSummary, openPage } from './test-fixtures.ts'

afterEach(() => {
  vi.restoreAllMocks()
})

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

/** What nettwin's first schema looked like, frozen here with raw IndexedDB (not the migration code). */
async function writeVersion1(factory: IDBFactory): Promise<void> {
  const open = factory.open(DB_NAME, 1)
  open.onupgradeneeded = () => {
    open.result.createObjectStore('sessions', { keyPath: 'id' })
    open.result.createObjectStore('chunks', { keyPath: ['sessionId', 'key'] })
  }
  const db = await done(open)
  const t = db.transaction(['sessions', 'chunks'], 'readwrite')
  t.objectStore('sessions').put({
    id: 'v1-session',
    name: 'saved by v1',
    createdAt: 1_650_000_000_000,
    schemaVersion: 1,
    source: { fileName: 'old.pcap', size: 1000, format: 'pcap', compression: null },
    stats: { packets: 1234, bytes: 500_000, start: 1_600_000_000.25, end: 1_600_000_060.5 },
    hasOriginalFile: false,
    contents: {
      flows: { rowCount: 3, rowsPerChunk: 2, columns: [{ name: 'bytes', type: 'u32' }] },
      aggregates: [{ name: 'top', kind: 'json' }],
      originalFile: null,
      chunkCount: 4,
      storedBytes: 300,
    },
  })
  const chunks = t.objectStore('chunks')
  chunks.put({ sessionId: 'v1-session', key: 'summary', data: makeSummary() })
  chunks.put({ sessionId: 'v1-session', key: 'agg/0', data: ['10.0.0.1'] })
  chunks.put({ sessionId: 'v1-session', key: 'flows/0/0', data: Uint32Array.of(10, 20).buffer })
  chunks.put({ sessionId: 'v1-session', key: 'flows/0/1', data: Uint32Array.of(30).buffer })
  // v1 had no pending markers: an import that crashed left chunks like these.
  chunks.put({ sessionId: 'v1-crashed', key: 'summary', data: makeSummary() })
  await new Promise((resolve, reject) => {
    t.oncomplete = resolve
    t.onabort = () => reject(t.error)
  })
  db.close()
}

/** Version 2 as it shipped (pending store, byUpdatedAt index, manifests without kind), with raw IndexedDB. */
async function writeVersion2(factory: IDBFactory): Promise<void> {
  const open = factory.open(DB_NAME, 2)
  open.onupgradeneeded = () => {
    const sessions = open.result.createObjectStore('sessions', { keyPath: 'id' })
    sessions.createIndex('byUpdatedAt', 'updatedAt')
    open.result.createObjectStore('chunks', { keyPath: ['sessionId', 'key'] })
    open.result.createObjectStore('pending', { keyPath: 'id' })
  }
  const db = await done(open)
  const t = db.transaction(['sessions', 'chunks'], 'readwrite')
  for (const [id, updatedAt] of [['v2-older', 1_690_000_000_000], ['v2-newer', 1_695_000_000_000]] as const) {
    t.objectStore('sessions').put({
      id,
      name: `saved by v2 (${id})`,
      createdAt: 1_680_000_000_000,
      updatedAt,
      schemaVersion: 2,
      source: { fileName: 'v2.pcapng', size: 2000, format: 'pcapng', compression: 'gzip' },
      stats: { packets: 10, bytes: 1000, start: null, end: null },
      hasOriginalFile: false,
      contents: { flows: null, aggregates: [{ name: 'top', kind: 'json' }], originalFile: null, chunkCount: 2, storedBytes: 20 },
    })
    t.objectStore('chunks').put({ sessionId: id, key: 'summary', data: makeSummary({ packets: 10 }) })
    t.objectStore('chunks').put({ sessionId: id, key: 'agg/0', data: { id } })
  }
  await new Promise((resolve, reject) => {
    t.oncomplete = resolve
    t.onabort = () => reject(t.error)
  })
  db.close()
}

describe('schema and migrations', () => {
  it('numbers its steps 1..SCHEMA_VERSION and creates the current layout from nothing', async () => {
    expect(migrations.map((m) => m.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1))
    const storage = await openPage(freshFactory(), new FakeClock())
    expect(storage.db.version).toBe(SCHEMA_VERSION)
    expect([...storage.db.objectStoreNames]).toEqual(['chunks', 'pending', 'sessions'])
    const t = storage.db.transaction(['sessions', 'chunks', 'pending'])
    expect(t.objectStore('sessions').keyPath).toBe('id')
    expect(t.objectStore('chunks').keyPath).toEqual(['sessionId', 'key'])
    expect(t.objectStore('pending').keyPath).toBe('id')
    expect(t.objectStore('sessions').index(BY_UPDATED_AT).keyPath).toBe('updatedAt')
  })

  it('upgrades a version 1 database: manifests gain updatedAt and the index, data reads back, v1 orphans go', async () => {
    const factory = freshFactory()
    await writeVersion1(factory)
    const clock = new FakeClock(1_700_000_000_000)
    const storage = await openPage(factory, clock)
    const [listed] = await listSessions(storage)
    expect(listed).toMatchObject({ id: 'v1-session', kind: 'capture', name: 'saved by v1', createdAt: 1_650_000_000_000, updatedAt: 1_650_000_000_000, schemaVersion: 3 })
    const loaded = await loadSession(storage, 'v1-session')
    expect(loaded.summary).toEqual(makeSummary())
    expect(loaded.flows?.columns[0].data).toEqual(Uint32Array.of(10, 20, 30))
    expect(loaded.aggregates.top).toEqual({ kind: 'json', value: ['10.0.0.1'] })

    expect(await cleanupOrphans(storage)).toEqual({ abandonedImports: 0, orphanSessions: 1 })
    expect((await allChunkKeys(storage)).map(([id]) => id)).not.toContain('v1-crashed')
    // The migrated record sorts by its updatedAt among new ones.
    const fresh = await saveSession(storage, makeDraft({ rows: 2 }))
    expect((await listSessions(storage)).map((s) => s.id)).toEqual([fresh.id, 'v1-session'])
  })

  it('upgrades a version 2 database: every session becomes a capture session and still opens, newest first', async () => {
    const factory = freshFactory()
    await writeVersion2(factory)
    const storage = await openPage(factory, new FakeClock(1_700_000_000_000))
    const listed = await listSessions(storage)
    expect(listed.map((s) => [s.id, s.kind, s.schemaVersion])).toEqual([['v2-newer', 'capture', 3], ['v2-older', 'capture', 3]])
    const loaded = await loadSession(storage, 'v2-older')
    expect(loaded.summary).toEqual(makeSummary({ packets: 10 }))
    expect(loaded.aggregates.top).toEqual({ kind: 'json', value: { id: 'v2-older' } })
    expect(loaded.source.compression).toBe('gzip')
  })

  it('leaves a version 2 database untouched when the v3 step fails', async () => {
    const factory = freshFactory()
    await writeVersion2(factory)
    vi.spyOn(migrations[2], 'upgrade').mockRejectedValue(new Error('step failed'))
    await expect(openPage(factory, new FakeClock())).rejects.toMatchObject({ code: 'failed' })
    const db = await done(factory.open(DB_NAME))
    expect(db.version).toBe(2)
    const record = await done(db.transaction('sessions').objectStore('sessions').get('v2-older'))
    expect(record).toMatchObject({ schemaVersion: 2 })
    expect(record).not.toHaveProperty('kind')
    db.close()
  })

  it('leaves a version 1 database untouched when an upgrade step fails', async () => {
    const factory = freshFactory()
    await writeVersion1(factory)
    vi.spyOn(migrations[1], 'upgrade').mockRejectedValue(new Error('step failed'))
    await expect(openPage(factory, new FakeClock())).rejects.toMatchObject({ code: 'failed' })
    const db = await done(factory.open(DB_NAME))
    expect(db.version).toBe(1)
    expect([...db.objectStoreNames]).toEqual(['chunks', 'sessions'])
    const record = await done(db.transaction('sessions').objectStore('sessions').get('v1-session'))
    expect(record).toMatchObject({ schemaVersion: 1 })
    expect(record).not.toHaveProperty('updatedAt')
    db.close()
  })
})

describe('two tabs on different schema versions', () => {
  it('the older tab closes on versionchange and says so; the newer one opens at once', async () => {
    const factory = freshFactory()
    const onVersionChange = vi.fn()
    const onBlocked = vi.fn()
    const older = await openPage(factory, new FakeClock(), { version: 1, onVersionChange })
    const newer = await openPage(factory, new FakeClock(), { onBlocked })
    expect(onVersionChange).toHaveBeenCalledTimes(1)
    expect(onBlocked).not.toHaveBeenCalled()
    expect(older.isClosed()).toBe(true)
    await expect(listSessions(older)).rejects.toMatchObject({ code: 'closed' })
    await saveSession(newer, makeDraft({ rows: 2 }))
    expect(await listSessions(newer)).toHaveLength(1)
  })

  it('the newer tab reports blocked while an older connection stays open, and proceeds once it closes', async () => {
    const factory = freshFactory()
    await writeVersion1(factory)
    const stubborn = await done(factory.open(DB_NAME, 1))
    const onBlocked = vi.fn()
    const opening = openPage(factory, new FakeClock(), { onBlocked })
    await vi.waitFor(() => expect(onBlocked).toHaveBeenCalled())
    stubborn.close()
    const storage = await opening
    expect((await listSessions(storage)).map((s) => s.id)).toEqual(['v1-session'])
  })

  it('an older build opening a database a newer build upgraded gets newer-version', async () => {
    const factory = freshFactory()
    const current = await openPage(factory, new FakeClock())
    current.close()
    await expect(openPage(factory, new FakeClock(), { version: 1 })).rejects.toMatchObject({ code: 'newer-version' })
  })

  it('reports a connection the browser closed (storage cleared) and refuses further use', async () => {
    const onTerminated = vi.fn()
    const storage = await openPage(freshFactory(), new FakeClock(), { onTerminated })
    // fake-indexeddb types its parameter as the IDBDatabase class; it takes a connection.
    forceCloseDatabase(unwrap(storage.db) as never)
    await vi.waitFor(() => expect(onTerminated).toHaveBeenCalled())
    await expect(listSessions(storage)).rejects.toMatchObject({ code: 'closed' })
  })
})
