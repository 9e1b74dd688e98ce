#!/usr/bin/env node
// Entry point of the nettwin command line. The engine is TypeScript. `npm ci` bundles it into dist-cli/
// (scripts/build-cli.mjs), which starts in a fraction of the time and memory; while any file under src/ is newer
// than that bundle (sources edited since), tsx (a runtime dependency) compiles the sources on the fly instead.
import { readdirSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const bundle = new URL('../dist-cli/nettwin.mjs', import.meta.url)

/** Whether some file under `dir` was modified after `time` (ms). */
function changedSince(dir, time) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory() ? changedSince(path, time) : statSync(path).mtimeMs > time) return true
  }
  return false
}

function bundleIsCurrent() {
  try {
    return !changedSince(fileURLToPath(new URL('../src', import.meta.url)), statSync(bundle).mtimeMs)
  } catch {
    return false
  }
}

let main
if (bundleIsCurrent()) {
  process.setSourceMapsEnabled(true)
  ;({ main } = await import(bundle.href))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import('../src/cli/main.ts'))
}
process.exitCode = await main(process.argv.slice(2))
