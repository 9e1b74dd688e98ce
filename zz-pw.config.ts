import base from './playwright.config.ts'
import { defineConfig } from '@playwright/test'
export default defineConfig({
  ...base,
  outputDir: '/tmp/pw/results',
  reporter: [['list']],
  use: { ...base.use, baseURL: 'http://127.0.0.1:4391/' },
  webServer: { command: 'true', url: 'http://127.0.0.1:4391/', reuseExistingServer: true, timeout: 10_000 },
})
