import { IDBObjectStore as FakeIDBObjectStore } from 'fake-indexeddb'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { StorageFullError, isQuotaError, toStorageError } from './errors.ts'
import { deleteSession, listSessions, loadSession, saveSession } from './sessions.ts'
import { FakeClock, allChunkKeys, fakeFileBytes, freshFactory, makeDraft, makeFlows, openPage } from './test-fixtures.ts'

afterEach(() => {
  vi.restoreAllMocks()
})

type QuotaMode = 'request-throws' | 'transaction-aborts'

/** What the fake quota saw: every write attempted, the refused ones, and what was still tried after a refusal. */
interface QuotaState {
  used: number
  refused: number
  writes: number
  writesAfterRefusal: number
  /** The transaction of the first refused write. */
  firstRefused: IDBTransaction | null
  /** Writes after that refusal in any other transaction (a save that carried on or retried). */
  writesInLaterTransactions: number
}

/**
 * fake-indexeddb has no quota, so this wraps put/add: once the bytes written pass `limit`, a write fails the
 * way browsers fail it. 'request-throws' raises QuotaExceededError from the call; 'transaction-aborts' lets the
 * request through and aborts its transaction with a QuotaExceededError as the transaction's error (what
 * Chrome and Firefox do when the commit does not fit), using fake-indexeddb's internal abort.
 */
function limitQuota(limit: number, mode: QuotaMode): QuotaState {
  const state: QuotaState = { used: 0, refused: 0, writes: 0, writesAfterRefusal: 0, firstRefused: null, writesInLaterTransactions: 0 }
  for (const method of ['put', 'add'] as const) {
    const original = FakeIDBObjectStore.prototype[method]
    vi.spyOn(FakeIDBObjectStore.prototype, method).mockImplementation(function (this: IDBObjectStore, ...args) {
      const data = (args[0] as { data?: unknown }).data
      state.writes++
      if (state.refused > 0) {
        state.writesAfterRefusal++
        if (this.transaction !== state.firstRefused) state.writesInLaterTransactions++
      }
      state.used += data instanceof ArrayBuffer ? data.byteLength : 64
      if (state.used <= limit) return original.apply(this, args as Parameters<typeof original>)
      state.refused++
      state.firstRefused ??= this.transaction
      if (mode === 'request-throws') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      const request = original.apply(this, args as Parameters<typeof original>)
      ;(this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError')
      return request
    })
  }
  return state
}

describe('storage full', () => {
  for (const mode of ['request-throws', 'transaction-aborts'] as const) {
    it(`gives StorageFullError at the first refused transaction, keeps other sessions and stays writable (${mode})`, async () => {
      const clock = new FakeClock()
      const storage = await openPage(freshFactory(), clock)
      const existing = await saveSession(storage, makeDraft({ name: 'existing', rows: 100 }))
      const quota = limitQuota(20_000, mode)
      const clockBefore = clock.time
      const error = await saveSession(storage, makeDraft({ name: 'too big', rows: 5000, file: fakeFileBytes(50_000) }), {
        rowsPerChunk: 256,
        chunksPerTransaction: 4,
      }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(StorageFullError)
      expect((error as Error).message).toMatch(/storage is full/)
      console.log(`quota ${mode}: ${quota.writes} writes, ${quota.refused} refused, ${quota.writesAfterRefusal} after the first refusal (${quota.writesInLaterTransactions} in later transactions)`)
      // "Within 2 s" made deterministic: the save gives up at the first refusal instead of retrying or writing on.
      // At most the rest of the refused transaction's batch (chunksPerTransaction 4) is attempted after it, and no
      // further transaction writes anything; nor does the save wait on the clock.
      expect(quota.refused).toBeGreaterThan(0)
      expect(quota.writesAfterRefusal).toBeLessThanOrEqual(3)
      expect(quota.writesInLaterTransactions).toBe(0)
      expect(clock.time).toBe(clockBefore)

      // Nothing of the failed save is left, and the earlier session is whole.
      expect((await allChunkKeys(storage)).every(([id]) => id === existing.id)).toBe(true)
      expect(await storage.db.getAll('pending')).toEqual([])
      expect((await listSessions(storage)).map((s) => s.name)).toEqual(['existing'])
      expect((await loadSession(storage, existing.id)).flows).toEqual(makeFlows(100))

      // Still writable while full: deleting frees space.
      await deleteSession(storage, existing.id)
      expect(await listSessions(storage)).toEqual([])
      vi.restoreAllMocks()
      const after = await saveSession(storage, makeDraft({ name: 'after', rows: 100 }))
      expect((await listSessions(storage)).map((s) => s.id)).toEqual([after.id])
    })
  }

  it('maps a quota failure of the final manifest transaction too, leaving no chunks', async () => {
    const storage = await openPage(freshFactory(), new FakeClock())
    const original = FakeIDBObjectStore.prototype.add
    vi.spyOn(FakeIDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args) {
      const request = original.apply(this, args as Parameters<typeof original>)
      ;(this.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError')
      return request
    })
    await expect(saveSession(storage, makeDraft({ rows: 50 }))).rejects.toBeInstanceOf(StorageFullError)
    expect(await allChunkKeys(storage)).toEqual([])
    expect(await listSessions(storage)).toEqual([])
  })

  it('recognises every browser spelling of quota exhaustion', () => {
    expect(isQuotaError(new DOMException('x', 'QuotaExceededError'))).toBe(true)
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true)
    expect(isQuotaError({ name: 'Error', code: 22 })).toBe(true)
    expect(isQuotaError(new DOMException('x', 'AbortError'))).toBe(false)
    // A request that only says AbortError, on a transaction whose error is the quota: still storage full.
    expect(toStorageError(new DOMException('x', 'AbortError'), new DOMException('q', 'QuotaExceededError'))).toBeInstanceOf(
      StorageFullError,
    )
    expect(toStorageError(new DOMException('x', 'AbortError')).code).toBe('failed')
  })
})
