import { defineConfig } from 'vitest/config'

// Two projects: fast unit tests beside the code, and the corpus conformance suite that reads ../shared/corpus.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'conformance', include: ['conformance/**/*.test.ts'], environment: 'node', testTimeout: 600_000, hookTimeout: 600_000 } },
    ],
  },
})
