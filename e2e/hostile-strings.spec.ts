/**
 * Display safety (shared/RELIABILITY.md): a capture and a table whose DNS names, TLS SNI, HTTP Host and
 * User-Agent, pcapng comments, CSV header and cells and file names carry 38 injection payloads are opened, every
 * view the view list offers is shown (read from the page, so views added later are covered too), chart tooltips
 * are hovered, host details and the session list opened. No dialog may open, no element a payload describes may
 * appear, no Content-Security-Policy violation or other-origin request may happen (the shared guard in
 * fixtures/test.ts checks those two as well), and the payloads must be on the page as text.
 */
import type { Page, TestInfo } from '@playwright/test'
import type { AppPage } from './fixtures/app-page.ts'
import { HOSTILE_FILE_STEM, writeHostileFiles } from './fixtures/hostile-files.ts'
import { INJECTED_SELECTOR, PAYLOADS, type Place, token } from './fixtures/hostile-payloads.ts'
import { hoverTooltips, pageText, scrolledTableText, settled } from './fixtures/page-text.ts'
import { expect, test } from './fixtures/test.ts'

/** Records dialogs (alert, confirm, prompt, beforeunload) and dismisses them so the page goes on. */
function watchDialogs(page: Page): string[] {
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`)
    void d.dismiss().catch(() => undefined)
  })
  return dialogs
}

/** Nothing injected so far: no dialog, no element a payload describes, no CSP violation. */
async function expectClean(page: Page, dialogs: readonly string[], where: string): Promise<void> {
  expect(dialogs, `dialogs after ${where}`).toEqual([])
  await expect(page.locator(INJECTED_SELECTOR), `injected elements after ${where}`).toHaveCount(0)
  expect(await page.evaluate(() => window.__cspViolations ?? []), `CSP violations after ${where}`).toEqual([])
}

/** Which payload ids of `place` have their token somewhere in `text`. */
function seen(text: string, place: Place): string[] {
  return PAYLOADS.filter((p) => text.includes(token(place, p))).map((p) => p.id)
}

const ALL_IDS = PAYLOADS.map((p) => p.id)

/** Reads a CSV download into rows of cells (RFC 4180: quoted cells, doubled quotes, CRLF inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++
      else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') row.push(cell), (cell = '')
    else if (ch === '\n') row.push(cell.replace(/\r$/, '')), rows.push(row), (row = []), (cell = '')
    else cell += ch
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell])
  return rows
}

/** Shows every view of the view list in turn (hovering tooltips, scrolling tables); returns the text seen. */
async function visitEveryView(app: AppPage, page: Page, dialogs: readonly string[], testInfo: TestInfo, pass: string): Promise<string> {
  const ids = await page.locator('nav[aria-label="Views"] button').evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).dataset.testid?.replace(/^view-/, '') ?? ''))
  expect(ids.length, 'views in the view list').toBeGreaterThanOrEqual(4)
  let text = ''
  let hovered = 0
  for (const id of ids) {
    await app.showView(id)
    await settled(page)
    hovered += await hoverTooltips(page)
    text += (await scrolledTableText(page)) + (await pageText(page))
    await expectClean(page, dialogs, `the view "${id}" (${pass})`)
  }
  testInfo.annotations.push({ type: `views (${pass})`, description: `${ids.join(', ')}; ${hovered} tooltips hovered` })
  expect(hovered, 'chart marks with a tooltip were hovered').toBeGreaterThan(0)
  return text
}

test('a hostile capture: every view, tooltip, host and the stored session show the payloads as text only', async ({ app, page }, testInfo) => {
  test.setTimeout(240_000)
  expect(PAYLOADS.length).toBeGreaterThanOrEqual(30)
  const dialogs = watchDialogs(page)
  const files = writeHostileFiles(testInfo.outputPath())
  await app.open()
  await app.drop(files.capture)
  expect(await app.state).toBe('done')
  const sessionId = await app.savedSessionId()
  await expectClean(page, dialogs, 'the drop')

  let text = (await pageText(page)) + (await visitEveryView(app, page, dialogs, testInfo, 'live'))

  // Host details of hosts named by the payloads (198.51.100.x got its name from a DNS answer and an SNI).
  await app.showView('host')
  for (const i of [0, 1, 4, 10, 19]) {
    const address = `198.51.100.${i + 1}`
    await page.getByTestId('host-input').fill(address)
    await page.getByTestId('host-input').press('Enter')
    await expect(page.getByTestId('host-address')).toHaveText(address)
    await settled(page)
    await hoverTooltips(page, 10)
    text += await pageText(page)
    await expectClean(page, dialogs, `host details of ${address}`)
  }

  // Exported cells that carry a payload never start like a spreadsheet formula.
  await app.showView('flows')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()])
  const { readFileSync } = await import('node:fs')
  const cells = parseCsv(readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '')).flat().filter((c) => /z[a-z]\d\dq/.test(c))
  expect(cells.length, 'exported cells carrying a payload').toBeGreaterThan(30)
  expect(cells.filter((c) => /^[=+\-@\t\r\0]/.test(c))).toEqual([])

  await page.getByTestId('open-sessions').click()
  await expect(page.getByTestId('session-row')).toHaveCount(1)
  text += await pageText(page)
  await expectClean(page, dialogs, 'the session list')

  const found = { dns: seen(text, 'dns'), sni: seen(text, 'sni'), httpHost: seen(text, 'httpHost'), userAgent: seen(text, 'userAgent'), comment: seen(text, 'comment') }
  testInfo.annotations.push({ type: 'payload tokens seen', description: JSON.stringify(found) })
  // Names are shown in the endpoints and flows tables, host details and tooltips: every payload reached the page.
  expect(found.dns).toEqual(ALL_IDS)
  expect(found.sni).toEqual(ALL_IDS)
  expect(found.httpHost).toEqual(ALL_IDS)
  // The overview lists the section and interface comments and the first packet comments.
  expect(found.comment).toEqual(expect.arrayContaining(['01', '02', '04']))
  expect(found.comment.length).toBeGreaterThanOrEqual(5)
  // No view shows the User-Agent, so its payloads can only be checked for injection (done above), not for display.
  // The file name, with its bidi override escaped.
  expect(text).toContain('"><img src=x class=pwned onerror=alert(99)>\\u{202e}evil zfq.pcapng')

  // The same capture from IndexedDB: the strings went through storage and come back as text.
  await page.reload()
  await app.ready()
  await expect(page).toHaveURL(new RegExp(`session=${sessionId}`))
  const stored = await visitEveryView(app, page, dialogs, testInfo, 'stored')
  expect(seen(stored, 'dns').length, 'names shown from the stored session').toBeGreaterThanOrEqual(30)
})

test('a hostile table: the mapping dialog and the table screen show header and cells as text only', async ({ app, page }, testInfo) => {
  const dialogs = watchDialogs(page)
  const files = writeHostileFiles(testInfo.outputPath())
  await app.open()
  await app.pick(files.csv)
  await expectClean(page, dialogs, 'opening the table')
  const dialog = page.getByTestId('mapping-dialog')
  await expect(dialog).toBeVisible()
  let text = await pageText(page)
  await app.readAndWait(() => page.getByTestId('mapping-apply').click())
  await expectClean(page, dialogs, 'applying the column mapping')
  await expect(page.getByTestId('table-screen')).toBeVisible()
  text += await pageText(page)
  await expectClean(page, dialogs, 'the table screen')

  const header = seen(text, 'csvHeader')
  const cells = seen(text, 'csvCell')
  testInfo.annotations.push({ type: 'payload tokens seen', description: JSON.stringify({ header, cells }) })
  // The dialog caps a column name at 60 characters: every name that fits (escaped) is shown whole.
  const fits = PAYLOADS.filter((p) => !p.text.includes('\0') && (p.tokenFirst || p.text.length + 5 <= 60 - 4 * (p.text.match(/[\0-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g)?.length ?? 0)))
  expect(header).toEqual(expect.arrayContaining(fits.map((p) => p.id)))
  expect(header.length).toBeGreaterThanOrEqual(30)
  // Cells: the dialog's sample rows (capped at 40 characters) and the label classes of the table screen.
  expect(cells.length).toBeGreaterThanOrEqual(15)
  expect(text).toContain(`${HOSTILE_FILE_STEM.replace('\u202E', '\\u{202e}')}.csv`)
})
