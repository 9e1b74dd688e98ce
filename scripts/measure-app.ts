/**
 * Measures the built app in headless Chromium (the numbers the closing note of issue 4 asks for): time from
 * handing a file to the page to the first partial view and to complete results, for ~100 MB and ~1 GB
 * captures, and the longest main-thread task while the file is read (PerformanceObserver 'longtask': tasks
 * over 50 ms; none seen means every task stayed under 50 ms). Needs `npm run build` first.
 * Run: npx tsx scripts/measure-app.ts [sizes in MB, default "100 1024"]
 * The captures are synthetic pcaps (Ethernet/IPv4 TCP and UDP between 2,000 hosts, 60-1,400 byte frames),
 * written to the system temp folder and deleted afterwards.
 */
import { chromium } from '@playwright/test'
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { serveDist } from '../e2e/fixtures/static-server.ts'

const CHUNK = 8192

/** A pcap of about `bytes` bytes; returns the number of packets. Deterministic (xorshift). */
function writeCapture(file: string, bytes: number): number {
  const fd = openSync(file, 'w')
  const header = Buffer.alloc(24)
  header.writeUInt32LE(0xa1b2c3d4, 0)
  header.writeUInt16LE(2, 4)
  header.writeUInt16LE(4, 6)
  header.writeUInt32LE(65535, 16)
  header.writeUInt32LE(1, 20)
  writeSync(fd, header)
  let seed = 0x12345678
  const rnd = (): number => {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    return (seed >>> 0) / 0x100000000
  }
  const buf = Buffer.alloc(CHUNK * (16 + 1400))
  let written = 24
  let packets = 0
  const t0 = 1_700_000_000
  while (written < bytes) {
    let at = 0
    for (let k = 0; k < CHUNK && written + at < bytes; k++) {
      const len = 60 + Math.floor(rnd() * rnd() * 1340)
      const micros = packets * 50
      buf.writeUInt32LE(t0 + Math.floor(micros / 1e6), at)
      buf.writeUInt32LE(micros % 1e6, at + 4)
      buf.writeUInt32LE(len, at + 8)
      buf.writeUInt32LE(len, at + 12)
      const f = at + 16
      buf.fill(0, f, f + len)
      buf.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0], f)
      const client = Math.floor(rnd() * 2000)
      const server = Math.floor(rnd() * 50)
      const tcp = rnd() < 0.8
      const toServer = rnd() < 0.5
      const src = toServer ? [10, 1, client >> 8, client & 255] : [10, 2, 0, server]
      const dst = toServer ? [10, 2, 0, server] : [10, 1, client >> 8, client & 255]
      buf.set([0x45, 0, (len - 14) >> 8, (len - 14) & 255, 0, 0, 0, 0, 64, tcp ? 6 : 17, 0, 0, ...src, ...dst], f + 14)
      const cport = 40000 + (client % 2000)
      const sport = tcp ? [443, 80, 22][server % 3] : 53
      buf.writeUInt16BE(toServer ? cport : sport, f + 34)
      buf.writeUInt16BE(toServer ? sport : cport, f + 36)
      if (tcp) {
        buf.writeUInt32BE(packets, f + 38)
        buf[f + 46] = 0x50
        buf[f + 47] = 0x18 // PSH ACK
      } else buf.writeUInt16BE(len - 34, f + 38)
      at += 16 + len
      packets++
    }
    writeSync(fd, buf, 0, at)
    written += at
  }
  closeSync(fd)
  return packets
}

async function measure(sizeMb: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nettwin-measure-'))
  const file = path.join(dir, `synthetic-${sizeMb}MB.pcap`)
  const packets = writeCapture(file, sizeMb * 1024 * 1024)
  const server = await serveDist('/')
  const browser = await chromium.launch({ executablePath: process.env.NETTWIN_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] })
  try {
    const page = await browser.newPage()
    await page.addInitScript(() => {
      localStorage.setItem('nettwin.preferences', JSON.stringify({ welcomed: true, autoSave: false }))
      const w = window as unknown as { __longTasks: { start: number; duration: number }[] }
      w.__longTasks = []
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration })
      }).observe({ type: 'longtask', buffered: true })
    })
    await page.goto(server.url)
    await page.waitForSelector('body[data-ready="true"]')
    const startedAt = await page.evaluate(() => performance.now())
    const t0 = Date.now()
    await page.getByTestId('file-input').setInputFiles(file)
    await page.getByTestId('partial-banner').waitFor({ timeout: 120_000 }).catch(() => undefined)
    const tPartial = Date.now() - t0
    await page.waitForSelector('body[data-finished="1"]', { timeout: 600_000 })
    const tDone = Date.now() - t0
    const endedAt = await page.evaluate(() => performance.now())
    const shown = Number((await page.getByTestId('summary-packets').textContent())?.replace(/\D/g, ''))
    const tasks = await page.evaluate(({ a, b }) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((t) => t.start >= a && t.start <= b), { a: startedAt, b: endedAt })
    const longest = tasks.reduce((m, t) => Math.max(m, t.duration), 0)
    console.log(JSON.stringify({ sizeMb, packets, shownPackets: shown, firstPartialViewMs: tPartial, completeMs: tDone, mbPerSecond: +(sizeMb / (tDone / 1000)).toFixed(1), longTasksOver50ms: tasks.length, longestTaskMs: Math.round(longest), longTasks: tasks.map((t) => `${Math.round(t.start - startedAt)}+${Math.round(t.duration)}`).join(' ') }))
  } finally {
    await browser.close()
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--write') {
  // Only write a capture (to time the engine outside the browser): --write <MB> <file>
  console.log(writeCapture(process.argv[4] ?? 'synthetic.pcap', Number(process.argv[3]) * 1024 * 1024), 'packets')
} else {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0)
  for (const size of sizes.length > 0 ? sizes : [100, 1024]) await measure(size)
}
