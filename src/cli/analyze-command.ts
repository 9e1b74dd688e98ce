/**
 * `nettwin analyze FILE [--json]`: reads a capture or a traffic table with the same engine as the web app
 * (analyzeFile decides which from the content), runs the detectors over it (a baseline learned from its first
 * part, as the app does) and prints its summary, as JSON (one object: the CaptureSummary or the TableSummary,
 * whose `format` is 'table', plus `alerts`, `hostRisk` and `detection`) or as aligned text for people.
 */
import { analyzeFile, type FileAnalysis } from '../analysis/analyze-file.ts'
import { CaptureAnalysis } from '../analysis/capture-analysis.ts'
import { PacketTableFeed, retainedForDetection, withLabelScores } from '../analysis/table-summary.ts'
import { detectionReport, type DetectionReport } from '../detect/detection-report.ts'
import { detectAll } from '../detect/run-detectors.ts'
import { detectTable } from '../detect/table-detection.ts'
import { PacketTaps } from '../detect/taps/packet-taps.ts'
import type { FlowRecordBatch } from '../formats/tables/table-model.ts'
import { dialects, type TableDialectId } from '../formats/tables/index.ts'
import { FormatError } from '../formats/format.ts'
import { escapeDisplay } from '../lib/escape.ts'
import { ExitCode, parseCommandArgs, type Command, type CommandIo } from './command.ts'
import { formatSummary } from './format-summary.ts'
import { formatTableSummary } from './format-table-summary.ts'
import { NodeFileSource, NotAFileError } from './node-file-source.ts'
import { openCapture } from '../formats/registry.ts'
import { analyzeFileThreaded } from './threaded-analysis.ts'
import { type FlowModeName, parseFlowMode } from '../flows/flow-modes.ts'

const DIALECT_IDS: readonly string[] = dialects.map((d) => d.id)

