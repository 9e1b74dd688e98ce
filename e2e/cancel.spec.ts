/**
 * Cancelling a long read: the progress bar reports bytes and packets as the read goes, Cancel stops it within
 * 2 s (shared/RELIABILITY.md), and the partial summary is kept and marked as partial.
 */
import { writeBigPcap } from './fixtures/big-capture.ts'
import { expect, test } from './fixtures/test.ts'

const SIZE = 200 * 1024 * 1024

test('cancel stops a 200 MB read within 2 s and keeps a partial summary', async ({ app, page }, testInfo) => {
  test.setTimeout(120_000)
  const file = testInfo.outputPath('big.pcap')
  const total = writeBigPcap(file, SIZE)
  await app.open()
  const before = await app.finishedCount()
  await page.getByTestId('file-input').setInputFiles(file)

  const bar = page.getByRole('progressbar', { name: 'Bytes read' })
  await expect(bar).toBeVisible()
  // Wait for the first progress report from the worker, so the read is under way when we cancel.
  await expect(page.getByTestId('progress-packets')).not.toHaveText('0')
  const percent = Number(await bar.getAttribute('aria-valuenow'))
  expect(percent).toBeGreaterThanOrEqual(0)
  expect(percent).toBeLessThan(100)

  const clicked = Date.now()
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.locator('body')).toHaveAttribute('data-finished', String(before + 1), { timeout: 2_000 })
  const stoppedAfter = Date.now() - clicked
  testInfo.annotations.push({ type: 'cancel latency', description: `${stoppedAfter} ms` })
  expect(stoppedAfter).toBeLessThan(2_000)

  expect(await app.state).toBe('done')
  await expect(app.summary('summary-partial')).toBeVisible()
  await expect(app.summary('summary')).toHaveAttribute('data-partial', 'true')
  const packets = await app.summaryNumber('summary-packets')
  expect(packets).toBeGreaterThan(0)
  expect(packets).toBeLessThan(total)
})
