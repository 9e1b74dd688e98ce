/**
 * `nettwin analyze FILE [--json]`: reads a capture or a traffic table with the same engine as the web app
 * (analyzeFile decides which from the content) and prints its summary, as JSON (one object: the CaptureSummary
 * or the TableSummary, whose `format` is 'table') or as aligned text for people.
 */
import { parseArgs } from 'node:util'
import { analyzeFile, type FileAnalysis } from '../analysis/analyze-file.ts'
import { dialects, type TableDialectId } from '../formats/tables/index.ts'
import { FormatError } from '../formats/format.ts'
import { escapeDisplay } from '../lib/escape.ts'
import { ExitCode, type Command, type CommandIo } from './command.ts'
import { formatSummary } from './format-summary.ts'
import { formatTableSummary } from './format-table-summary.ts'
import { NodeFileSource, NotAFileError } from './node-file-source.ts'
import { openCapture } from '../formats/registry.ts'
import { analyzeFileThreaded } from './threaded-analysis.ts'
import { type FlowModeName, parseFlowMode } from '../flows/flow-modes.ts'

const DIALECT_IDS: readonly string[] = dialects.map((d) => d.id)

const HELP = `Usage: nettwin analyze FILE [--json] [--flow-mode wireshark|zeek|cicflowmeter] [--dialect NAME]

Reads a pcap or pcapng capture (optionally gzip-compressed) and prints its summary:
packets, bytes, time span, link types, protocols, IP conversations, anomalies.
A traffic table (CSV, TSV or JSON lines: NSL-KDD, CIC-IDS2017, UNSW-NB15, Zeek, Argus,
Suricata eve.json, Wireshark CSV export) is recognised from its content and summarised:
records, rejected rows with their reasons, label classes, protocols, services, top talkers.

Options:
  --json      print one JSON object (the CaptureSummary) instead of text
  --timing    also print the time spent reading and decoding to stderr (excludes start-up)
  --flow-mode MODE  flow semantics: zeek (default: Zeek connections), wireshark (conversations, no
              timeout), cicflowmeter (120 s flow timeout, first FIN ends a flow)
  --dialect NAME  read FILE as a table of this dialect instead of detecting it:
              ${DIALECT_IDS.join(', ')}
  --threads N  1 (default) or 2: with 2, a capture is read and decoded in a second thread while
              this one counts flows and statistics (same results, less time on a multi-core machine)
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

export async function summarizeFile(
  path: string,
  flowMode: FlowModeName = 'zeek',
  dialect?: TableDialectId,
  threads = 1,
): Promise<{ analysis: FileAnalysis; fileBytes: number }> {
  const source = await NodeFileSource.open(path)
  if (threads > 1 && dialect === undefined && (await isCaptureFile(source))) {
    const { summary } = await analyzeFileThreaded(path, { flowMode })
    return { analysis: { kind: 'capture', summary }, fileBytes: source.size }
  }
  return { analysis: await analyzeFile(source, { flowMode, dialect }), fileBytes: source.size }
}

/** True when a capture reader takes the file (as analyzeFile decides); its other FormatErrors are the capture path's to report. */
async function isCaptureFile(source: NodeFileSource): Promise<boolean> {
  try {
    await openCapture(source)
    return true
  } catch (e) {
    if (e instanceof FormatError) return e.code !== 'not-recognised'
    throw e
  }
}

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'summarise a capture or a traffic table (packets or records, protocols, labels, anomalies)',
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
          dialect: { type: 'string' },
          threads: { type: 'string', default: '1' },
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
    const dialectName = parsed.values.dialect
    if (dialectName !== undefined && !DIALECT_IDS.includes(dialectName)) {
      io.err(`nettwin analyze: unknown --dialect '${escapeDisplay(dialectName)}' (one of: ${DIALECT_IDS.join(', ')})\n`)
      return ExitCode.Usage
    }
    const dialect = dialectName as TableDialectId | undefined
    const threads = Number(parsed.values.threads)
    if (threads !== 1 && threads !== 2) {
      io.err(`nettwin analyze: --threads takes 1 or 2\n${HELP}`)
      return ExitCode.Usage
    }
    const path = parsed.positionals[0]
    let result: Awaited<ReturnType<typeof summarizeFile>>
    const started = performance.now()
    try {
      result = await summarizeFile(path, flowMode, dialect, threads)
    } catch (e) {
      const name = path.split(/[\\/]/).pop() ?? path
      const reason = describeInputError(e, name)
      if (reason === null) throw e
      io.err(`nettwin: ${escapeDisplay(path)}: ${escapeDisplay(reason, 400)}\n`)
      return ExitCode.BadInput
    }
    const { analysis, fileBytes } = result
    const seconds = (performance.now() - started) / 1000
    if (analysis.kind === 'table') {
      if (parsed.values.timing) io.err(`${timingLine(fileBytes, analysis.summary.records, seconds).replace('packets/s', 'records/s')}\n`)
      io.out(parsed.values.json ? `${JSON.stringify(analysis.summary, null, 2)}\n` : formatTableSummary(analysis.summary, path))
      return ExitCode.Ok
    }
    const summary = analysis.summary
    if (parsed.values.timing) io.err(`${timingLine(fileBytes, summary.packets, seconds)}\n`)
    io.out(parsed.values.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary, path))
    return ExitCode.Ok
  },
}
