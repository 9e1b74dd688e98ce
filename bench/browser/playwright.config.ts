import { defineConfig } from '@playwright/test'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import base from '../../playwright.config.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/**
 * Browser benchmarks: the e2e setup (built app, system Chromium) with its own folder and longer time limits.
 * The preview server runs from the repository root (Playwright would start it in this folder, where there is
 * no build to serve).
 */
export default defineConfig({
  ...base,
  testDir: '.',
  outputDir: '../../test-results/bench-browser',
  timeout: 600_000,
  reporter: [['list']],
  webServer: base.webServer && !Array.isArray(base.webServer) ? { ...base.webServer, cwd: root } : base.webServer,
})
