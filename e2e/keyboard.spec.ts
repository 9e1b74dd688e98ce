/** The page works from the keyboard: the picker is a real button that opens the file chooser. */
import { corpusFile, corpusMissingReason, corpusPresent, capinfos } from './fixtures/corpus.ts'
import { expect, test } from './fixtures/test.ts'

test('Tab reaches the Open button first, and Enter opens the file chooser', async ({ app, page }) => {
  test.skip(!corpusPresent, corpusMissingReason)
  await app.open()
  await page.keyboard.press('Tab')
  const open = page.getByRole('button', { name: 'Open a capture…' })
  await expect(open).toBeFocused()
  const file = 'pcap/zeek/web.pcap'
  await app.readAndWait(async () => {
    const chooser = page.waitForEvent('filechooser')
    await page.keyboard.press('Enter')
    await (await chooser).setFiles(corpusFile(file))
  })
  expect(await app.summaryNumber('summary-packets')).toBe(capinfos(file).packets)
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'Open the sample capture' })).toBeFocused()
})
