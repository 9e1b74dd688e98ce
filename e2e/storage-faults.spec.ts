/**
 * Storage faults (shared/RELIABILITY.md "IndexedDB"), the rest (the kills are in storage-kills.spec.ts): a
 * quota lowered through Chromium's DevTools protocol gives a clear "storage full" message within 2 s and leaves
 * the database writable; tabs on different schema versions cooperate (an older one holding the database, a
 * newer one upgrading it).
 */
import type { Page } from '@playwright/test'
import { SCHEMA_VERSION } from '../src/storage/schema.ts'
import { writeBigPcap } from './fixtures/big-capture.ts'
import { keepOriginalFiles, openListed, sessionRows } from './fixtures/session-list.ts'
import { readStoredState } from './fixtures/stored-state.ts'
import { expect, test } from './fixtures/test.ts'

test('over a small quota: "storage full" within 2 s, the earlier session intact, and the database still writable', async ({ app, page, context, baseURL }, testInfo) => {
  await keepOriginalFiles(context)
  // Chromium's DevTools protocol can lower the origin's quota; it must be done before the origin's storage is
  // first opened (an open database keeps the quota it started with). 8 MiB: the app's own cache and a small
  // session fit, a 24 MiB capture kept with its session does not.
  const cdp = await context.newCDPSession(page)
  const origin = new URL(baseURL ?? page.url()).origin
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 8 * 1024 * 1024 })
  await app.open()
  const first = testInfo.outputPath('first.pcap')
  const firstPackets = writeBigPcap(first, 60_000)
  await app.pick(first)
  const firstId = await app.savedSessionId()
  testInfo.annotations.push({ type: 'usage before the big save', description: JSON.stringify(await cdp.send('Storage.getUsageAndQuota', { origin })) })

  const big = testInfo.outputPath('big.pcap')
  const bigPackets = writeBigPcap(big, 24 * 1024 * 1024, 1400, true)
  await app.pick(big)
  const readDone = Date.now()
  const status = page.getByTestId('save-status')
  await expect(status).toContainText('storage is full', { timeout: 10_000 })
  const elapsed = Date.now() - readDone
  testInfo.annotations.push({ type: 'storage-full message after the read', description: `${elapsed} ms` })
  console.log(`storage-faults: "storage full" shown ${elapsed} ms after the read ended`)
  expect(elapsed).toBeLessThan(2_000)
  await expect(status).toHaveAttribute('role', 'alert')
  // The capture stays on screen; nothing of the failed save is kept; the earlier session is whole.
  expect(await app.summaryNumber('summary-packets')).toBe(bigPackets)
  const state = await readStoredState(page)
  expect(state.manifests.map((m) => m.id)).toEqual([firstId])
  expect(Object.keys(state.chunksPerSession)).toEqual([firstId])
  expect(state.pending).toEqual([])
  await openListed(app, firstId, firstPackets)

  // Still writable while full: deleting the earlier session works, and then a small capture is saved.
  const rows = await sessionRows(app)
  await rows.first().getByTestId('session-delete').click()
  await rows.first().getByTestId('confirm-delete').click()
  await expect(rows).toHaveCount(0)
  const small = testInfo.outputPath('small.pcap')
  const smallPackets = writeBigPcap(small, 30_000)
  await app.pick(small)
  const smallId = await app.savedSessionId()
  await openListed(app, smallId, smallPackets)
})

/** Opens the app's database from `page` (any document of the app's origin) at `version`, as another build would. */
function openDatabaseAs(page: Page, version: number, keepOpen: boolean): Promise<string> {
  return page.evaluate(
    ({ version, keepOpen }) =>
      new Promise<string>((resolve) => {
        const request = indexedDB.open('nettwin', version)
        request.onupgradeneeded = () => {
          const db = request.result
          // Version 1's stores (src/storage/schema.ts), or one store a future version might add.
          if (version === 1) {
            db.createObjectStore('sessions', { keyPath: 'id' })
            db.createObjectStore('chunks', { keyPath: ['sessionId', 'key'] })
          } else db.createObjectStore(`added-in-v${version}`)
        }
        request.onblocked = () => resolve('blocked')
        request.onerror = () => resolve(`error: ${request.error?.name ?? '?'}`)
        request.onsuccess = () => {
          // An old build that ignores versionchange keeps its connection until told otherwise.
          if (keepOpen) (window as unknown as { heldDb: IDBDatabase }).heldDb = request.result
          else request.result.close()
          resolve('open')
        }
      }),
    { version, keepOpen },
  )
}

test('an older tab holding the database: the app says to close it, keeps reading files, and upgrades once it closes', async ({ app, page, context, guardPage }, testInfo) => {
  const old = await context.newPage()
  guardPage(old)
  await old.goto('./favicon.svg')
  expect(await openDatabaseAs(old, 1, true)).toBe('open')

  await page.goto('./')
  await expect(page.getByTestId('storage-banner')).toContainText('Close nettwin in your other tabs', { timeout: 5_000 })
  const file = testInfo.outputPath('while-blocked.pcap')
  const packets = writeBigPcap(file, 50_000)
  await app.pick(file)
  expect(await app.summaryNumber('summary-packets')).toBe(packets)

  await old.evaluate(() => (window as unknown as { heldDb: IDBDatabase }).heldDb.close())
  await app.ready()
  const id = await app.savedSessionId()
  await expect(page.getByTestId('storage-banner')).toHaveCount(0)
  await openListed(app, id, packets)
})

test('a newer version opened in another tab: this tab lets it upgrade, says to reload, and keeps reading files', async ({ app, page, context, guardPage }, testInfo) => {
  await app.open()
  const first = testInfo.outputPath('first.pcap')
  const firstPackets = writeBigPcap(first, 40_000)
  await app.pick(first)
  await app.savedSessionId()

  const newer = await context.newPage()
  guardPage(newer)
  await newer.goto('./favicon.svg')
  // Not blocked: the app closes its connection as soon as a newer version asks.
  expect(await openDatabaseAs(newer, SCHEMA_VERSION + 1, false)).toBe('open')
  await expect(page.getByTestId('storage-banner')).toContainText('reload this page')

  const second = testInfo.outputPath('second.pcap')
  const secondPackets = writeBigPcap(second, 70_000)
  await app.pick(second)
  expect(await app.summaryNumber('summary-packets')).toBe(secondPackets)
  await expect(page.getByTestId('save-status')).toContainText(/reload/i)

  // Reloaded, this (older) build finds a newer database: it says so and still reads files without storage.
  await page.reload()
  await app.ready()
  await expect(page.getByTestId('storage-banner')).toContainText('newer version')
  await app.pick(first)
  expect(await app.summaryNumber('summary-packets')).toBe(firstPackets)
})
