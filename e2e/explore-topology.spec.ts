/**
 * The topology on the built-in sample (one laptop, a home gateway that also answers DNS, remote web servers
 * behind it): every host is drawn, roles are inferred, zoom and drag work, and clicking a host (or pressing
 * Enter on it) shows its details with the numbers the endpoints table gives.
 */
import { expect, test } from './fixtures/test.ts'

test.beforeEach(async ({ app }) => {
  await app.open('?sample=web-mix.pcapng')
  await expect(app.summary('summary-file-name')).toHaveText('web-mix.pcapng')
  await app.showView('topology')
})

test('draws every host, with roles, and a click shows the host details', async ({ page }) => {
  const summary = page.getByTestId('topology-summary')
  await expect(summary).toHaveText(/^\d+ hosts/)
  const hosts = Number(/^(\d+)/.exec((await summary.textContent()) ?? '')?.[1])
  const nodes = page.getByTestId('topology-svg').locator('g.node')
  await expect(nodes).toHaveCount(hosts)
  await expect(page.getByTestId('topology-legend')).toContainText('gateway')
  const gateway = nodes.filter({ has: page.locator('title', { hasText: /^192\.168\.1\.1 \(gateway/ }) })
  await expect(gateway).toHaveCount(1)
  await gateway.click()
  const details = page.getByTestId('host-details')
  await expect(page.getByTestId('host-address')).toHaveText('192.168.1.1')
  await expect(page.getByTestId('host-role')).toHaveText('gateway')
  await expect(details).toContainText('Services it offers')
  await expect(details.getByTestId('host-peers')).toContainText('192.168.1.23')
  await expect(details.getByTestId('host-throughput').locator('svg')).toHaveAttribute('aria-label', /Throughput of 192\.168\.1\.1/)
  await expect(gateway).toHaveAttribute('data-highlighted', 'true')
})

test('keyboard: Tab reaches a host and Enter opens it', async ({ page }) => {
  const laptop = page.getByTestId('topology-svg').locator('g.node').filter({ has: page.locator('title', { hasText: /^192\.168\.1\.23 \(client/ }) })
  await laptop.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('host-address')).toHaveText('192.168.1.23')
  await expect(page.getByTestId('host-role')).toHaveText('client')
  // The laptop fetched everything: it received far more than it sent.
  const sent = (await page.getByTestId('host-bytes-out').textContent()) ?? ''
  expect(sent).toMatch(/KiB|B in/)
})

test('zoom and drag move the picture', async ({ page }) => {
  const svg = page.getByTestId('topology-svg')
  const viewport = svg.locator('g.viewport')
  await svg.scrollIntoViewIfNeeded()
  // The chart is drawn after an off-thread layout, and drawn again from scratch when its width changes (a
  // scroll bar appearing), which fits the view back: act only on the chart that is on screen and settled, and
  // wheel again if a redraw replaced the one the first wheel reached.
  await expect(page.getByTestId('topology')).toHaveAttribute('data-drawn', 'true')
  await expect(viewport).toHaveAttribute('transform', /scale/)
  // Compared with the fitted view, not with the view before each wheel: on a busy machine a wheel can take
  // effect after its check, and wheeling on from there would end at the zoom's limit, where nothing changes.
  // The scale, not the whole transform: a redraw for a new width fits the view again with another translation.
  const scaleOf = (t: string | null): number => Number(/scale\(([\d.e+-]+)\)/.exec(t ?? '')?.[1] ?? NaN)
  const fitted = scaleOf(await viewport.getAttribute('transform'))
  await expect(async () => {
    const box = await svg.boundingBox()
    if (!box) throw new Error('no topology on screen')
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.wheel(0, -400)
    await expect.poll(async () => scaleOf(await viewport.getAttribute('transform')) / fitted, { timeout: 2000 }).toBeGreaterThan(1.3)
  }).toPass({ timeout: 15_000 })
  const node = svg.locator('g.node').first()
  await expect(async () => {
    const start = await node.getAttribute('transform')
    const nb = await node.boundingBox()
    if (!nb) throw new Error('no node on screen')
    await page.mouse.move(nb.x + nb.width / 2, nb.y + nb.height / 2)
    await page.mouse.down()
    await page.mouse.move(nb.x + nb.width / 2 + 60, nb.y + nb.height / 2 + 40, { steps: 8 })
    await page.mouse.up()
    await expect.poll(() => node.getAttribute('transform'), { timeout: 2000 }).not.toBe(start)
  }).toPass({ timeout: 15_000 })
})
