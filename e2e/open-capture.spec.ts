/**
 * Opening real captures from the shared corpus: the page must show capinfos' packet count and byte totals for a
 * classic pcap, a pcapng, a gzip-compressed pcap (compressed here, at test time) and a dropped file.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { capinfos, corpusFile, corpusMissingReason, corpusPresent, pcapCapturedBytes } from './fixtures/corpus.ts'
import { expect, test } from './fixtures/test.ts'

// Small files whose capinfos byte total is exact (fewer than 100 packets; see fixtures/corpus.ts).
const PCAP = 'pcap/zeek/web.pcap'
const PCAPNG = 'pcapng/scapy/http_head.pcapng'
const GZIPPED = 'pcap/zeek/icmp/5-pings.pcap'
const DROPPED = 'pcap/zeek/http/get.pcap'

test.beforeEach(async ({ app }) => {
  test.skip(!corpusPresent, corpusMissingReason)
  await app.open()
})

test('a classic pcap shows its packets, bytes on the wire and captured bytes', async ({ app }) => {
  const facts = capinfos(PCAP)
  await app.pick(corpusFile(PCAP))
  expect(await app.state).toBe('done')
  await expect(app.summary('summary-file-name')).toHaveText('web.pcap')
  await expect(app.summary('summary-format')).toHaveText('pcap')
  await expect(app.summary('summary-link-types')).toHaveText('1 ETHERNET')
  expect(await app.summaryNumber('summary-packets')).toBe(facts.packets)
  expect(await app.summaryNumber('summary-bytes')).toBe(facts.bytes)
  expect(await app.summaryNumber('summary-captured-bytes')).toBe(pcapCapturedBytes(corpusFile(PCAP), facts.packets))
  await expect(app.summary('summary-partial')).toHaveCount(0)
  await expect(app.summary('summary-truncated')).toHaveCount(0)
})

test('a pcapng shows its packets and bytes', async ({ app }) => {
  const facts = capinfos(PCAPNG)
  await app.pick(corpusFile(PCAPNG))
  await expect(app.summary('summary-format')).toHaveText('pcapng')
  expect(await app.summaryNumber('summary-packets')).toBe(facts.packets)
  expect(await app.summaryNumber('summary-bytes')).toBe(facts.bytes)
})

test('a gzip-compressed pcap is read through the decompression', async ({ app }, testInfo) => {
  const facts = capinfos(GZIPPED)
  const gz = testInfo.outputPath('5-pings.pcap.gz')
  writeFileSync(gz, gzipSync(readFileSync(corpusFile(GZIPPED))))
  await app.pick(gz)
  await expect(app.summary('summary-file-name')).toHaveText('5-pings.pcap.gz')
  await expect(app.summary('summary-format')).toHaveText('pcap, gzip-compressed')
  expect(await app.summaryNumber('summary-packets')).toBe(facts.packets)
  expect(await app.summaryNumber('summary-bytes')).toBe(facts.bytes)
  expect(await app.summaryNumber('summary-captured-bytes')).toBe(pcapCapturedBytes(corpusFile(GZIPPED), facts.packets))
})

test('a file dropped on the page is read like a picked one', async ({ app }) => {
  const facts = capinfos(DROPPED)
  await app.drop(corpusFile(DROPPED))
  await expect(app.summary('summary-file-name')).toHaveText('get.pcap')
  expect(await app.summaryNumber('summary-packets')).toBe(facts.packets)
  expect(await app.summaryNumber('summary-bytes')).toBe(facts.bytes)
})

test('a second file replaces the first summary', async ({ app }) => {
  await app.pick(corpusFile(PCAP))
  await app.pick(corpusFile(PCAPNG))
  await expect(app.summary('summary-file-name')).toHaveText('http_head.pcapng')
  expect(await app.summaryNumber('summary-packets')).toBe(capinfos(PCAPNG).packets)
})
