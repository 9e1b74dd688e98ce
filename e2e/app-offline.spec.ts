/**
 * Static hosting: after one visit the service worker has cached the app, so with the network gone the page
 * still loads, opens its saved session and analyses a new file; and the built app works the same served from a
 * sub-folder of a host (a small static server mounts dist/ under /sub/path/).
 */
import { writeBigPcap } from './fixtures/big-capture.ts'
import { serveDist, type StaticServer } from './fixtures/static-server.ts'
import { expect, test as base } from './fixtures/test.ts'
import type { Page } from '@playwright/test'

/** Waits until the service worker controls the page (after the first visit's install and one reload). */
async function controlledBySw(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  await page.reload()
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
}

base('offline after the first visit: the app loads, reopens its session and analyses a file', async ({ app, page, context }, testInfo) => {
  const file = testInfo.outputPath('small.pcap')
  const packets = writeBigPcap(file, 50_000)
  await app.open()
  await app.pick(file)
  const id = await app.savedSessionId()
  await controlledBySw(page)
  await app.ready()

  await context.setOffline(true)
  await page.reload()
  await app.ready()
  await expect(page).toHaveURL(new RegExp(`session=${id}`))
  expect(await app.summaryNumber('summary-packets')).toBe(packets)

  const again = testInfo.outputPath('another.pcap')
  const more = writeBigPcap(again, 80_000)
  await app.pick(again)
  expect(await app.state).toBe('done')
  expect(await app.summaryNumber('summary-packets')).toBe(more)
  await context.setOffline(false)
})

const test = base.extend<object, { server: StaticServer }>({
  server: [
    async ({}, use) => {
      const server = await serveDist('/sub/path/')
      await use(server)
      await server.close()
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => {
    await use(server.url)
  },
})

test('served from /sub/path/, the app opens the sample, analyses a file and saves it', async ({ app, page, server }, testInfo) => {
  await app.open('?sample=web-mix.pcapng')
  await expect(page).toHaveURL(new RegExp(`^${server.url.replace(/[.?]/g, '\\$&')}`))
  await expect(app.summary('summary-file-name')).toHaveText('web-mix.pcapng')
  const file = testInfo.outputPath('sub.pcap')
  const packets = writeBigPcap(file, 30_000)
  await app.pick(file)
  expect(await app.summaryNumber('summary-packets')).toBe(packets)
  const id = await app.savedSessionId()
  await page.reload()
  await app.ready()
  await expect(page).toHaveURL(new RegExp(`/sub/path/\\?session=${id}`))
  expect(await app.summaryNumber('summary-packets')).toBe(packets)
  const manifest = await page.evaluate(async () => (await fetch('manifest.webmanifest')).json())
  expect(manifest.file_handlers[0].accept).toMatchObject({ 'application/x-pcapng': ['.pcapng'] })
})
