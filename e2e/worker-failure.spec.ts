/**
 * A worker that dies is detected and reported, and the page stays usable (shared/RELIABILITY.md "Large files"):
 * the engine script is made to fail to load once, then the next file is read normally.
 */
import { expect, test } from './fixtures/test.ts'
import { writeBigPcap } from './fixtures/big-capture.ts'

test.use({ expectedConsoleErrors: [/engine\.worker/, /Failed to load resource/] })

test('a worker that fails is reported, and the next file is read by a fresh worker', async ({ app, page }, testInfo) => {
  const file = testInfo.outputPath('small.pcap')
  const packets = writeBigPcap(file, 10_000)
  await page.route('**/engine.worker*.js', (route) => route.abort('failed'))
  await app.open()
  await app.pick(file)
  expect(await app.state).toBe('error')
  await expect(app.summary('error-message')).toHaveAttribute('data-code', 'worker-crashed')

  await page.unroute('**/engine.worker*.js')
  await app.pick(file)
  expect(await app.state).toBe('done')
  expect(await app.summaryNumber('summary-packets')).toBe(packets)
})
