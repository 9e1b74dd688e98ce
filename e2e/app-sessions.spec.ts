/**
 * Sessions in IndexedDB: an analysed file is saved, survives a reload (shown from the stored aggregates, with
 * no file read), and can be renamed, exported, imported back and deleted from the session list.
 */
import { capinfos, corpusFile, corpusMissingReason, corpusPresent } from './fixtures/corpus.ts'
import { expect, test } from './fixtures/test.ts'

const PCAPNG = 'pcapng/scapy/http_head.pcapng'

test.beforeEach(async ({ app }) => {
  test.skip(!corpusPresent, corpusMissingReason)
  await app.open()
})

test('a reload shows the same capture again, from IndexedDB, without reading the file', async ({ app, page }) => {
  const facts = capinfos(PCAPNG)
  await app.drop(corpusFile(PCAPNG))
  const id = await app.savedSessionId()
  await app.showView('heatmaps')
  const workerRequests: string[] = []
  page.on('request', (r) => {
    if (r.url().includes('engine.worker')) workerRequests.push(r.url())
  })
  await page.reload()
  await app.ready()
  await expect(page).toHaveURL(new RegExp(`session=${id}`))
  await expect(page.getByTestId('view')).toHaveAttribute('data-view', 'heatmaps')
  await expect(page.getByTestId('heatmap-ports').locator('svg')).toBeVisible()
  await app.showView('overview')
  expect(await app.summaryNumber('summary-packets')).toBe(facts.packets)
  expect(await app.summaryNumber('summary-bytes')).toBe(facts.bytes)
  await expect(page.getByTestId('session-name')).toHaveText('http_head.pcapng')
  // The stored session needs no engine: the worker script was not even loaded after the reload.
  expect(workerRequests).toEqual([])
})

test('the session list opens, renames, exports, imports and deletes sessions', async ({ app, page }, testInfo) => {
  await app.pick(corpusFile(PCAPNG))
  await app.savedSessionId()
  await page.getByTestId('open-sessions').click()
  const panel = page.getByTestId('sessions-panel')
  const rows = panel.getByTestId('session-row')
  await expect(rows).toHaveCount(1)

  await rows.first().getByRole('button', { name: /^Rename/ }).click()
  await rows.first().getByRole('textbox').fill('=cmd|"/c calc"!A1 <b>bold</b>')
  await rows.first().getByRole('button', { name: 'Save' }).click()
  await expect(rows.first().getByTestId('session-row-name')).toHaveText('=cmd|"/c calc"!A1 <b>bold</b>')
  await expect(page.getByTestId('session-name')).toHaveText('=cmd|"/c calc"!A1 <b>bold</b>')
  await expect(panel.locator('b')).toHaveCount(0)

  const [download] = await Promise.all([page.waitForEvent('download'), rows.first().getByTestId('session-export').click()])
  expect(download.suggestedFilename()).toMatch(/\.nettwin$/)
  const file = testInfo.outputPath('exported.nettwin')
  await download.saveAs(file)

  await rows.first().getByTestId('session-delete').click()
  await rows.first().getByTestId('confirm-delete').click()
  await expect(rows).toHaveCount(0)
  await expect(panel.getByTestId('no-sessions')).toBeVisible()

  await panel.getByTestId('import-input').setInputFiles(file)
  await expect(rows).toHaveCount(1)
  await rows.first().getByTestId('session-open').click()
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done')
  expect(await app.summaryNumber('summary-packets')).toBe(capinfos(PCAPNG).packets)
})

test('an invalid session file is refused with a message and stores nothing', async ({ page }, testInfo) => {
  const { writeFileSync } = await import('node:fs')
  const bad = testInfo.outputPath('bad.nettwin')
  writeFileSync(bad, '\x89NTWS\r\n\x1a this is not a session')
  await page.getByTestId('open-sessions').click()
  await page.getByTestId('import-input').setInputFiles(bad)
  await expect(page.getByTestId('storage-banner')).toBeVisible()
  await expect(page.getByTestId('session-row')).toHaveCount(0)
})
