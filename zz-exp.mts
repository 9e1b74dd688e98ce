import { chromium } from '@playwright/test'
import { writeManyFlowsPcap } from './e2e/fixtures/explore-captures.ts'
const file = '/tmp/pw/flows-1m.pcap'
writeManyFlowsPcap(file, 1_000_000)
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] })
const page = await browser.newPage()
await page.goto('http://127.0.0.1:4391/')
await page.waitForSelector('body[data-ready="true"]')
const before = await page.locator('body').getAttribute('data-finished')
await page.getByTestId('file-input').setInputFiles(file)
await page.waitForFunction((b) => document.body.dataset.finished !== b, before, { timeout: 240000 })
await page.getByTestId('view-flows').click()
await page.waitForTimeout(2000)
for (const step of [400, 2000, 400, 2000]) {
  const r = await page.evaluate(async (step) => {
    const el = document.querySelector<HTMLElement>('[data-testid="flows-table-body"]')!
    const gaps: number[] = []
    let last = performance.now()
    const end = last + 3000
    while (performance.now() < end) {
      el.scrollTop += step
      await new Promise(requestAnimationFrame)
      const now = performance.now(); gaps.push(now - last); last = now
    }
    gaps.sort((a, b) => a - b)
    return { frames: gaps.length, p50: gaps[gaps.length >> 1], p90: gaps[Math.floor(gaps.length * 0.9)], max: gaps[gaps.length - 1] }
  }, step)
  console.log(step, JSON.stringify(r))
}
await browser.close()
