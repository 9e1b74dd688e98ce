/**
 * Traffic tables in the page: dropping an NSL-KDD file, a CIC-IDS2017 file and a Zeek conn.log shows the table
 * summary and the labels view with the counts an independent tally of the file gives (plain line splitting in
 * Node, not nettwin's reader); an unknown CSV opens the column mapping dialog and reads after mapping; the
 * dialect can be overridden. A table is saved as a session: listed as a table, and reopened after a reload
 * from the session list (without the file) it shows the same summary, labels and flows.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { corpusFile, corpusMissingReason, corpusPresent } from './fixtures/corpus.ts'
import { expect, test } from './fixtures/test.ts'
import type { AppPage } from './fixtures/app-page.ts'
import { sessionRows } from './fixtures/session-list.ts'

test.beforeEach(async ({ app }) => {
  await app.open()
})

/** Non-empty lines of a file (the corpus tables have no quoted newlines: each line is one row). */
function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '')
}

function tally(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return counts
}

/** The classes the labels view lists, with their row counts. */
async function shownClasses(app: AppPage): Promise<Map<string, number>> {
  const rows = app.page.getByTestId('labels-row')
  const out = new Map<string, number>()
  for (const row of await rows.all()) {
    const name = (await row.getByTestId('labels-class').textContent()) ?? ''
    out.set(name, Number(await row.getAttribute('data-rows')))
  }
  return out
}

test('an NSL-KDD file: records and every label class match a tally of the file', async ({ app }) => {
  test.skip(!corpusPresent, corpusMissingReason)
  const path = corpusFile('csv/nsl-kdd/KDDTrain+_20Percent.txt')
  const rows = lines(path)
  // 41 features, then the label and the difficulty level: the label is the 42nd field (no quoted commas here).
  const expected = tally(rows.map((l) => l.split(',')[41]))
  await app.drop(path)
  expect(await app.state).toBe('done')
  await expect(app.summary('table-summary')).toBeVisible()
  expect(await app.summaryNumber('table-records')).toBe(rows.length)
  expect(await app.summaryNumber('table-rejected-count')).toBe(0)
  await expect(app.summary('table-dialect')).toContainText('NSL-KDD')
  // NSL-KDD has neither: the page says so instead of showing empty charts.
  await expect(app.summary('table-no-timestamps')).toHaveText('This dataset has no timestamps')
  await expect(app.summary('table-no-addresses')).toHaveText('This dataset has no addresses')
  await expect(app.summary('table-limits')).toContainText('time series')
  expect(await shownClasses(app)).toEqual(expected)
  await expect(app.summary('labels-chart').locator('svg rect').first()).toBeVisible()
})

test('a CIC-IDS2017 file: records and label classes match a tally of the file', async ({ app }) => {
  test.skip(!corpusPresent, corpusMissingReason)
  const path = corpusFile('csv/cicids2017-improved/Heartbleed_11.csv')
  const [header, ...rows] = lines(path)
  const labelAt = header.split(',').findIndex((n) => n.trim() === 'Label')
  expect(labelAt).toBeGreaterThan(0)
  const expected = tally(rows.map((l) => l.split(',')[labelAt].trim()))
  await app.drop(path)
  await expect(app.summary('table-summary')).toBeVisible()
  expect(await app.summaryNumber('table-records')).toBe(rows.length)
  await expect(app.summary('table-dialect')).toContainText('CIC')
  await expect(app.summary('labels-column')).toHaveText('Label')
  await expect(app.summary('table-first')).toBeVisible()
  await expect(app.summary('table-talkers')).toBeVisible()
  expect(await shownClasses(app)).toEqual(expected)
})

test('a Zeek conn.log: records match the data lines, and the labels view says there are none', async ({ app }) => {
  test.skip(!corpusPresent, corpusMissingReason)
  const path = corpusFile('csv/zeek-slips/test10-mixed-conn.log')
  // Header lines start with '#' (this file's first one after a stray tab, which Zeek's reader also tolerates).
  const data = lines(path).filter((l) => !l.trimStart().startsWith('#'))
  await app.drop(path)
  await expect(app.summary('table-summary')).toBeVisible()
  expect(await app.summaryNumber('table-records')).toBe(data.length)
  await expect(app.summary('table-dialect')).toContainText('Zeek')
  await expect(app.summary('labels-none')).toBeVisible()
  await expect(app.summary('table-limits')).toHaveCount(0)
  // Connection states as Zeek wrote them (column conn_state), tallied from the file.
  const fields = (lines(path).find((l) => l.trimStart().startsWith('#fields')) ?? '').split('\t').slice(1)
  const stateAt = fields.indexOf('conn_state')
  const states = tally(data.map((l) => l.split('\t')[stateAt]))
  const sf = app.summary('table-states').locator('tr[data-name="SF"] td').first()
  expect(Number(((await sf.textContent()) ?? '').replace(/[^0-9]/g, ''))).toBe(states.get('SF'))
})

