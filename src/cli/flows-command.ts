/**
 * `nettwin flows FILE [--csv] [--flow-mode M]`: the flow table of a capture, one row per flow, with Zeek
 * conn.log column names (src/flows/flow-csv.ts). Rows are written in pages so a capture with millions of
 * flows never builds one giant string.
 */
import { CaptureAnalysis } from '../analysis/capture-analysis.ts'
import { analyzeCapture } from '../analysis/capture-summary.ts'
import { FLOW_CSV_COLUMNS, flowCsvRow } from '../flows/flow-csv.ts'
import { parseFlowMode } from '../flows/flow-modes.ts'
import { csvCell } from '../lib/csv-export.ts'
import { escapeDisplay } from '../lib/escape.ts'
import { describeInputError } from './analyze-command.ts'
import { ExitCode, parseCommandArgs, type Command, type CommandIo } from './command.ts'
import { NodeFileSource } from './node-file-source.ts'

const HELP = `Usage: nettwin flows FILE [--csv] [--flow-mode wireshark|zeek|cicflowmeter]

Writes the flow table of a capture to stdout, one row per flow, with Zeek conn.log column names.

Options:
  --csv                 CSV (the default and, for now, the only output)
  --flow-mode MODE      flow semantics: zeek (default), wireshark (conversations, no timeout), cicflowmeter
  -h, --help            show this help
`

const PAGE = 10_000

export const flowsCommand: Command = {
  name: 'flows',
  summary: 'write the flow table of a capture as CSV (Zeek conn.log column names)',
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const parsed = parseCommandArgs('flows', HELP, args, {
      csv: { type: 'boolean', default: true },
      'flow-mode': { type: 'string' },
    }, true, io)
    if (typeof parsed === 'number') return parsed
    const mode = parseFlowMode(parsed.values['flow-mode'])
    if (parsed.positionals.length !== 1 || mode === null) {
      io.err(`nettwin flows: expected one FILE and a known --flow-mode\n${HELP}`)
      return ExitCode.Usage
    }
    const path = parsed.positionals[0]
    const analysis = new CaptureAnalysis({ flowMode: mode })
    try {
      await analyzeCapture(await NodeFileSource.open(path), { analysis })
    } catch (e) {
      const reason = describeInputError(e, path.split(/[\\/]/).pop() ?? path)
      if (reason === null) throw e
      io.err(`nettwin: ${escapeDisplay(path)}: ${escapeDisplay(reason, 400)}\n`)
      return ExitCode.BadInput
    }
    io.out(`${FLOW_CSV_COLUMNS.join(',')}\r\n`)
    const total = analysis.flows.count
    for (let offset = 0; offset < total; offset += PAGE) {
      const rows = analysis.flows.toRecords(analysis.ctx, { offset, limit: PAGE })
      io.out(rows.map((r) => `${flowCsvRow(r).map(csvCell).join(',')}\r\n`).join(''))
    }
    return ExitCode.Ok
  },
}
