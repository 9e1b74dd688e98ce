/**
 * A packet table in the app: Wireshark's CSV export of a capture opens as that capture would (its packets become
 * packets), so the capture summary, the flow counts and the detectors' alerts are there, not the table screen.
 * The export and its capture are the corpus's (csv/wireshark-export-derived, labelled/slips).
 */
import { corpusFile, corpusMissingReason, corpusPresent } from './fixtures/corpus.ts'
import { expect, test } from './fixtures/test.ts'

test.beforeEach(async ({ app }) => {
  test.skip(!corpusPresent, corpusMissingReason)
  await app.open('?view=alerts')
})

test('a Wireshark CSV export of an ICMP sweep shows the capture summary and the sweep alert', async ({ app, page }) => {
  await app.pick(corpusFile('csv/wireshark-export-derived/test12-icmp-portscan.csv'))
  expect(await app.state).toBe('done')
  await expect(page.getByTestId('table-screen')).toHaveCount(0)
  await expect(page.locator('[data-testid="alert-category"][data-category="host-sweep"]')).toBeVisible()
  await app.open()
  await app.pick(corpusFile('csv/wireshark-export-derived/test12-icmp-portscan.csv'))
  await expect(app.summary('summary-format')).toHaveText('wireshark-csv')
  expect(await app.summaryNumber('summary-packets')).toBe(37)
  expect(await app.summaryNumber('summary-flows')).toBe(18)
  expect(await app.summaryNumber('summary-endpoints')).toBe(19)
})
