/**
 * The shell's views on a real capture: each renders its charts with an explanation, keeps the numbers capinfos
 * gives, follows the URL, works from the keyboard, and exports CSV (escaped against formula injection), SVG
 * and PNG.
 */
import { readFileSync } from 'node:fs'
import { capinfos, corpusFile, corpusMissingReason, corpusPresent } from './fixtures/corpus.ts'
import { expect, test } from './fixtures/test.ts'

const PCAP = 'pcap/zeek/web.pcap'
const SHELL_VIEWS = ['overview', 'time-series', 'protocols', 'heatmaps'] as const

test.beforeEach(async ({ app }) => {
  test.skip(!corpusPresent, corpusMissingReason)
  await app.open()
  await app.pick(corpusFile(PCAP))
})

test('every shell view renders charts and an explanation for the capture', async ({ app, page }) => {
  expect(await app.summaryNumber('summary-packets')).toBe(capinfos(PCAP).packets)
  for (const id of SHELL_VIEWS) {
    await app.showView(id)
    await expect(page.getByTestId('view-explanation')).not.toBeEmpty()
    await expect(page).toHaveURL(id === 'overview' ? /^[^?]*(\?session=[^&]+)?$/ : new RegExp(`view=${id}`))
    const charts = page.getByTestId('view').locator('figure.chart svg')
    await expect(charts.first()).toBeVisible()
    // Every chart drew something (an svg with an accessible name), none is left loading or failed.
    for (const svg of await charts.all()) await expect(svg).toHaveAttribute('aria-label', /.+/)
    await expect(page.getByTestId('query-error')).toHaveCount(0)
  }
})

test('the overview shows flows and top talkers, and the view list works from the keyboard', async ({ app, page }) => {
  expect(await app.summaryNumber('summary-flows')).toBeGreaterThan(0)
  await expect(page.getByTestId('overview-talkers').locator('svg .bar')).not.toHaveCount(0)
  const first = page.getByTestId('view-overview')
  await first.focus()
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('view-time-series')).toBeFocused()
  await page.keyboard.press('End')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('view')).not.toHaveAttribute('data-view', 'overview')
})

test('a view in the URL opens on reload, and an unknown one falls back to the overview', async ({ app, page }) => {
  await app.showView('protocols')
  await page.reload()
  await app.ready()
  await expect(page.getByTestId('view')).toHaveAttribute('data-view', 'protocols')
  const id = await app.savedSessionId()
  await app.open(`?session=${id}&view=no-such-view`)
  await expect(page.getByTestId('view')).toHaveAttribute('data-view', 'overview')
})

test('tables export as CSV and charts as SVG and PNG', async ({ page }) => {
  const services = page.getByTestId('overview-services')
  const [csv] = await Promise.all([page.waitForEvent('download'), services.getByTestId('export-csv').click()])
  expect(csv.suggestedFilename()).toBe('services.csv')
  const text = readFileSync(await csv.path(), 'utf8')
  expect(text.replace(/^\ufeff/, '').split('\r\n')[0]).toBe('protocol,port,name,conversations,servers,packets,bytes')
  expect(text).toMatch(/\r\ntcp,80,http,/)

  const chart = page.getByTestId('overview-io')
  const [svg] = await Promise.all([page.waitForEvent('download'), chart.getByTestId('export-svg').click()])
  const svgText = readFileSync(await svg.path(), 'utf8')
  expect(svgText).toContain('<svg')
  expect(svgText).not.toContain('var(--')
  const [png] = await Promise.all([page.waitForEvent('download'), chart.getByTestId('export-png').click()])
  expect(readFileSync(await png.path()).subarray(1, 4).toString('latin1')).toBe('PNG')
})

test('the theme toggle switches light and dark and is remembered', async ({ app, page }) => {
  const html = page.locator('html')
  await page.getByTestId('theme-toggle').click()
  await expect(html).toHaveAttribute('data-theme', 'light')
  await page.getByTestId('theme-toggle').click()
  await expect(html).toHaveAttribute('data-theme', 'dark')
  const bg = await page.evaluate(() => getComputedStyle(document.body.parentElement as HTMLElement).getPropertyValue('--bg').trim())
  expect(bg).toBe('#111418')
  await page.reload()
  await app.ready()
  await expect(html).toHaveAttribute('data-theme', 'dark')
})

test('brushing the time series selects a time range that goes into the URL and can be cleared', async ({ app, page }) => {
  await app.showView('time-series')
  const svg = page.getByTestId('ts-chart').locator('svg')
  await expect(svg).toBeVisible()
  const box = await svg.boundingBox()
  if (!box) throw new Error('the chart has no box')
  const y = box.y + box.height / 2
  await page.mouse.move(box.x + box.width * 0.3, y)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 })
  await page.mouse.move(box.x + box.width * 0.7, y, { steps: 5 })
  await page.mouse.up()
  await expect(page.getByTestId('time-range')).toContainText('Selected:')
  await expect(page).toHaveURL(/from=\d+(\.\d+)?&to=\d+(\.\d+)?/)
  await page.getByRole('button', { name: 'Clear selection' }).click()
  await expect(page.getByTestId('time-range')).toContainText('No time range selected')
  await expect(page).not.toHaveURL(/from=/)
})

test('overview, protocols and heatmaps narrow to the brushed time range, live and from the stored session', async ({ app, page }) => {
  // Live: brush the middle of the time series, then the overview shows the range's figures only.
  await app.showView('time-series')
  const svg = page.getByTestId('ts-chart').locator('svg')
  await expect(svg).toBeVisible()
  const box = await svg.boundingBox()
  if (!box) throw new Error('the chart has no box')
  const y = box.y + box.height / 2
  await page.mouse.move(box.x + box.width * 0.75, y)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width * 0.85, y, { steps: 5 })
  await page.mouse.move(box.x + box.width * 0.95, y, { steps: 5 })
  await page.mouse.up()
  await expect(page.getByTestId('time-range')).toContainText('Selected:')
  await app.showView('overview')
  await expect(page.getByTestId('view-range-note')).toBeVisible()
  const live = Number(/([\d,]+) packets/.exec((await page.getByTestId('range-totals').textContent()) ?? '')?.[1].replace(/,/g, ''))
  expect(live).toBeGreaterThan(0)
  expect(live).toBeLessThan(capinfos(PCAP).packets)

  // Stored: web.pcap sends 2 packets on port 12345 at 23:23:50 and 22 on port 80 from 23:23:55 on; a range over
  // the port 80 exchange (read from the URL, on the saved session) counts those 22 and lists only tcp/80.
  const id = await app.savedSessionId()
  await app.open(`?session=${id}&from=1128727435&to=1128727438`)
  await expect(page.getByTestId('range-totals')).toContainText('22 packets')
  await expect(page.getByTestId('overview-services').locator('tbody tr')).toHaveCount(1)
  await expect(page.getByTestId('overview-services').locator('tbody tr')).toHaveAttribute('data-name', 'tcp/80')
  for (const view of ['protocols', 'heatmaps'] as const) {
    await app.showView(view)
    await expect(page.getByTestId('view-range-note')).toBeVisible()
    await expect(page.getByTestId('query-error')).toHaveCount(0)
  }
  await expect(page.getByTestId('heatmap-ports').locator('svg')).toHaveAttribute('aria-label', /.+/)
  // Clearing the range brings back the whole capture.
  await page.getByRole('button', { name: 'Show the whole capture' }).click()
  await expect(page.getByTestId('view-range-note')).toHaveCount(0)
  await app.showView('overview')
  await expect(page.getByTestId('range-totals')).toHaveCount(0)
})
