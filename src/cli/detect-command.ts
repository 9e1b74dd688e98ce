/**
 * `nettwin detect FILE [--json]`: reads a capture with the same engine as the web app, learns a baseline from
 * its first part (or loads one with --baseline), runs the detectors and prints the alerts and host risk, as
 * JSON or as text for people. --save-baseline writes the baseline it used, for reuse against other files.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { CaptureAnalysis } from '../analysis/capture-analysis.ts'
import { analyzeCapture } from '../analysis/capture-summary.ts'
import { baselineToJSON, parseBaseline } from '../baseline/baseline-json.ts'
import type { Baseline } from '../baseline/types.ts'
import { detectAll } from '../detect/run-detectors.ts'
import { PacketTaps } from '../detect/taps/packet-taps.ts'
import { escapeDisplay } from '../lib/escape.ts'
import { describeInputError } from './analyze-command.ts'
import { ExitCode, parseCommandArgs, type Command, type CommandIo } from './command.ts'
import { NodeFileSource } from './node-file-source.ts'

const HELP = `Usage: nettwin detect FILE [--json] [--baseline FILE.json | --no-baseline] [--fraction F]
                      [--save-baseline FILE.json] [--payload] [--timing]

Runs nettwin's detectors over a capture and prints the alerts (most severe first) and the host risk.

Options:
  --json               print one JSON object { alerts, hostRisk, detectors, mode, baseline }
  --baseline FILE      compare with a saved baseline instead of learning one from this file
  --no-baseline        self-contained detection only
  --fraction F         learn the baseline from the first F of the capture (default 0.3)
  --save-baseline FILE write the baseline used to FILE (JSON)
  --payload            also run the opt-in payload indicators (reads HTTP request lines)
  --timing             print reading and detection times to stderr
  -h, --help           show this help
`

async function loadBaseline(path: string, io: CommandIo): Promise<Baseline | null | 'error'> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    io.err(`nettwin detect: cannot read ${escapeDisplay(path)}: ${e instanceof Error ? escapeDisplay(e.message, 200) : ''}\n`)
    return 'error'
  }
  const parsed = parseBaseline(text)
  if (!parsed.ok) {
    io.err(`nettwin detect: ${escapeDisplay(path)} is not a usable baseline: ${escapeDisplay(parsed.error, 300)}\n`)
    return 'error'
  }
  return parsed.baseline
}

export const detectCommand: Command = {
  name: 'detect',
  summary: 'run the detectors over a capture and print alerts and host risk',
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const parsed = parseCommandArgs('detect', HELP, args, {
      json: { type: 'boolean', default: false },
      baseline: { type: 'string' },
      'no-baseline': { type: 'boolean', default: false },
      fraction: { type: 'string' },
      'save-baseline': { type: 'string' },
      payload: { type: 'boolean', default: false },
      timing: { type: 'boolean', default: false },
    }, true, io)
    if (typeof parsed === 'number') return parsed
    const v = parsed.values
    const fraction = v.fraction === undefined ? 0.3 : Number(v.fraction)
    if (parsed.positionals.length !== 1 || !(fraction > 0 && fraction <= 1)) {
      io.err(`nettwin detect: expected one FILE (and a --fraction in (0, 1])\n${HELP}`)
      return ExitCode.Usage
    }
    let baseline: Baseline | null | 'auto' = v['no-baseline'] ? null : 'auto'
    if (v.baseline !== undefined) {
      const loaded = await loadBaseline(v.baseline, io)
      if (loaded === 'error') return ExitCode.BadInput
      baseline = loaded
    }
    const path = parsed.positionals[0]
    const name = path.split(/[\\/]/).pop() ?? path
    const analysis = new CaptureAnalysis()
    const taps = new PacketTaps()
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    try {
      await analyzeCapture(await NodeFileSource.open(path), { analysis, onBatch: (b, ctx) => taps.consume(b, ctx) })
    } catch (e) {
      const reason = describeInputError(e, name)
      if (reason === null) throw e
      io.err(`nettwin: ${escapeDisplay(path)}: ${escapeDisplay(reason, 400)}\n`)
      return ExitCode.BadInput
    }
    const t1 = performance.now()
    const c1 = process.cpuUsage()
    const result = detectAll(analysis, { baseline, period: { kind: 'fraction', fraction }, taps, fileName: name, enabled: v.payload ? { 'payload-indicator': true } : {} })
    const t2 = performance.now()
    const c2 = process.cpuUsage()
    if (v.timing) {
      // CPU time as well as wall time: on a busy machine it is the steadier measure of the detectors' cost.
      const cpu = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage): number => (b.user - a.user + b.system - a.system) / 1e6
      const readCpu = cpu(c0, c1)
      const detectCpu = cpu(c1, c2)
      io.err(`nettwin: timing: read ${((t1 - t0) / 1000).toFixed(3)} s (cpu ${readCpu.toFixed(3)} s), detect ${((t2 - t1) / 1000).toFixed(3)} s (cpu ${detectCpu.toFixed(3)} s): ${((detectCpu / readCpu) * 100).toFixed(1)}% of reading by cpu\n`)
    }
    if (v['save-baseline'] !== undefined && result.baseline !== null) await writeFile(v['save-baseline'], `${baselineToJSON(result.baseline, 1)}\n`)
    if (v.json) {
      const { baseline: used, ...rest } = result
      io.out(`${JSON.stringify({ ...rest, baseline: used === null ? null : { source: used.source, windowSeconds: used.windowSeconds, thin: used.thin } }, null, 2)}\n`)
      return ExitCode.Ok
    }
    io.out(`${result.alerts.length} alert(s), ${result.mode}${result.baseline?.thin ? ' (baseline too thin to use)' : ''}\n`)
    for (const a of result.alerts) {
      io.out(`${a.severity.padEnd(8)} ${a.category.padEnd(20)} ${a.confidence.toFixed(2)}  ${escapeDisplay(a.explanation, 400)}\n`)
    }
    if (result.hostRisk.length > 0) io.out(`\nHost risk: ${result.hostRisk.slice(0, 10).map((h) => `${h.host} ${h.score}`).join(', ')}\n`)
    return ExitCode.Ok
  },
}
