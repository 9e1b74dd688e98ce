/**
 * Detection in the app: alerts stream in while a capture is still being read (provisional), the final set
 * replaces them, an alert's detail shows its explanation, chart and evidence flows and leads to the timeline;
 * detector settings re-run the detectors without reading the file again; the baseline exports as JSON and
 * imports back to the same alerts. The capture is written by the test (fixtures/attack-capture.ts).
 */
import { readFileSync } from 'node:fs'
import { writeAttackPcap } from './fixtures/attack-capture.ts'
import { expect, test } from './fixtures/test.ts'

declare global {
  interface Window {
    __liveAlerts?: { seen: boolean; inProgress: boolean; categories: string[] }
  }
}

/**
 * About 230 MB: a read of two seconds or more even on a fast machine (the browser reads about 110 MB/s with
 * detection), so provisional detection (paced at a second or more) runs after the attack and before the end.
 */
const BACKGROUND_PACKETS = 3_000_000

test('alerts stream in while reading, open in detail, re-run with new settings and a round-tripped baseline', async ({ app, page }, testInfo) => {
  test.setTimeout(180_000)
  const file = testInfo.outputPath('attack.pcap')
  writeAttackPcap(file, BACKGROUND_PACKETS)
  await app.open('?view=alerts')

  await test.step('provisional alerts appear before the read ends', async () => {
    // Watch the Alerts view while the file is read: provisional alerts must show while the page is still reading.
    await page.evaluate(() => {
      const live = { seen: false, inProgress: false, categories: [] as string[] }
      window.__liveAlerts = live
      const timer = setInterval(() => {
        if (document.body.dataset.state !== 'reading') return
        const view = document.querySelector<HTMLElement>('[data-testid="alerts-view"]')
        const progress = document.querySelector<HTMLElement>('[data-testid="progress-alerts"]')
        if (Number(progress?.dataset.alerts) > 0) live.inProgress = true
        if (!live.seen && view?.dataset.provisional === 'true' && Number(view.dataset.alerts) > 0) {
          live.seen = true
          live.categories = [...document.querySelectorAll<HTMLElement>('[data-testid="alert-category"]')].map((c) => c.dataset.category ?? '')
        }
        if (live.seen && live.inProgress) clearInterval(timer)
      }, 50)
    })
    await app.readAndWait(() => page.getByTestId('file-input').setInputFiles(file), 120_000)
    const live = await page.evaluate(() => window.__liveAlerts)
    testInfo.annotations.push({ type: 'provisional categories', description: live?.categories.join(', ') ?? '' })
    expect(live?.seen).toBe(true)
    // The reading progress shows the count too, whatever view is open.
    expect(live?.inProgress).toBe(true)
    const view = page.getByTestId('alerts-view')
    await expect(view).toHaveAttribute('data-provisional', 'false')
    await expect(page.locator('[data-testid="alert-category"][data-category="udp-flood"]')).toBeVisible()
    await expect(page.locator('[data-testid="alert-category"][data-category="port-scan"]')).toBeVisible()
  })

  await test.step('an alert opens in detail and leads to the timeline', async () => {
    await page.locator('[data-testid="alert-category"][data-category="udp-flood"]').click()
    await page.getByTestId('alerts-table-body').getByRole('row').first().click()
    const detail = page.getByTestId('alert-detail')
    await expect(detail).toBeVisible()
    await expect(page.getByTestId('alert-explanation')).toContainText('10.0.0.66')
    await expect(page.getByTestId('alert-evidence-row').first()).toBeVisible()
    await expect(page.locator('[data-testid="alert-observed-chart"] svg .observed')).toHaveCount(1)
    await page.getByTestId('alert-show-timeline').click()
    await expect(page.getByTestId('view')).toHaveAttribute('data-view', 'time-series')
    await expect(page).toHaveURL(/[?&]from=\d/)
    await expect(page.locator('[data-testid="ts-baseline"] .alert-marker').first()).toBeAttached()
  })

  const finished = await app.finishedCount()

  await test.step('detector settings re-run the detectors without reading the file again', async () => {
    await app.showView('alerts')
    await page.getByTestId('alert-filters-clear').click()
    const before = Number(await page.getByTestId('alerts-view').getAttribute('data-sequence'))
    await app.showView('detector-settings')
    await page.locator('[data-testid="detector-form"][data-detector="flood"] [data-testid="detector-enabled"]').uncheck()
    await page.getByTestId('detector-apply').click()
    await expect(page.getByTestId('detector-done')).toBeVisible()
    await app.showView('alerts')
    await expect(page.getByTestId('alerts-view')).toHaveAttribute('data-sequence', String(before + 1))
    await expect(page.locator('[data-testid="alert-category"][data-category="udp-flood"]')).toHaveCount(0)
    await expect(page.locator('[data-testid="alert-category"][data-category="port-scan"]')).toBeVisible()
    expect(await app.finishedCount()).toBe(finished)
  })

  await test.step('the baseline exports as JSON and imports back to the same alerts', async () => {
    const count = await page.getByTestId('alerts-view').getAttribute('data-alerts')
    await app.showView('baseline')
    await expect(page.getByTestId('baseline-period')).toContainText('first 30%')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('baseline-export').click()])
    const saved = testInfo.outputPath('baseline.json')
    await download.saveAs(saved)
    const json = JSON.parse(readFileSync(saved, 'utf8')) as { kind: string; version: number; source: { fraction: number } }
    expect(json.kind).toBe('nettwin-baseline')
    expect(json.source.fraction).toBe(0.3)
    await page.getByTestId('baseline-from-file').check()
    await page.getByTestId('baseline-import').setInputFiles(saved)
    await page.getByTestId('baseline-apply').click()
    await expect(page.getByTestId('baseline-period')).toContainText('imported: baseline.json')
    await app.showView('alerts')
    await expect(page.getByTestId('alerts-view')).toHaveAttribute('data-alerts', count ?? '')
    await expect(page.getByTestId('alerts-mode')).toContainText('imported: baseline.json')
    expect(await app.finishedCount()).toBe(finished)
  })
})