test('an unknown CSV opens the mapping dialog and reads after mapping; the mapping is remembered', async ({ app, page }, testInfo) => {
  const path = testInfo.outputPath('readings.csv')
  const rows = ['when,from,to,size,verdict', '1600000000,10.0.0.1,10.0.0.2,100,ok', '1600000001,10.0.0.2,10.0.0.1,50,ok', '1600000002,10.0.0.3,10.0.0.1,70,bad']
  writeFileSync(path, `${rows.join('\n')}\n`)
  await app.pick(path)
  const dialog = page.getByTestId('mapping-dialog')
  await expect(dialog).toBeVisible()
  await expect(page.getByTestId('error-message')).toHaveCount(0)
  await expect(dialog.getByTestId('mapping-sample')).toContainText('10.0.0.3')
  // The user says what each column is (whatever was guessed), including the label column.
  const choose = (field: string, column: string) => dialog.getByTestId(`mapping-field-${field}`).selectOption({ label: column })
  await dialog.getByTestId('mapping-target').selectOption('flows')
  await choose('time', 'when')
  await choose('srcAddr', 'from')
  await choose('dstAddr', 'to')
  await choose('origBytes', 'size')
  await choose('label', 'verdict')
  await app.readAndWait(() => dialog.getByTestId('mapping-apply').click())
  await expect(dialog).toHaveCount(0)
  await expect(app.summary('table-summary')).toBeVisible()
  expect(await app.summaryNumber('table-records')).toBe(3)
  expect(await shownClasses(app)).toEqual(new Map([['ok', 2], ['bad', 1]]))
  // 10.0.0.1 takes part in all three flows: 100 + 50 + 70 bytes.
  await expect(app.summary('table-talkers').locator('tr[data-name="10.0.0.1"] td').first()).toHaveText('220')

  // The same columns again: the dialog opens with the mapping chosen before.
  await app.pick(path)
  await expect(dialog).toBeVisible()
  await expect(dialog.getByTestId('mapping-field-label')).toHaveValue('4')
  await expect(dialog.getByTestId('mapping-field-origBytes')).toHaveValue('3')
  await dialog.getByTestId('mapping-cancel').click()
  await expect(dialog).toHaveCount(0)
})

test('the dialect select reads the table again as another dialect', async ({ app, page }) => {
  test.skip(!corpusPresent, corpusMissingReason)
  const path = corpusFile('csv/cicids2017-improved/Heartbleed_11.csv')
  await app.drop(path)
  expect(await app.summaryNumber('table-records')).toBe(11)
  await app.readAndWait(async () => {
    await page.getByTestId('table-dialect-select').selectOption('nsl-kdd')
  })
  await expect(app.summary('table-dialect')).toContainText('NSL-KDD')
  // A CIC table is no NSL-KDD file: its rows are rejected, with a reason, not silently misread.
  expect(await app.summaryNumber('table-records')).toBe(0)
  expect(await app.summaryNumber('table-rejected-count')).toBe(12) // the header row and the 11 flows
  await expect(app.summary('table-rejected-reasons')).toBeVisible()
})

