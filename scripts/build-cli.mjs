// Bundles the command line into dist-cli/ (run by `npm ci`/`npm install` through the prepare script, and before
// `npm run bench`). bin/nettwin.mjs runs the bundle while it is newer than every file under src/, and otherwise
// compiles the TypeScript sources on the fly with tsx as before. Why: tsx's loader runs in a thread of its own
// and compiles ~300 modules at every start, about 0.6 s of CPU and 35-60 MB of memory before any data is read.
import { build } from 'esbuild'
import { readFile, utimes } from 'node:fs/promises'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Writes nettwin.mjs and decode-worker.mjs (with source maps) into `outdir` (relative to the repository root). */
export async function buildCli(outdir = 'dist-cli') {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'))
  await build({
    absWorkingDir: root,
    // The main thread, and the decoding thread of `--threads 2` (src/cli/threaded-analysis.ts picks it when bundled).
    entryPoints: { nettwin: 'src/cli/main.ts', 'decode-worker': 'src/cli/decode-worker.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    // tsx stays a package of its own: `nettwin bench` registers it to run bench/ from the sources.
    external: ['tsx', 'tsx/*'],
    define: { NETTWIN_CLI_BUNDLE: 'true', NETTWIN_VERSION: JSON.stringify(String(pkg.version ?? 'unknown')) },
    logLevel: 'warning',
  })
  // Stamped now even when the output did not change (an edit to a comment): bin/nettwin.mjs trusts the bundle
  // only while it is newer than every source file.
  const now = new Date()
  for (const name of ['nettwin.mjs', 'decode-worker.mjs']) await utimes(resolve(root, outdir, name), now, now)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildCli()
