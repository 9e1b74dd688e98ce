/** The built-in sample: the button and ?sample= both open it; unknown sample names are ignored. */
import { buildWebMix } from '../scripts/make-samples.ts'
import { expect, test } from './fixtures/test.ts'

test('the sample button opens the built-in capture', async ({ app, page }) => {
  await app.open()
  await app.readAndWait(() => page.getByTestId('open-sample').click())
  await expect(app.summary('summary-file-name')).toHaveText('web-mix.pcapng')
  await expect(app.summary('summary-format')).toHaveText('pcapng')
  const { packets } = buildWebMix()
  expect(await app.summaryNumber('summary-packets')).toBe(packets)
  await expect(app.summary('summary-anomalies')).toBeVisible()
  await expect(app.summary('summary-protocols').locator('tr[data-name="tls"]')).toBeVisible()
})

test('?sample= opens the sample on start', async ({ app, page }) => {
  await page.goto('./?sample=web-mix.pcapng')
  await expect(page.locator('body')).toHaveAttribute('data-finished', '1')
  expect(await app.state).toBe('done')
  await expect(app.summary('summary-file-name')).toHaveText('web-mix.pcapng')
})

test('an unknown ?sample= name is ignored', async ({ app, page }) => {
  await app.open('?sample=../../etc/passwd')
  expect(await app.state).toBe('idle')
  await expect(page.getByTestId('intro')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Open a capture…' })).toBeVisible()
})
