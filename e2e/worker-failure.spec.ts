/**
 * Worker faults (shared/RELIABILITY.md "Large files"): a worker that fails to load, throws or dies mid-file is
 * detected and reported with a clear message, keeps what it read so far on screen, and the next file is read
 * normally; a file above the stated size limit is refused with a clear message.
 */
import { closeSync, ftruncateSync, openSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures/test.ts'
import { writeBigPcap } from './fixtures/big-capture.ts'

test.use({ expectedConsoleErrors: /engine\.worker|Failed to load resource|injected worker crash/ })

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

/**
 * Serves the engine worker with `prelude` run before it: the test's way to make reading fail mid-file. The app
 * has no fault switch of its own, so nothing a user's file or URL can do reaches this.
 */
async function faultyWorker(page: Page, prelude: string): Promise<void> {
  await page.route('**/engine.worker*.js', async (route) => {
    const response = await route.fetch()
    await route.fulfill({ response, body: `${prelude}\n${await response.text()}` })
  })
}

/**
 * In the engine worker: the 4th slice its reader worker sends becomes the read error the reader sends when the
 * browser fails to read the file (workers/file-reading.ts; that mapping is unit-tested). The reader's own script
 * is started by the engine worker, and a route set on the page did not reach it in this test, so the fault goes in
 * where the engine receives the slices.
 */
const readFailsAfter3Slices = `{
  const desc = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage')
  Object.defineProperty(Worker.prototype, 'onmessage', {
    configurable: true,
    get() { return desc.get.call(this) },
    set(handler) {
      let slices = 0
      desc.set.call(this, handler && ((event) => {
        if (event.data && event.data.kind === 'slice' && ++slices > 3) {
          return handler({ data: { kind: 'error', name: 'NotReadableError', message: 'The file could not be read (injected fault).' } })
        }
        return handler(event)
      }))
    },
  })
}`

/** In the engine worker: after parsing 3 slices (3 acknowledgements to its reader), the worker dies. */
const engineDiesAfter3Slices = `{
  let acks = 0
  const post = Worker.prototype.postMessage
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.kind === 'ack' && ++acks > 3) { setTimeout(() => { throw new Error('injected worker crash') }); return }
    return post.call(this, message, ...rest)
  }
}`

for (const [what, fault, code, queryable] of [
  ['throws', readFailsAfter3Slices, 'read-failed', true],
  ['dies', engineDiesAfter3Slices, 'worker-crashed', false],
] as const) {
  test(`a worker that ${what} mid-file: a clear message, the partial results kept, and the app still reads files`, async ({ app, page }, testInfo) => {
    const big = testInfo.outputPath('big.pcap')
    const total = writeBigPcap(big, 40 * 1024 * 1024)
    await faultyWorker(page, fault)
    await app.open()
    await app.pick(big)
    expect(await app.state).toBe('error')
    const error = app.summary('error-message')
    await expect(error).toHaveAttribute('data-code', code)
    await expect(error).toContainText('big.pcap')
    await expect(error).toContainText('What was read before the failure is shown, marked as partial.')
    // What was read before the fault is still shown, marked as partial: 3 slices of 4 MiB at most.
    await expect(app.summary('summary')).toHaveAttribute('data-partial', 'true')
    await expect(app.summary('summary-file-name')).toHaveText('big.pcap')
    const partial = await app.summaryNumber('summary-packets')
    expect(partial).toBeGreaterThan(0)
    expect(partial).toBeLessThan(total)
    if (queryable) {
      // A worker that threw is still alive and kept the analysis: the views answer from it.
      await app.showView('time-series')
      await expect(page.getByTestId('view').locator('figure.chart svg').first()).toBeVisible()
      await expect(page.getByTestId('query-error')).toHaveCount(0)
    } else {
      // A dead worker took its tables with it: the summary stays, the views (which would only fail) go.
      await expect(page.getByRole('navigation', { name: 'Views' })).toHaveCount(0)
    }
    // Nothing partial is saved as a session.
    await expect(page.getByTestId('save-status')).toHaveCount(0)

    await page.unroute('**/engine.worker*.js')
    const small = testInfo.outputPath('small.pcap')
    const packets = writeBigPcap(small, 20_000)
    await app.pick(small)
    expect(await app.state).toBe('done')
    await app.showView('overview')
    expect(await app.summaryNumber('summary-packets')).toBe(packets)
    await expect(app.summary('summary')).toHaveAttribute('data-partial', 'false')
    await app.savedSessionId()
  })
}

test('a file above the 2 GiB limit gets a clear message before anything is read', async ({ app, page }, testInfo) => {
  const huge = testInfo.outputPath('huge.pcap')
  // A sparse file: 2 GiB + 1 MiB long on disk without taking the space; only its size matters here.
  const fd = openSync(huge, 'w')
  try {
    ftruncateSync(fd, 2 * 1024 ** 3 + 1024 ** 2)
  } finally {
    closeSync(fd)
  }
  await app.open()
  const started = Date.now()
  await app.pick(huge)
  expect(Date.now() - started).toBeLessThan(5_000)
  expect(await app.state).toBe('error')
  const error = app.summary('error-message')
  await expect(error).toHaveAttribute('data-code', 'too-large')
  await expect(error).toContainText('2 GiB')
  // Still usable.
  const small = testInfo.outputPath('small.pcap')
  const packets = writeBigPcap(small, 20_000)
  await app.pick(small)
  expect(await app.summaryNumber('summary-packets')).toBe(packets)
  void page
})
