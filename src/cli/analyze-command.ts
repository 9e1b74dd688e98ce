/**
 * `nettwin analyze FILE [--json]`: reads a capture with the same engine as the web app (analyzeCapture) and
 * prints its summary, as JSON (one object: the CaptureSummary) or as aligned text for people.
 */
import { parseArgs } from 'node:util'
import { analyzeCapture, type CaptureSummary } from '../analysis/capture-summary.ts'
import { FormatError } from '../formats/format.ts'
import { escapeDisplay } from '../lib/escape.ts'
import { ExitCode, type Command, type CommandIo } from './command.ts'
import { formatSummary } from './format-summary.ts'
import { NodeFileSource, NotAFileError } from './node-file-source.ts'
import { type FlowModeName, parseFlowMode } from '../flows/flow-modes.ts'

const HELP = `Usage: nettwin analyze FILE [--json] [--flow-mode wireshark|zeek|cicflowmeter]

Reads a pcap or pcapng capture (optionally gzip-compressed) and prints its summary:
packets, bytes, time span, link types, protocols, IP conversations, anomalies.

Options:
  --json      print one JSON object (the CaptureSummary) instead of text
  --timing    also print the time spent reading and decoding to stderr (excludes start-up)
  --flow-mode MODE  flow semantics: zeek (default: Zeek connections), wireshark (conversations, no
              timeout), cicflowmeter (120 s flow timeout, first FIN ends a flow)
  -h, --help  show this help

Exit status: 0 when the file was read (even if it is truncated), 2 when it cannot be read.
`

/** Messages for the file-system errors a user can cause; anything else is reported by its own message. */
const FS_MESSAGES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'no such file (a parent is not a directory)',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
}

/** The one-line reason a file could not be read, or null when the error is a bug rather than bad input. */
export function describeInputError(e: unknown, fileName: string): string | null {
  if (e instanceof FormatError) {
    // Readers prefix the file name themselves; the CLI prints it once, in front.
    const prefix = `${fileName}: `
    return e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message
  }
  if (e instanceof NotAFileError) return e.message
  const code = typeof e === 'object' && e !== null ? (e as NodeJS.ErrnoException).code : undefined
  if (typeof code === 'string' && code in FS_MESSAGES) return FS_MESSAGES[code]
  if (typeof code === 'string' && e instanceof Error) return `${e.message}`
  return null
}

/** "nettwin: timing: 1.234 s, 812.3 MB/s, 1234567 packets/s" (file bytes, decimal MB). */
export function timingLine(fileBytes: number, packets: number, seconds: number): string {
  const rate = (n: number): string => (seconds > 0 ? (n / seconds).toFixed(1) : 'inf')
  return `nettwin: timing: ${seconds.toFixed(3)} s, ${rate(fileBytes / 1e6)} MB/s, ${rate(packets)} packets/s`
}

export async function summarizeFile(path: string, flowMode: FlowModeName = 'zeek'): Promise<{ summary: CaptureSummary; fileBytes: number }> {
  const source = await NodeFileSource.open(path)
  return { summary: await analyzeCapture(source, { flowMode }), fileBytes: source.size }
}

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'summarise a capture (packets, bytes, protocols, conversations, anomalies)',
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    let parsed
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: {
          json: { type: 'boolean', default: false },
          timing: { type: 'boolean', default: false },
          'flow-mode': { type: 'string' },
          help: { type: 'boolean', short: 'h', default: false },
        },
      })
    } catch (e) {
      io.err(`nettwin analyze: ${e instanceof Error ? e.message : String(e)}\n${HELP}`)
      return ExitCode.Usage
    }
    if (parsed.values.help) {
      io.out(HELP)
      return ExitCode.Ok
    }
    if (parsed.positionals.length !== 1) {
      io.err(`nettwin analyze: expected exactly one FILE, got ${parsed.positionals.length}\n${HELP}`)
      return ExitCode.Usage
    }
    const flowMode = parseFlowMode(parsed.values['flow-mode'])
    if (flowMode === null) {
      io.err(`nettwin analyze: unknown --flow-mode '${escapeDisplay(parsed.values['flow-mode'] ?? '')}'\n${HELP}`)
      return ExitCode.Usage
    }
    const path = parsed.positionals[0]
    let result: Awaited<ReturnType<typeof summarizeFile>>
    const started = performance.now()
    try {
      result = await summarizeFile(path, flowMode)
    } catch (e) {
      const name = path.split(/[\\/]/).pop() ?? path
      const reason = describeInputError(e, name)
      if (reason === null) throw e
      io.err(`nettwin: ${escapeDisplay(path)}: ${escapeDisplay(reason, 400)}\n`)
      return ExitCode.BadInput
    }
    const { summary, fileBytes } = result
    if (parsed.values.timing) io.err(`${timingLine(fileBytes, summary.packets, (performance.now() - started) / 1000)}\n`)
    io.out(parsed.values.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary, path))
    return ExitCode.Ok
  },
}
