/**
 * The flows, conversations and endpoints tables on a real capture: a display filter narrows the flows table to
 * the count tshark gives for the same question, an invalid expression is explained and not applied, columns
 * sort, the keyboard moves through rows and opens a host, and the tables export as CSV.
 */
import { readFileSync } from 'node:fs'
import { corpusFile, corpusMissingReason, corpusPresent } from './fixtures/corpus.ts'
import { applyFilter, expectMatched, matchedRows, tsharkConversations, tsharkIpEndpoints, tsharkTcpStreams } from './fixtures/explore-page.ts'
import { expect, test } from './fixtures/test.ts'

// Benign web browsing: 41 flows (TCP to port 80, DNS, mDNS, ARP, LLDP), IPv4 and IPv6.
const PCAP = 'pcap/zeek/wikipedia.pcap'

test.beforeEach(async ({ app }) => {
  test.skip(!corpusPresent, corpusMissingReason)
  await app.open()
  await app.drop(corpusFile(PCAP))
})

test('a filter expression narrows the flows table to the count tshark gives', async ({ app, page }) => {
  await app.showView('flows')
  const total = await matchedRows(page)
  // Recorded values: tshark 4.0.17 with the same commands (used only when tshark is not installed).
  const http = tsharkTcpStreams(corpusFile(PCAP), 'tcp.port == 80', 10)
  await applyFilter(page, 'tcp.port == 80')
  await expectMatched(page, http.count)
  await expect(page).toHaveURL(/filter=tcp\.port/)
  const rows = page.getByTestId('flows-table-body').getByRole('row')
  await expect(rows.first()).not.toContainText('…')
  for (const row of await rows.all()) {
    const ports = [await row.getByRole('cell').nth(3).textContent(), await row.getByRole('cell').nth(5).textContent()]
    expect(ports).toContain('80')
  }
  const udp = tsharkConversations(corpusFile(PCAP), 'udp', 24)
  await applyFilter(page, 'udp')
  await expectMatched(page, udp.count)
  await applyFilter(page, 'udp && !(udp.port == 53)')
  const notDns = await matchedRows(page)
  expect(notDns).toBeLessThan(udp.count)
  await applyFilter(page, '')
  await expectMatched(page, total)
})

test('an invalid expression shows what is wrong and leaves the table as it was', async ({ app, page }) => {
  await app.showView('flows')
  await applyFilter(page, 'tcp')
  const tcp = await matchedRows(page)
  const input = page.getByTestId('filter-input')
  await input.fill('ip.addr == 10.0.0.300 &&')
  await expect(page.getByTestId('filter-error')).toBeVisible()
  await expect(page.getByTestId('filter-error-message')).not.toBeEmpty()
  await expect(input).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByTestId('filter-apply')).toBeDisabled()
  await input.press('Enter')
  await expectMatched(page, tcp)
  await input.fill('tcp.prot == 80')
  await expect(page.getByTestId('filter-error-message')).toHaveText('unknown field "tcp.prot" — did you mean "tcp.port"?')
  // A field the conversations table lacks: the message names the table.
  await input.fill('')
  await input.press('Enter')
  await app.showView('conversations')
  await page.getByTestId('filter-input').fill('state == S0')
  await expect(page.getByTestId('filter-error-message')).toHaveText('"state" is not available in the conversations table')
})

test('columns sort both ways and the keyboard opens a host from a row', async ({ app, page }) => {
  await app.showView('flows')
  const body = page.getByTestId('flows-table-body')
  await page.getByTestId('sort-bytes').click()
  await expect(page.getByRole('columnheader', { name: /Bytes/ })).toHaveAttribute('aria-sort', 'descending')
  const bytesOf = async (i: number): Promise<number> => {
    const title = (await body.getByRole('row').nth(i).getByRole('cell').nth(9).getAttribute('title')) ?? ''
    return Number((/^([\d,]+) bytes/.exec(title)?.[1] ?? 'NaN').replace(/,/g, ''))
  }
  await expect(body.getByRole('row').first()).not.toContainText('…')
  const first = await bytesOf(0)
  expect(first).toBeGreaterThanOrEqual(await bytesOf(1))
  await page.getByTestId('sort-bytes').click()
  await expect(page.getByRole('columnheader', { name: /Bytes/ })).toHaveAttribute('aria-sort', 'ascending')
  await expect.poll(() => bytesOf(0)).toBeLessThan(first)
  // Back to largest first: the rows the keyboard walks are TCP flows between two IP hosts.
  await page.getByTestId('sort-bytes').click()
  await expect.poll(() => bytesOf(0)).toBe(first)
  await body.focus()
  await page.keyboard.press('End')
  await page.keyboard.press('Home')
  await page.keyboard.press('ArrowDown')
  await expect(body.locator('.vtable-row.current')).toHaveAttribute('data-index', '1')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('view')).toHaveAttribute('data-view', 'host')
  await expect(page.getByTestId('host-details')).toBeVisible()
  await expect(page.getByTestId('host-address')).toHaveText(/^\d+\.\d+\.\d+\.\d+$/)
})

test('conversations and endpoints match tshark and export as CSV', async ({ app, page }) => {
  await app.showView('conversations')
  await page.getByTestId('conv-kind-tcp').click()
  await expectMatched(page, tsharkConversations(corpusFile(PCAP), 'tcp', 10).count)
  await page.getByTestId('conv-kind-udp').click()
  await expectMatched(page, tsharkConversations(corpusFile(PCAP), 'udp', 24).count)
  await app.showView('endpoints')
  await expectMatched(page, tsharkIpEndpoints(corpusFile(PCAP), 19).count)
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()])
  expect(csv.suggestedFilename()).toBe('Endpoints.csv')
  const lines = readFileSync(await csv.path(), 'utf8').replace(/^\ufeff/, '').trim().split('\r\n')
  expect(lines[0]).toBe('address,name,role,packets,bytes,tx_packets,tx_bytes,rx_packets,rx_bytes')
  expect(lines.length - 1).toBe(await matchedRows(page))
})

test('a stored session answers the tables and the topology without the file', async ({ app, page }) => {
  await app.showView('flows')
  await applyFilter(page, 'tcp.port == 80 || dns')
  const live = await matchedRows(page)
  await app.savedSessionId()
  await page.reload()
  await app.ready()
  await expect(page.getByTestId('view')).toHaveAttribute('data-view', 'flows')
  await expectMatched(page, live)
  await app.showView('topology')
  await expect(page.getByTestId('topology-summary')).toHaveText(/^19 hosts/)
  await expect(page.getByTestId('topology-svg').locator('g.node')).toHaveCount(19)
})
