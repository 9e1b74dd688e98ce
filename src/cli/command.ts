/** What every CLI command implements, and the output streams it writes to (replaceable in tests). */
import { parseArgs, type ParseArgsConfig } from 'node:util'

export const ExitCode = Object.freeze({ Ok: 0, Internal: 1, Usage: 2, BadInput: 2 })

export interface CommandIo {
  out(text: string): void
  err(text: string): void
  /** True when stdout is a terminal (progress and colour are only for people). */
  readonly interactive: boolean
}

export interface Command {
  readonly name: string
  /** One line for the command list. */
  readonly summary: string
  run(args: readonly string[], io: CommandIo): Promise<number>
}

export function nodeIo(): CommandIo {
  // A closed pipe (`nettwin analyze f | head`) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0)
    throw e
  })
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    interactive: process.stdout.isTTY === true,
  }
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>
const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const
type Parsed<O extends OptionsConfig, P extends boolean> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O & typeof HELP_OPTION; allowPositionals: P }>
>

/**
 * Parses a command's arguments with its options (every command also takes -h/--help): the parsed values, or
 * the exit code when there is nothing more to do: the help was printed (Ok) or the arguments were wrong (Usage,
 * with the reason and the help on stderr).
 */
export function parseCommandArgs<O extends OptionsConfig, P extends boolean>(
  command: string,
  help: string,
  args: readonly string[],
  options: O,
  allowPositionals: P,
  io: CommandIo,
): Parsed<O, P> | number {
  let parsed: Parsed<O, P>
  try {
    parsed = parseArgs({ args: [...args], options: { ...options, ...HELP_OPTION }, allowPositionals })
  } catch (e) {
    io.err(`nettwin ${command}: ${e instanceof Error ? e.message : String(e)}\n${help}`)
    return ExitCode.Usage
  }
  if ((parsed.values as { help?: boolean }).help === true) {
    io.out(help)
    return ExitCode.Ok
  }
  return parsed
}
