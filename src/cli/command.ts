/** What every CLI command implements, and the output streams it writes to (replaceable in tests). */

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
