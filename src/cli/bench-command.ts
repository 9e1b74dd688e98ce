/**
 * `nettwin bench`: the throughput and memory benchmark (bench/run.ts). It is a development tool, so its code
 * lives in bench/ and is loaded only when this command runs.
 */
import type { Command } from './command.ts'

/** Defined (true) only in the bundled command line (scripts/build-cli.mjs). */
declare const NETTWIN_CLI_BUNDLE: boolean | undefined

type BenchModule = typeof import('../../bench/run.ts')

/**
 * The benchmark's module. The bundle in dist-cli/ holds the command line, not the benchmark: bench/ finds its
 * captures and scripts next to its own files and starts tsx processes of its own, so it always runs from the
 * sources, compiled by tsx (its address is built at run time so that the bundler leaves it out).
 */
async function loadBench(): Promise<BenchModule> {
  if (typeof NETTWIN_CLI_BUNDLE === 'undefined') return import('../../bench/run.ts')
  const { register } = await import('tsx/esm/api')
  register()
  const source = new URL(['..', 'bench', 'run.ts'].join('/'), import.meta.url)
  return (await import(source.href)) as BenchModule
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'measure reading speed and memory on synthetic 100 MB and 1 GB captures (vs tshark)',
  async run(args, io) {
    const { runBench } = await loadBench()
    return runBench(args, io)
  },
}
