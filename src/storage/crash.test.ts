import { IDBDatabase as FakeIDBDatabase, IDBObjectStore as FakeIDBObjectStore } from 'fake-indexeddb'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanupOrphans } from './cleanup.ts'
import { saveLockName } from './save-session.ts'
import { listSessions, loadSession, saveSession } from './sessions.ts'
import { FakeClock, FakeLocks, allChunkKeys, freshFactory, makeDraft, makeFlows, openPage } from './test-fixtures.ts'

afterEach(() => {
  vi.restoreAllMocks()
})

class PageKilled extends Error {}

/**
 * Kills the page at its k-th write (put or add): that write's transaction aborts, as an uncommitted
 * transaction does when a tab dies, and from then on every IndexedDB call throws, so no catch handler of the
 * dying page can tidy up. Returns a counter of the writes seen.
 */
function killPageAtWrite(k: number): { writes: number } {
  const seen = { writes: 0 }
  let dead = false
  const died = (): never => {
    throw new PageKilled('page killed')
  }
  const wrapWrite = (method: 'put' | 'add') => {
    const original = FakeIDBObjectStore.prototype[method]
    vi.spyOn(FakeIDBObjectStore.prototype, method).mockImplementation(function (this: IDBObjectStore, ...args) {
      if (dead) died()
      if (seen.writes++ === k) {
        dead = true
        this.transaction.abort()
        died()
      }
      return original.apply(this, args as Parameters<typeof original>)
    })
  }
  wrapWrite('put')
  wrapWrite('add')
  const del = FakeIDBObjectStore.prototype.delete
  vi.spyOn(FakeIDBObjectStore.prototype, 'delete').mockImplementation(function (this: IDBObjectStore, ...args) {
    if (dead) died()
    return del.apply(this, args)
  })
  const transaction = FakeIDBDatabase.prototype.transaction
  vi.spyOn(FakeIDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args) {
    if (dead) died()
    return transaction.apply(this, args as Parameters<typeof transaction>)
  })
  return seen
}

const SAVE = { rowsPerChunk: 8, chunksPerTransaction: 5 } as const

describe('interrupted imports', () => {
  it('a page killed at any write never shows a half-written session; the next start removes the leftovers', async () => {
    // Count the writes of one complete save: every one of them is a moment the page can die.
    const counting = killPageAtWrite(Number.POSITIVE_INFINITY)
    await saveSession(await openPage(freshFactory(), new FakeClock()), makeDraft({ rows: 60 }), SAVE)
    const total = counting.writes
    vi.restoreAllMocks()
    expect(total).toBeGreaterThanOrEqual(50)

    let leftOversSeen = 0
    for (let k = 0; k < total; k++) {
      const factory = freshFactory()
      const clock = new FakeClock()
      const page1 = await openPage(factory, clock)
      const existing = await saveSession(page1, makeDraft({ name: 'existing', rows: 10 }), SAVE)
      killPageAtWrite(k)
      await expect(saveSession(page1, makeDraft({ name: 'new', rows: 60 }), SAVE)).rejects.toThrow()
      vi.restoreAllMocks()
      page1.close()

      clock.advance(5 * 60_000)
      const page2 = await openPage(factory, clock)
      expect((await listSessions(page2)).map((s) => s.name)).toEqual(['existing'])
      const strays = (await allChunkKeys(page2)).filter(([id]) => id !== existing.id)
      if (strays.length > 0) leftOversSeen++
      const report = await cleanupOrphans(page2)
      expect(report.orphanSessions).toBe(strays.length > 0 ? 1 : 0)
      expect((await allChunkKeys(page2)).every(([id]) => id === existing.id)).toBe(true)
      expect(await page2.db.getAll('pending')).toEqual([])
      expect((await loadSession(page2, existing.id)).flows).toEqual(makeFlows(10))
      page2.close()
    }
    // Most crash points come after some chunks committed, so cleanup really had work to do.
    expect(leftOversSeen).toBeGreaterThan(total / 2)
  })

  it('keeps the chunks of an import that is still running in another tab, until it goes stale', async () => {
    const factory = freshFactory()
    const clock = new FakeClock()
    const page = await openPage(factory, clock)
    await page.db.put('pending', { id: 'other-tab', pageId: 'tab-2', startedAt: clock.time, touchedAt: clock.time })
    await page.db.put('chunks', { sessionId: 'other-tab', key: 'summary', data: {} })
    clock.advance(10_000)
    expect(await cleanupOrphans(page)).toEqual({ abandonedImports: 0, orphanSessions: 0 })
    expect(await allChunkKeys(page)).toEqual([['other-tab', 'summary']])
    clock.advance(120_000)
    expect(await cleanupOrphans(page)).toEqual({ abandonedImports: 1, orphanSessions: 1 })
    expect(await allChunkKeys(page)).toEqual([])
  })

  it('with Web Locks, tells a live import from a dead one at once', async () => {
    const factory = freshFactory()
    const clock = new FakeClock()
    const locks = new FakeLocks()
    const page = await openPage(factory, clock, { locks })
    for (const id of ['live', 'dead']) {
      await page.db.put('pending', { id, pageId: 'tab-2', startedAt: clock.time - 1, touchedAt: clock.time - 1 })
      await page.db.put('chunks', { sessionId: id, key: 'summary', data: {} })
    }
    locks.held.add(saveLockName('live'))
    expect(await cleanupOrphans(page)).toEqual({ abandonedImports: 1, orphanSessions: 1 })
    expect(await allChunkKeys(page)).toEqual([['live', 'summary']])
  })

  it('never touches an import of its own page, even while cleanup runs in the middle of it', async () => {
    const clock = new FakeClock()
    const page = await openPage(freshFactory(), clock)
    const saving = saveSession(page, makeDraft({ rows: 200 }), { rowsPerChunk: 4, chunksPerTransaction: 3 })
    clock.advance(10 * 60_000)
    const cleaning = cleanupOrphans(page)
    const saved = await saving
    expect(await cleaning).toEqual({ abandonedImports: 0, orphanSessions: 0 })
    expect((await loadSession(page, saved.id)).flows).toEqual(makeFlows(200))
  })

  it('removes the chunks a delete interrupted after the manifest left behind', async () => {
    const page = await openPage(freshFactory(), new FakeClock())
    const kept = await saveSession(page, makeDraft({ rows: 10 }))
    const deleted = await saveSession(page, makeDraft({ rows: 10 }))
    await page.db.delete('sessions', deleted.id)
    expect(await cleanupOrphans(page)).toEqual({ abandonedImports: 0, orphanSessions: 1 })
    expect((await allChunkKeys(page)).every(([id]) => id === kept.id)).toBe(true)
    expect((await listSessions(page)).map((s) => s.id)).toEqual([kept.id])
  })
})
