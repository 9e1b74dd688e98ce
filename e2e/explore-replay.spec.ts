/**
 * Replay on the built-in sample: Play moves the playhead at the chosen speed, the scrubber seeks, and the
 * topology, the rates and the flows table follow the playhead's window.
 */
import { expect, test } from './fixtures/test.ts'

/** Seconds since the capture start shown next to the scrubber ("09:00:03.100 (+3.100 s)" -> 3.1). */
async function offset(text: Promise<string | null>): Promise<number> {
  const m = /\(\+([\d.]+) s\)/.exec((await text) ?? '')
  return m ? Number(m[1]) : NaN
}

test('plays, seeks, and the views follow the playhead', async ({ app, page }) => {
  await app.open('?sample=web-mix.pcapng')
  await expect(app.summary('summary-file-name')).toHaveText('web-mix.pcapng')
  await app.showView('replay')
  const time = page.getByTestId('replay-time')
  await expect(time).toHaveText(/\(\+0\.000 s\)/)
  await expect(page.getByTestId('topology-svg').locator('g.node').first()).toBeVisible()
  await page.getByTestId('replay-speed').selectOption('10')
  await page.getByTestId('replay-play').click()
  await expect(page.getByTestId('replay-play')).toHaveText('Pause')
  await expect.poll(() => offset(time.textContent()), { timeout: 10_000 }).toBeGreaterThan(2)
  await page.getByTestId('replay-play').click()
  const paused = await offset(time.textContent())
  await page.waitForTimeout(600)
  expect(await offset(time.textContent())).toBe(paused)

  // Seek to the HTTPS download from cdn.example.net (about 3.1 s in): flows are active there.
  const scrubber = page.getByTestId('replay-scrubber')
  const min = Number(await scrubber.getAttribute('min'))
  await page.getByTestId('replay-window').selectOption('1')
  await scrubber.fill(String(min + 3.4))
  await expect.poll(() => offset(time.textContent())).toBeCloseTo(3.4, 1)
  await expect(page.getByTestId('replay-active-flows')).not.toHaveText('0')
  await expect(page.getByTestId('replay-top-flows')).toContainText('203.0.113.30')
  await expect(page.getByTestId('topology-svg').locator('g.node[data-highlighted="true"]')).not.toHaveCount(0)
  await expect(page.getByTestId('range-note')).toBeVisible()
  const rows = page.getByTestId('flows-table-body').getByRole('row')
  await expect(rows.first()).not.toContainText('…')
  const active = Number(((await page.getByTestId('replay-active-flows').textContent()) ?? '').replace(/,/g, ''))
  await expect(page.getByTestId('filter-count')).toHaveText(new RegExp(`^${active} of \\d+ rows$`))

  // Later, in the quiet gap before the API calls (about 8 s in): nothing is active.
  await scrubber.fill(String(min + 8))
  await expect(page.getByTestId('replay-active-flows')).toHaveText('0')
})
