/**
 * Files that are neither captures nor traffic tables: a clear, specific message (the engine's FormatError), the
 * previous summary kept, and names from the file system shown as text only. A CSV is a table, not an error.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { capinfos, corpusFile, corpusMissingReason, corpusPresent } from './fixtures/corpus.ts'
import { expect, test } from './fixtures/test.ts'

test.beforeEach(async ({ app }) => {
  await app.open()
})

test('a text file gives a specific error and keeps the previous summary', async ({ app }, testInfo) => {
  test.skip(!corpusPresent, corpusMissingReason)
  const previous = 'pcap/zeek/web.pcap'
  await app.pick(corpusFile(previous))
  const notes = testInfo.outputPath('meeting-notes.txt')
  writeFileSync(notes, 'Agenda\n1. Network review\n2. Budget\nThis is plain text, not a packet capture.\n')
  await app.pick(notes)
  expect(await app.state).toBe('error')
  const error = app.summary('error-message')
  await expect(error).toBeVisible()
  await expect(error).toHaveAttribute('data-code', 'not-recognised')
  await expect(error).toContainText('meeting-notes.txt')
  await expect(error).toHaveAttribute('role', 'alert')
  // The summary of the previous file is still there, unchanged.
  await expect(app.summary('summary-file-name')).toHaveText('web.pcap')
  expect(await app.summaryNumber('summary-packets')).toBe(capinfos(previous).packets)
})

test('a CSV is read as a traffic table, not rejected as "not a capture"', async ({ app }, testInfo) => {
  test.skip(!corpusPresent, corpusMissingReason)
  const csv = testInfo.outputPath('flows.csv')
  // The head of a CIC-IDS2017 file: a table nettwin knows, so it is summarised rather than refused.
  writeFileSync(csv, readFileSync(corpusFile('csv/cicids2017-improved/Heartbleed_11.csv')))
  await app.pick(csv)
  expect(await app.state).toBe('done')
  await expect(app.summary('error-message')).toHaveCount(0)
  await expect(app.summary('table-summary')).toBeVisible()
  await expect(app.summary('table-file-name')).toHaveText('flows.csv')
})

test('an empty file gives an error, not a crash or an empty summary', async ({ app }, testInfo) => {
  const empty = testInfo.outputPath('empty.pcap')
  writeFileSync(empty, '')
  await app.pick(empty)
  expect(await app.state).toBe('error')
  await expect(app.summary('error-message')).toContainText('empty.pcap')
  await expect(app.summary('summary')).toHaveCount(0)
})

test('a hostile file name is shown as text, never as markup', async ({ app, page }, testInfo) => {
  const dialogs: string[] = []
  page.on('dialog', async (d) => {
    dialogs.push(d.message())
    await d.dismiss()
  })
  const name = '<img src=x onerror=alert(1)>\u202Etxt.pcap'
  const file = testInfo.outputPath(name)
  writeFileSync(file, 'not a capture either\n')
  await app.pick(file)
  const error = app.summary('error-message')
  await expect(error).toContainText('<img src=x onerror=alert(1)>')
  // The bidi override is escaped so it cannot reorder what the user reads.
  await expect(error).toContainText('\\u{202e}')
  await expect(page.locator('main img')).toHaveCount(0)
  expect(dialogs).toEqual([])
})
