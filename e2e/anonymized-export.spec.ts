/**
 * "Anonymise addresses" (Settings → Exports): CSV and SVG exports hold no original address, the mapping keeps
 * subnets and is the same for the same passphrase, and the settings say that everything stays on this machine.
 */
import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { corpusFile, corpusMissingReason, corpusPresent } from './fixtures/corpus.ts'
import { expect, test } from './fixtures/test.ts'

const PCAP = 'pcap/zeek/web.pcap'
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g

async function download(page: Page, click: () => Promise<void>): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()])
  return readFileSync(await file.path(), 'utf8')
}

async function talkersCsv(page: Page): Promise<string[]> {
  const text = await download(page, () => page.getByTestId('overview-talkers').getByTestId('export-csv').click())
  return text.replace(/^\ufeff/, '').trim().split('\r\n').slice(1).map((line) => line.split(',')[0])
}

test.beforeEach(async ({ app }) => {
  test.skip(!corpusPresent, corpusMissingReason)
  await app.open()
  await app.pick(corpusFile(PCAP))
})

test('with "Anonymise addresses" the CSV and SVG exports hold no original address', async ({ page }) => {
  const original = await talkersCsv(page)
  expect(original.length).toBeGreaterThan(1)
  expect(original.every((a) => /^[\d.]+$|:/.test(a))).toBe(true)

  await page.getByTestId('open-settings').click()
  await expect(page.getByTestId('stays-local')).toContainText('Everything stays on this machine')
  await page.getByTestId('export-anonymize').check()
  await page.getByTestId('export-passphrase').fill('a long shared passphrase for this test')
  await page.getByTestId('open-settings').click()

  const anonymised = await talkersCsv(page)
  expect(anonymised.length).toBe(original.length)
  for (const a of original) expect(anonymised).not.toContain(a)
  expect(new Set(anonymised).size).toBe(new Set(original).size)
  // The same passphrase, the same mapping.
  expect(await talkersCsv(page)).toEqual(anonymised)

  const svg = await download(page, () => page.getByTestId('overview-talkers').getByTestId('export-svg').click())
  const inSvg = new Set(svg.match(IPV4) ?? [])
  for (const a of original) expect(inSvg.has(a)).toBe(false)
  // On the page the chart still shows the real addresses.
  await expect(page.getByTestId('overview-talkers')).toContainText(original[0])
})
