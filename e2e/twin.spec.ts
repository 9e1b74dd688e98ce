/**
 * The Twin view end to end: the twin of the built-in sample is built with its fidelity numbers, the "scans"
 * lesson pack runs, the scorecard shows the port-scan detector catching the scan, and the injected traffic and
 * its labels download as a pcap and a CSV.
 */
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures/test.ts'

const PCAP_MAGICS = ['a1b2c3d4', 'd4c3b2a1', 'a1b23c4d', '4d3cb2a1']
const LABELS_HEADER = 'level,frame_first,frame_last,time_first,time_last,scenario,kind,attacker,attacker_mac,target,flow_src,flow_dst,flow_proto,flow_src_port,flow_dst_port'

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()])
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) }
}

test('the twin of the sample runs the scans lesson, scores it and exports pcap and labels', async ({ app, page }) => {
  test.setTimeout(180_000)
  await app.open()
  await app.readAndWait(() => page.getByTestId('open-sample').click())
  await app.showView('twin')

  // The twin is built on the first visit, with its five fidelity numbers.
  await expect(page.getByTestId('twin-view')).toHaveAttribute('data-twin', 'ready', { timeout: 60_000 })
  const values = page.getByTestId('twin-fidelity').getByTestId('fidelity-value')
  await expect(values).toHaveCount(5)
  for (const text of await values.allTextContents()) {
    const v = Number(text)
    expect(v).toBeGreaterThanOrEqual(0)
    expect(v).toBeLessThanOrEqual(1)
  }

  await page.getByTestId('twin-pack-scans').click()
  await expect(page.getByTestId('twin-lesson')).toContainText('What to look for')
  await expect(page.getByTestId('twin-draft')).toHaveCount(2)
  await expect(page.getByTestId('twin-timeline').locator('.scenario-bar')).toHaveCount(2)

  // Without the sweep the run is one inject-analyse-detect pass.
  await page.getByTestId('twin-sweep').uncheck()
  await page.getByTestId('twin-run-button').click()
  await expect(page.getByTestId('twin-run')).toHaveAttribute('data-runs', '1', { timeout: 120_000 })
  await expect(page.getByTestId('twin-error')).toHaveCount(0)
  await expect(page.getByTestId('twin-run-done')).toBeVisible()

  await page.getByTestId('twin-open-scorecard').click()
  await expect(page.getByTestId('view')).toHaveAttribute('data-view', 'twin-scorecard')
  const scanRow = page.locator('[data-testid="scorecard-cell"][data-kind="port-scan"][data-detector="port-scan"]')
  await expect(scanRow).toHaveAttribute('data-detected', 'true')
  await expect(page.getByTestId('twin-summary')).toContainText('Vertical port scan')

  await app.showView('twin')
  const pcap = await download(page, 'twin-export-injected-pcap')
  expect(pcap.name).toMatch(/\.pcap$/)
  expect(PCAP_MAGICS).toContain(pcap.bytes.subarray(0, 4).toString('hex'))
  const csv = await download(page, 'twin-export-labels-csv')
  expect(csv.name).toMatch(/\.csv$/)
  const lines = csv.bytes.toString('utf8').split('\r\n')
  expect(lines[0]).toBe(LABELS_HEADER)
  expect(lines.filter((l) => l.startsWith('packet,') && l.includes(',port-scan,')).length).toBeGreaterThan(0)
})

test('scenarios move on the timeline from the keyboard, and a run with the sweep can be cancelled', async ({ app, page }) => {
  test.setTimeout(180_000)
  await app.open()
  await app.readAndWait(() => page.getByTestId('open-sample').click())
  await app.showView('twin')
  await expect(page.getByTestId('twin-view')).toHaveAttribute('data-twin', 'ready', { timeout: 60_000 })
  // Two hours of twin traffic: long enough that the sweep is still running when Cancel is pressed, even on a fast machine.
  const length = page.getByRole('spinbutton', { name: "Length of the twin's traffic, seconds (empty: the default)" })
  await length.fill('7200')
  await length.press('Enter')
  await page.getByTestId('twin-build').click()
  await expect(page.getByTestId('twin-facts')).toContainText(/over 7,(1\d\d|200) s/, { timeout: 90_000 })
  await expect(page.getByTestId('twin-view')).toHaveAttribute('data-twin', 'ready', { timeout: 60_000 })
  await page.getByTestId('twin-kind').selectOption('port-scan')
  await page.getByTestId('twin-add').click()
  const start = page.getByRole('spinbutton', { name: 'Start of port-scan-1, seconds' })
  const before = Number(await start.inputValue())
  // One step is 1% of the span (at least a second): Right moves the bar later, and the row follows.
  await page.getByTestId('twin-timeline').locator('.scenario-bar').first().press('ArrowRight')
  await expect.poll(async () => Number(await start.inputValue())).toBeGreaterThan(before)

  await expect(page.getByTestId('twin-sweep')).toBeChecked()
  await page.getByTestId('twin-run-button').click()
  await page.getByTestId('twin-cancel').click()
  // shared/RELIABILITY.md: a cancel takes effect within 2 s (the worker yields between slices); 5 s of slack for a loaded machine.
  await expect(page.getByTestId('twin-run')).toHaveAttribute('data-runs', '1', { timeout: 5_000 })
  await expect(page.getByTestId('twin-error')).toHaveCount(0)
  await expect(page.getByTestId('twin-run-button')).toBeEnabled()
  // Cancelled before the scorecard: no result; cancelled during the sweep: the result says the sweep stopped.
  const done = page.getByTestId('twin-run-done')
  if ((await done.count()) > 0) await expect(done).toContainText('sweep was cancelled')
})

test('a saved session, opened again, gives a twin learned from its baseline', async ({ app, page }) => {
  test.setTimeout(120_000)
  await app.open()
  await app.readAndWait(() => page.getByTestId('open-sample').click())
  const id = await app.savedSessionId()
  await app.open(`?session=${encodeURIComponent(id)}`)
  await app.showView('twin')
  await expect(page.getByTestId('twin-view')).toHaveAttribute('data-twin', 'ready', { timeout: 60_000 })
  await expect(page.getByTestId('twin-fidelity')).toHaveAttribute('data-fidelity', 'none')
  await expect(page.getByTestId('twin-target-capture')).toBeDisabled()
  await expect(page.getByTestId('twin-facts')).toContainText('baseline')
})
