/**
 * `nettwin bench`: the throughput and memory benchmark (bench/run.ts). It is a development tool, so its code
 * lives in bench/ and is loaded only when this command runs.
 */
import type { Command } from './command.ts'

export const benchCommand: Command = {
  name: 'bench',
  summary: 'measure reading speed and memory on synthetic 100 MB and 1 GB captures (vs tshark)',
  async run(args, io) {
    const { runBench } = await import('../../bench/run.ts')
    return runBench(args, io)
  },
}
