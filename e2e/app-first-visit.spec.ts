/**
 * The first visit opens the built-in sample so the app never starts empty (later visits do not); while a large
 * file is read, the overview fills in and says it is partial until the end.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildWebMix } from '../scripts/make-samples.ts'
import { writeBigPcap } from './fixtures/big-capture.ts'
import { expect, test } from './fixtures/test.ts'

const samplePresent = existsSync(fileURLToPath(new URL('../public/samples/web-mix.pcapng', import.meta.url)))

test.describe('first visit', () => {
  test.use({ firstVisit: true })

  test('opens the built-in sample once, then never again', async ({ app, page }) => {
    test.skip(!samplePresent, 'public/samples/web-mix.pcapng has not been generated (npm run make-samples)')
    await app.open()
    await expect(app.summary('summary-file-name')).toHaveText('web-mix.pcapng')
    expect(await app.summaryNumber('summary-packets')).toBe(buildWebMix().packets)
    await app.savedSessionId()
    await page.goto('./')
    await app.ready()
    await expect(page.getByTestId('intro')).toBeVisible()
  })
})

test('a large file fills in the overview while it is read, marked partial until the end', async ({ app, page }, testInfo) => {
  test.setTimeout(120_000)
  const file = testInfo.outputPath('big.pcap')
  const total = writeBigPcap(file, 120 * 1024 * 1024)
  await app.open()
  const before = await app.finishedCount()
  await page.getByTestId('file-input').setInputFiles(file)
  await expect(page.getByTestId('partial-banner')).toBeVisible({ timeout: 20_000 })
  await expect(page.getByTestId('progress-flows')).not.toHaveText('0')
  await expect(page.getByTestId('progress-left')).toContainText(/about|estimating/)
  const partial = await app.summaryNumber('summary-packets')
  expect(partial).toBeGreaterThan(0)
  expect(await app.state).toBe('reading')
  await expect(page.locator('body')).toHaveAttribute('data-finished', String(before + 1), { timeout: 90_000 })
  await expect(page.getByTestId('partial-banner')).toHaveCount(0)
  expect(await app.summaryNumber('summary-packets')).toBe(total)
  expect(partial).toBeLessThan(total)
})
