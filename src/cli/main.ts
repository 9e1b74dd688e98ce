/**
 * The nettwin command line: `nettwin <command> [options]`. Each command lives in its own file and returns an
 * exit code; this file only picks the command. Exit codes: 0 success, 1 internal error, 2 bad usage or an input
 * that cannot be read (the convention of grep and diff).
 */
import { analyzeCommand } from './analyze-command.ts'
import { benchCommand } from './bench-command.ts'
import { detectCommand } from './detect-command.ts'
import { flowsCommand } from './flows-command.ts'
import { scoreCommand } from './score-command.ts'
import { simulateCommand } from './simulate-command.ts'
import { ExitCode, type Command, type CommandIo, nodeIo } from './command.ts'

const COMMANDS: readonly Command[] = [analyzeCommand, flowsCommand, detectCommand, benchCommand, scoreCommand, simulateCommand]

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)
  return [
    'Usage: nettwin <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `nettwin <command> --help` for the options of a command.',
  ].join('\n')
}

/** Runs the command line and resolves with the process exit code. */
export async function main(argv: readonly string[], io: CommandIo = nodeIo()): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined) {
    io.err(`${usage()}\n`)
    return ExitCode.Usage
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(`${usage()}\n`)
    return ExitCode.Ok
  }
  if (name === '--version' || name === '-V') {
    io.out(`${await version()}\n`)
    return ExitCode.Ok
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    io.err(`nettwin: unknown command '${name}'\n${usage()}\n`)
    return ExitCode.Usage
  }
  try {
    return await command.run(rest, io)
  } catch (e) {
    // Commands report expected failures themselves; anything reaching here is a bug in nettwin.
    io.err(`nettwin: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    return ExitCode.Internal
  }
}

/** The package's version, written into the bundled command line by scripts/build-cli.mjs (undefined otherwise). */
declare const NETTWIN_VERSION: string | undefined

async function version(): Promise<string> {
  if (typeof NETTWIN_VERSION === 'string') return `nettwin ${NETTWIN_VERSION}`
  const { readFile } = await import('node:fs/promises')
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }
  return `nettwin ${pkg.version ?? 'unknown'}`
}
