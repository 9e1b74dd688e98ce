import { defineConfig } from '@playwright/test'
import base from '../../playwright.config.ts'

/** Browser benchmarks: the e2e setup (built app, system Chromium) with its own folder and longer time limits. */
export default defineConfig({
  ...base,
  testDir: '.',
  outputDir: '../../test-results/bench-browser',
  timeout: 600_000,
  reporter: [['list']],
})
