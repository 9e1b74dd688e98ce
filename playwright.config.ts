import { defineConfig } from '@playwright/test'

/**
 * End-to-end tests against the built app served by `vite preview` (npm run test:e2e builds first).
 * The browser is the system Chromium: Playwright's own browser download is not available on every machine we
 * run on, and the system one is what CI installs with apt. NETTWIN_CHROMIUM overrides its path.
 */
// Several builds can be tested side by side: NETTWIN_E2E_DIST names the build folder, NETTWIN_E2E_PORT its port.
const PORT = Number(process.env.NETTWIN_E2E_PORT ?? 4173)
const DIST = process.env.NETTWIN_E2E_DIST ?? 'dist'

export default defineConfig({
  testDir: 'e2e',
  outputDir: `test-results/e2e-${PORT}`,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: `test-results/e2e-report-${PORT}` }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.NETTWIN_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `npx vite preview --outDir ${DIST} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    // Always serve the build just made: a server left running could be serving an older dist/.
    reuseExistingServer: false,
    timeout: 60_000,
  },
})