test('a Zeek conn.log and a CIC-IDS2017-style CSV feed the flows table and the topology', async ({ app, page }, testInfo) => {
  test.skip(!corpusPresent, corpusMissingReason)
  // Zeek: every connection is one flow, and the topology draws its hosts.
  const zeek = corpusFile('csv/zeek-slips/test10-mixed-conn.log')
  const connections = lines(zeek).filter((l) => !l.trimStart().startsWith('#')).length
  await app.drop(zeek)
  await expect(page.getByTestId('table-explore')).toBeVisible()
  await expect(page.getByTestId('table-view')).toHaveAttribute('data-view', 'flows')
  await expect(page.getByTestId('filter-count')).toHaveText(new RegExp(`^${connections.toLocaleString('en-US')}( of [\\d,]+)? rows$`))
  await page.getByTestId('table-view-topology').click()
  await expect(page.getByTestId('table-view')).toHaveAttribute('data-view', 'topology')
  await expect(page.getByTestId('topology-summary')).toContainText(/\d/)
  await expect(page.getByTestId('query-error')).toHaveCount(0)

  // A CIC-IDS2017-style table built here: three flows between two clients and one server.
  const header = 'Flow ID,Src IP,Src Port,Dst IP,Dst Port,Protocol,Timestamp,Flow Duration,Total Fwd Packet,Total Bwd packets,Total Length of Fwd Packet,Total Length of Bwd Packet,Label'
  const rows = [
    '10.1.0.5-10.9.0.1-50000-443-6,10.1.0.5,50000,10.9.0.1,443,6,2017-07-05 10:00:00.000001,1500000,4,3,400,3000,BENIGN',
    '10.1.0.6-10.9.0.1-50001-443-6,10.1.0.6,50001,10.9.0.1,443,6,2017-07-05 10:00:01.500000,200000,2,1,120,60,BENIGN',
    '10.1.0.6-10.9.0.1-50002-80-6,10.1.0.6,50002,10.9.0.1,80,6,2017-07-05 10:00:02.250000,90000,3,0,180,0,DoS Hulk',
  ]
  const cic = testInfo.outputPath('cic-like.csv')
  writeFileSync(cic, `${[header, ...rows].join('\r\n')}\r\n`)
  await app.drop(cic)
  await expect(app.summary('table-dialect')).toContainText('CIC')
  await expect(page.getByTestId('table-view')).toHaveAttribute('data-view', 'flows')
  await expect(page.getByTestId('filter-count')).toHaveText(/^3( of 3)? rows$/)
  await page.getByTestId('table-view-endpoints').click()
  await expect(page.getByTestId('filter-count')).toHaveText(/^3( of 3)? rows$/)
  await page.getByTestId('table-view-topology').click()
  await expect(page.getByTestId('topology-summary')).toContainText('3')
  await expect(page.getByTestId('query-error')).toHaveCount(0)
})

test('a table is saved as a session; after a reload, reopened from the list, it shows the same numbers', async ({ app, page }) => {
  test.skip(!corpusPresent, corpusMissingReason)
  const path = corpusFile('csv/cicids2017-improved/Heartbleed_11.csv')
  const [, ...rows] = lines(path)
  await app.drop(path)
  const id = await app.savedSessionId()
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-saved', 'true')
  const records = await app.summaryNumber('table-records')
  expect(records).toBe(rows.length)
  const summaryText = await app.summary('table-summary').innerText()
  const labelsText = await app.summary('labels-view').innerText()
  const classes = await shownClasses(app)
  await expect(page.getByTestId('table-view')).toHaveAttribute('data-view', 'flows')
  const flowCount = await page.getByTestId('filter-count').innerText()
  expect(flowCount).toMatch(new RegExp(`^${rows.length}( of \\d+)? rows$`))

  // The list shows it as a table session, with its record count.
  const listed = (await sessionRows(app)).and(page.locator(`[data-id="${id}"]`))
  await expect(listed.getByTestId('session-kind')).toHaveAttribute('data-kind', 'table')
  await expect(listed.getByTestId('session-kind')).toContainText('Table')
  await expect(listed.locator('td.num').first()).toHaveText(records.toLocaleString('en-US'))

  // A fresh page (no session in the URL), then open it from the list: no file is read.
  await app.open()
  await expect(page.getByTestId('table-screen')).toHaveCount(0)
  const again = (await sessionRows(app)).and(page.locator(`[data-id="${id}"]`))
  await app.readAndWait(() => again.getByTestId('session-open').click())
  await expect(page).toHaveURL(new RegExp(`session=${id}`))
  await expect(page.getByTestId('table-screen')).toBeVisible()
  expect(await app.summaryNumber('table-records')).toBe(records)
  expect(await app.summary('table-summary').innerText()).toBe(summaryText)
  expect(await app.summary('labels-view').innerText()).toBe(labelsText)
  expect(await shownClasses(app)).toEqual(classes)
  await expect(page.getByTestId('table-view')).toHaveAttribute('data-view', 'flows')
  await expect(page.getByTestId('filter-count')).toHaveText(flowCount)
  await page.getByTestId('table-view-endpoints').click()
  await expect(page.getByTestId('query-error')).toHaveCount(0)

  // And a reload with the session in the URL opens it again by itself.
  await page.reload()
  await app.ready()
  await expect(page.getByTestId('table-screen')).toBeVisible()
  expect(await app.summaryNumber('table-records')).toBe(records)
})
