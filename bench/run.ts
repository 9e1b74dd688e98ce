import type { CommandIo } from '../src/cli/command.ts'
export async function runBench(_args: readonly string[], io: CommandIo): Promise<number> {
  io.err('todo\n')
  return 1
}