const HELP = `Usage: nettwin analyze FILE [--json] [--flow-mode wireshark|zeek|cicflowmeter] [--dialect NAME] [--no-detect]

Reads a pcap or pcapng capture (optionally gzip-compressed) and prints its summary:
packets, bytes, time span, link types, protocols, IP conversations, anomalies.
A traffic table (CSV, TSV or JSON lines: NSL-KDD, CIC-IDS2017, UNSW-NB15, Zeek, Argus,
Suricata eve.json, Wireshark CSV export) is recognised from its content and summarised:
records, rejected rows with their reasons, label classes, protocols, services, top talkers.
A packet table (Wireshark CSV export, generic packet CSV) is analysed as a capture of its rows.
The detectors then run over the flows (baseline: the first 30% of the input) and the alerts and
host risk are added; a labelled table also gets the rows flagged per class and a confusion
matrix per detector.

Options:
  --json      print one JSON object (the summary with alerts, hostRisk, detection) instead of text
  --no-detect do not run the detectors (no alerts; the summary alone)
  --timing    also print the time spent reading and decoding to stderr (excludes start-up)
  --flow-mode MODE  flow semantics: zeek (default: Zeek connections), wireshark (conversations, no
              timeout), cicflowmeter (120 s flow timeout, first FIN ends a flow)
  --dialect NAME  read FILE as a table of this dialect instead of detecting it:
              ${DIALECT_IDS.join(', ')}
  --threads N  1 (default) or 2: with 2, a capture is read, decoded and assembled into flows in a
              second thread while this one counts statistics and runs the detectors (same results)
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

export interface SummarizedFile {
  readonly analysis: FileAnalysis
  readonly fileBytes: number
  /** Alerts, host risk and how they were found; null with detect = false. */
  readonly detection: DetectionReport | null
  /** Seconds spent on reading (and decoding, counting) and on detection, by the clock and in CPU time. */
  readonly readSeconds: number
  readonly detectSeconds: number
  readonly readCpuSeconds: number
  readonly detectCpuSeconds: number
}

/**
 * "nettwin: timing: read 1.234 s (cpu 1.100 s), detect 0.123 s (cpu 0.110 s): 10.0% of reading by cpu": the
 * detectors' share. CPU time as well as wall time: on a busy machine it is the steadier measure.
 */
export function detectTimingLine(f: Pick<SummarizedFile, 'readSeconds' | 'detectSeconds' | 'readCpuSeconds' | 'detectCpuSeconds'>): string {
  const share = f.readCpuSeconds > 0 ? `${((f.detectCpuSeconds / f.readCpuSeconds) * 100).toFixed(1)}%` : 'n/a'
  return `nettwin: timing: read ${f.readSeconds.toFixed(3)} s (cpu ${f.readCpuSeconds.toFixed(3)} s), detect ${f.detectSeconds.toFixed(3)} s (cpu ${f.detectCpuSeconds.toFixed(3)} s): ${share} of reading by cpu`
}

export async function summarizeFile(
  path: string,
  flowMode: FlowModeName = 'zeek',
  dialect?: TableDialectId,
  threads = 1,
  detect = true,
): Promise<SummarizedFile> {
  const started = performance.now()
  const cpu0 = process.cpuUsage()
  const source = await NodeFileSource.open(path)
  // The analysis is kept (and the packet taps fed batch by batch) so the detectors can run on it afterwards.
  const capture = new CaptureAnalysis({ flowMode })
  const taps = detect ? new PacketTaps() : null
  const onBatch = taps === null ? undefined : taps.consume.bind(taps)
  const tableFlows: FlowRecordBatch[] = []
  // A packet table's records go down the capture's packet path (flows, statistics, taps) as they are read.
  const packetTable = new PacketTableFeed(capture, onBatch)
  let analysis: FileAnalysis
  if (threads > 1 && dialect === undefined && (await isCaptureFile(source))) {
    const { summary } = await analyzeFileThreaded(path, { flowMode, analysis: capture, onBatch })
    analysis = { kind: 'capture', summary }
  } else {
    analysis = await analyzeFile(source, {
      flowMode, dialect, analysis: capture, onBatch,
      // The command line never shows a record's feature vector; only tables without addresses need them (the
      // record-feature rules), so rows with addresses skip reading about 80 numbers each.
      featureVectors: 'unaddressed',
      onFlows: detect ? (b) => void tableFlows.push(retainedForDetection(b)) : undefined,
      onPackets: (b) => packetTable.add(b),
    })
    if (analysis.kind === 'table' && packetTable.packets > 0) analysis = { kind: 'capture', summary: packetTable.summary(analysis.summary) }
  }
  const read = performance.now()
  const cpu1 = process.cpuUsage()
  let detection: DetectionReport | null = null
  if (detect && analysis.kind === 'capture') {
    detection = detectionReport(detectAll(capture, { taps, fileName: source.name }), 0)
  } else if (detect && analysis.kind === 'table') {
    const found = detectTable(tableFlows, { fileName: source.name })
    detection = found.report
    if (found.scores !== null) analysis = { kind: 'table', summary: withLabelScores(analysis.summary, found.scores) }
  }
  const done = performance.now()
  const cpu2 = process.cpuUsage()
  const cpuSeconds = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage): number => (b.user - a.user + b.system - a.system) / 1e6
  if (detection !== null) detection = { ...detection, detection: { ...detection.detection, milliseconds: Math.round((done - read) * 10) / 10 } }
  return {
    analysis, fileBytes: source.size, detection, readSeconds: (read - started) / 1000, detectSeconds: (done - read) / 1000,
    readCpuSeconds: cpuSeconds(cpu0, cpu1), detectCpuSeconds: cpuSeconds(cpu1, cpu2),
  }
}

/** The JSON object `analyze --json` prints: the summary's fields, then the detection's. */
export function analysisJson(file: SummarizedFile): string {
  const detection = file.detection ?? {}
  return `${JSON.stringify({ ...file.analysis.summary, ...detection }, null, 2)}\n`
}

/** The alerts in a few lines for people, after the summary. */
export function formatAlerts(report: DetectionReport, shown = 10): string {
  const d = report.detection
  if (d.skipped !== null) return `\nAlerts            not run: ${escapeDisplay(d.skipped, 200)}\n`
  const mode = d.mode === 'baseline' ? 'compared with a baseline' : 'self-contained (no usable baseline)'
  let out = `\nAlerts            ${report.alerts.length}${d.droppedAlerts > 0 ? ` (+${d.droppedAlerts} dropped)` : ''}, ${mode}\n`
  for (const a of report.alerts.slice(0, shown)) {
    out += `  ${a.severity.padEnd(8)} ${a.category.padEnd(20)} ${escapeDisplay(a.explanation, 300)}\n`
  }
  if (report.alerts.length > shown) out += `  ... ${report.alerts.length - shown} more (--json lists them all)\n`
  if (report.hostRisk.length > 0) out += `Host risk         ${report.hostRisk.slice(0, 5).map((h) => `${escapeDisplay(h.host, 64)} ${h.score}`).join(', ')}\n`
  return out
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
    const parsed = parseCommandArgs('analyze', HELP, args, {
      json: { type: 'boolean', default: false },
      timing: { type: 'boolean', default: false },
      'flow-mode': { type: 'string' },
      dialect: { type: 'string' },
      threads: { type: 'string', default: '1' },
      'no-detect': { type: 'boolean', default: false },
    }, true, io)
    if (typeof parsed === 'number') return parsed
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
    let result: SummarizedFile
    try {
      result = await summarizeFile(path, flowMode, dialect, threads, !parsed.values['no-detect'])
    } catch (e) {
      const name = path.split(/[\\/]/).pop() ?? path
      const reason = describeInputError(e, name)
      if (reason === null) throw e
      io.err(`nettwin: ${escapeDisplay(path)}: ${escapeDisplay(reason, 400)}\n`)
      return ExitCode.BadInput
    }
    const { analysis, fileBytes, detection } = result
    const seconds = result.readSeconds + result.detectSeconds
    if (parsed.values.timing) {
      const line = analysis.kind === 'table' ? timingLine(fileBytes, analysis.summary.records, seconds).replace('packets/s', 'records/s') : timingLine(fileBytes, analysis.summary.packets, seconds)
      io.err(`${line}\n`)
      if (detection !== null) io.err(`${detectTimingLine(result)}\n`)
    }
    if (parsed.values.json) {
      io.out(analysisJson(result))
      return ExitCode.Ok
    }
    const text = analysis.kind === 'table' ? formatTableSummary(analysis.summary, path) : formatSummary(analysis.summary, path)
    io.out(detection === null ? text : text + formatAlerts(detection))
    return ExitCode.Ok
  },
}
