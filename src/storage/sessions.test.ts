import { IDBDatabase as FakeIDBDatabase } from 'fake-indexeddb'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { analyzeCapture } from '../analysis/capture-summary.ts'
import { lanCaptureBytes } from '../analysis/queries/test-capture.ts'
import { bytesSource } from '../formats/sources.ts'
import { StorageError } from './errors.ts'
import { deleteSession, listSessions, loadOriginalFile, loadSession, renameSession, saveSession } from './sessions.ts'
import { FakeClock, allChunkKeys, fakeFileBytes, freshFactory, makeDraft, makeFlows, openPage } from './test-fixtures.ts'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('saveSession / listSessions / loadSession', () => {
  it('reads back exactly what was saved, the original file separately', async () => {
    const clock = new FakeClock()
    const storage = await openPage(freshFactory(), clock)
    const file = fakeFileBytes(10_000)
    const draft = makeDraft({ rows: 1000, file })
    const saved = await saveSession(storage, draft, { rowsPerChunk: 128 })
    expect(saved).toMatchObject({ name: 'Lab capture', createdAt: clock.time, updatedAt: clock.time, hasOriginalFile: true })
    expect(saved.stats).toEqual({ packets: 1234, bytes: 500_000, start: 1_600_000_000.25, end: 1_600_000_060.5 })

    const list = await listSessions(storage)
    expect(list).toEqual([saved])
    const loaded = await loadSession(storage, saved.id)
    expect(loaded.summary).toEqual(draft.summary)
    expect(loaded.flows).toEqual(draft.flows)
    expect(loaded.flows?.columns.map((c) => c.data.constructor.name)).toEqual([
      'Float64Array', 'Uint32Array', 'Uint16Array', 'Uint8Array', 'Int32Array', 'Array',
    ])
    expect({ ...loaded.aggregates }).toEqual(draft.aggregates)
    expect(loaded.storedBytes).toBeGreaterThan(10_000)

    const original = await loadOriginalFile(storage, saved.id)
    expect(original?.type).toBe('application/vnd.tcpdump.pcap')
    expect(new Uint8Array(await (original as Blob).arrayBuffer())).toEqual(file)
  })

  it('stores a real capture summary (analyzeCapture over a generated LAN capture) unchanged', async () => {
    const summary = await analyzeCapture(bytesSource(lanCaptureBytes(), 'lan.pcap'))
    expect(summary.packets).toBeGreaterThan(0)
    const storage = await openPage(freshFactory(), new FakeClock())
    const saved = await saveSession(storage, { ...makeDraft({ rows: 0 }), summary, flows: null })
    const loaded = await loadSession(storage, saved.id)
    expect(loaded.summary).toEqual(summary)
    expect(loaded.flows).toBeNull()
    expect(await loadOriginalFile(storage, saved.id)).toBeNull()
  })

  it('lists newest change first; a rename moves a session to the top', async () => {
    const clock = new FakeClock()
    const storage = await openPage(freshFactory(), clock)
    const a = await saveSession(storage, makeDraft({ name: 'a', rows: 3 }))
    clock.advance(1000)
    const b = await saveSession(storage, makeDraft({ name: 'b', rows: 3 }))
    expect((await listSessions(storage)).map((s) => s.name)).toEqual(['b', 'a'])
    clock.advance(1000)
    const renamed = await renameSession(storage, a.id, '  morning capture  ')
    expect(renamed).toMatchObject({ id: a.id, name: 'morning capture', createdAt: a.createdAt, updatedAt: clock.time })
    expect((await listSessions(storage)).map((s) => s.id)).toEqual([a.id, b.id])
    await expect(renameSession(storage, a.id, '   ')).rejects.toMatchObject({ code: 'invalid-session' })
    await expect(renameSession(storage, 'no-such-id', 'x')).rejects.toMatchObject({ code: 'not-found' })
  })

  it('deletes a session with all its chunks and leaves the others alone', async () => {
    const storage = await openPage(freshFactory(), new FakeClock())
    const keep = await saveSession(storage, makeDraft({ name: 'keep', rows: 50, file: fakeFileBytes(100) }), { rowsPerChunk: 16 })
    const drop = await saveSession(storage, makeDraft({ name: 'drop', rows: 50, file: fakeFileBytes(100) }), { rowsPerChunk: 16 })
    const before = await allChunkKeys(storage)
    await deleteSession(storage, drop.id)
    expect((await listSessions(storage)).map((s) => s.id)).toEqual([keep.id])
    const after = await allChunkKeys(storage)
    expect(after.every(([id]) => id === keep.id)).toBe(true)
    expect(after.length).toBe(before.filter(([id]) => id === keep.id).length)
    await expect(loadSession(storage, drop.id)).rejects.toMatchObject({ code: 'not-found' })
    expect((await loadSession(storage, keep.id)).flows).toEqual(makeFlows(50))
  })

  it('commits every chunk before the manifest, and the manifest in a strict-durability transaction', async () => {
    const storage = await openPage(freshFactory(), new FakeClock())
    const log: { stores: string[]; mode: string; durability: string }[] = []
    const original = FakeIDBDatabase.prototype.transaction
    vi.spyOn(FakeIDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args) {
      const [stores, mode, options] = args as [string | string[], string, { durability?: string } | undefined]
      log.push({ stores: [stores].flat(), mode, durability: options?.durability ?? 'default' })
      return original.apply(this, args)
    })
    await saveSession(storage, makeDraft({ rows: 200 }), { rowsPerChunk: 8 })
    const manifestTx = log.findIndex((e) => e.stores.includes('sessions'))
    const chunkTxs = log.map((e, i) => (e.stores.includes('chunks') ? i : -1)).filter((i) => i >= 0)
    expect(log[manifestTx]).toEqual({ stores: ['sessions', 'pending'], mode: 'readwrite', durability: 'strict' })
    expect(manifestTx).toBe(log.length - 1)
    expect(chunkTxs.length).toBeGreaterThan(0)
    expect(Math.max(...chunkTxs)).toBeLessThan(manifestTx)
  })

  it('refuses bad drafts before writing anything', async () => {
    const storage = await openPage(freshFactory(), new FakeClock())
    const good = makeDraft({ rows: 4 })
    const bad = [
      { ...good, name: '' },
      { ...good, aggregates: JSON.parse('{"__proto__": {"kind": "json", "value": 1}}') },
      { ...good, flows: { rowCount: 5, columns: good.flows?.columns ?? [] } },
      { ...good, flows: { rowCount: 1, columns: [{ name: 'x', type: 'u8', data: Float64Array.of(1) }] } },
      { ...good, flows: { rowCount: 1, columns: [{ name: 'x', type: 'u8', data: Uint8Array.of(1) }, { name: 'x', type: 'u8', data: Uint8Array.of(2) }] } },
      { ...good, summary: { ...good.summary, packets: -1 } },
      { ...good, createdAt: Number.NaN },
    ]
    for (const draft of bad) {
      await expect(saveSession(storage, draft as typeof good)).rejects.toMatchObject({ code: 'invalid-session' })
    }
    expect(await allChunkKeys(storage)).toEqual([])
    expect(await listSessions(storage)).toEqual([])
  })

  it('removes the chunks of a save that fails half-way (an aggregate JSON cannot carry)', async () => {
    const storage = await openPage(freshFactory(), new FakeClock())
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    const draft = { ...makeDraft({ rows: 300 }), aggregates: { fine: { kind: 'json', value: 1 }, loop: { kind: 'json', value: cyclic } } }
    await expect(saveSession(storage, draft as never, { rowsPerChunk: 8 })).rejects.toBeInstanceOf(StorageError)
    expect(await allChunkKeys(storage)).toEqual([])
    expect(await storage.db.getAll('pending')).toEqual([])
  })

  it('stops a save when its signal aborts, keeping nothing', async () => {
    const storage = await openPage(freshFactory(), new FakeClock())
    const controller = new AbortController()
    const save = saveSession(storage, makeDraft({ rows: 4000 }), {
      rowsPerChunk: 4,
      signal: controller.signal,
      onProgress: (written) => {
        if (written > 20) controller.abort()
      },
    })
    await expect(save).rejects.toMatchObject({ code: 'cancelled' })
    expect(await allChunkKeys(storage)).toEqual([])
    expect(await listSessions(storage)).toEqual([])
  })

  it('reports a damaged session as corrupt and leaves it out of nothing else', async () => {
    const storage = await openPage(freshFactory(), new FakeClock())
    const saved = await saveSession(storage, makeDraft({ rows: 20 }), { rowsPerChunk: 8 })
    const other = await saveSession(storage, makeDraft({ rows: 5 }))
    await storage.db.put('chunks', { sessionId: saved.id, key: 'flows/0/1', data: new ArrayBuffer(3) })
    await expect(loadSession(storage, saved.id)).rejects.toMatchObject({ code: 'corrupt' })
    // A manifest that no longer validates is left out of the list, and opening it says corrupt.
    const raw = await storage.db.get('sessions', other.id)
    await storage.db.put('sessions', { ...(raw as object), extra: 1 } as never)
    expect((await listSessions(storage)).map((s) => s.id)).toEqual([saved.id])
    await expect(loadSession(storage, other.id)).rejects.toMatchObject({ code: 'corrupt' })
  })
})
