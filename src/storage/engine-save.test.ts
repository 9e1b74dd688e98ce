import { IDBObjectStore as FakeIDBObjectStore } from 'fake-indexeddb'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanupOrphans } from './cleanup.ts'
import { EngineStorage, saveCapturePayload, type CaptureSaveRequest } from './engine-save.ts'
import { SCHEMA_VERSION } from './schema.ts'
import { listSessions, loadSession, loadOriginalFile } from './sessions.ts'
import { FakeClock, fakeFileBytes, freshFactory, makeDraft, openPage } from './test-fixtures.ts'

afterEach(() => {
  vi.restoreAllMocks()
})

const payloadOf = () => {
  const draft = makeDraft()
  return { summary: draft.summary, aggregates: draft.aggregates }
}

const requestFor = (pageId: string, keepOriginalFile = false): CaptureSaveRequest => ({
  name: 'worker save',
  source: { fileName: 'web-mix.pcapng', size: 500_000, format: 'pcapng', compression: null },
  keepOriginalFile,
  pageId,
})

describe('saving from the engine worker', () => {
  it('writes a session the page lists and opens, the original file only when asked', async () => {
    const factory = freshFactory()
    const clock = new FakeClock()
    const page = await openPage(factory, clock)
    const engine = new EngineStorage({ factory, now: clock.now, locks: null })
    const file = new Blob([fakeFileBytes(3000) as BlobPart])

    const kept = await engine.save(payloadOf(), requestFor(page.pageId, true), file)
    const dropped = await engine.save(payloadOf(), requestFor(page.pageId, false), file)
    if (!kept.ok || !dropped.ok) throw new Error(`not saved: ${JSON.stringify([kept, dropped])}`)
    expect(kept.listing.hasOriginalFile).toBe(true)
    expect(dropped.listing.hasOriginalFile).toBe(false)

    const listed = await listSessions(page)
    expect(listed.map((l) => l.id).sort()).toEqual([kept.listing.id, dropped.listing.id].sort())
    const loaded = await loadSession(page, kept.listing.id)
    expect(loaded.summary).toEqual(payloadOf().summary)
    expect(loaded.aggregates.topTalkers).toEqual(payloadOf().aggregates.topTalkers)
    const original = await loadOriginalFile(page, kept.listing.id)
    expect(new Uint8Array(await (original ?? new Blob()).arrayBuffer())).toEqual(fakeFileBytes(3000))
  })

  it("marks its import as the page's, so the page's cleanup during the save leaves it whole", async () => {
    const factory = freshFactory()
    const clock = new FakeClock()
    const page = await openPage(factory, clock)
    const engine = new EngineStorage({ factory, now: clock.now, locks: null })
    const cleanups: Promise<unknown>[] = []
    // A zero staleness makes every marker that is not the page's own an orphan at once.
    const onProgress = () => void cleanups.push(cleanupOrphans(page, { staleAfterMs: 0 }))
    // One chunk per transaction (summary, two aggregates, the file): the cleanup runs between them.
    const storage = await engine.connection(page.pageId)
    const answer = await saveCapturePayload(storage, payloadOf(), requestFor(page.pageId, true), new Blob([fakeFileBytes(40_000) as BlobPart]), {
      chunksPerTransaction: 1,
      onProgress,
    })
    const reports = await Promise.all(cleanups)
    if (!answer.ok) throw new Error(answer.message)
    expect(cleanups.length).toBeGreaterThan(1)
    expect(reports).toEqual(cleanups.map(() => ({ abandonedImports: 0, orphanSessions: 0 })))
    const original = await loadOriginalFile(page, answer.listing.id)
    expect(original?.size).toBe(40_000)
  })

  it('answers "storage full" as data (code and message) and keeps nothing of the failed save', async () => {
    const factory = freshFactory()
    const clock = new FakeClock()
    const page = await openPage(factory, clock)
    const engine = new EngineStorage({ factory, now: clock.now, locks: null })
    const put = FakeIDBObjectStore.prototype.put
    vi.spyOn(FakeIDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'chunks') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      return put.apply(this, args as Parameters<typeof put>)
    })
    const answer = await engine.save(payloadOf(), requestFor(page.pageId), null)
    expect(answer).toMatchObject({ ok: false, code: 'storage-full' })
    if (!answer.ok) expect(answer.message).toMatch(/storage is full/)
    vi.restoreAllMocks()
    expect(await listSessions(page)).toEqual([])
    expect(await page.db.getAllKeys('chunks')).toEqual([])
    expect(await page.db.getAllKeys('pending')).toEqual([])
    // Still writable afterwards.
    expect((await engine.save(payloadOf(), requestFor(page.pageId), null)).ok).toBe(true)
  })

  it('lets a newer version upgrade, then answers "closed" (reload) instead of reopening', async () => {
    const factory = freshFactory()
    const clock = new FakeClock()
    const engine = new EngineStorage({ factory, now: clock.now, locks: null })
    expect((await engine.save(payloadOf(), requestFor('page-1'), null)).ok).toBe(true)
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = factory.open('nettwin', SCHEMA_VERSION + 1)
      r.onsuccess = () => resolve(r.result)
      r.onerror = () => reject(r.error)
      r.onblocked = () => reject(new Error('the engine connection blocked the upgrade'))
    })
    newer.close()
    const answer = await engine.save(payloadOf(), requestFor('page-1'), null)
    expect(answer).toMatchObject({ ok: false, code: 'closed' })
    if (!answer.ok) expect(answer.message).toMatch(/Reload/)
  })

  it('does not keep a failed open: the next save opens again', async () => {
    const factory = freshFactory()
    const clock = new FakeClock()
    let refusals = 1
    const flaky = {
      open: (name: string, version?: number) => {
        if (refusals-- > 0) throw new DOMException('No storage here.', 'UnknownError')
        return factory.open(name, version)
      },
    } as unknown as IDBFactory
    const engine = new EngineStorage({ factory: flaky, now: clock.now, locks: null })
    const first = await engine.save(payloadOf(), requestFor('page-1'), null)
    expect(first).toMatchObject({ ok: false, code: 'failed' })
    expect((await engine.save(payloadOf(), requestFor('page-1'), null)).ok).toBe(true)
  })
})
