/**
 * `nettwin simulate`: writes a twin's synthetic normal traffic as pcap or pcapng (optionally with attack
 * scenarios injected and labels written), then reads the file back through the normal analysis and, when the
 * twin was learned from a capture, prints how faithful it is (src/twin/fidelity.ts).
 */
import { closeSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { CaptureAnalysis } from '../analysis/capture-analysis.ts'
import { analyzeCapture } from '../analysis/capture-summary.ts'
import { flowSourceOf } from '../baseline/flow-source.ts'
import { escapeDisplay } from '../lib/escape.ts'
import { PcapFrameSink, PcapngFrameSink, type ClosableFrameSink } from '../twin/craft/index.ts'
import { compareFidelity, FIDELITY_TARGETS, flowMeasures, type FidelityReport } from '../twin/fidelity.ts'
import { generateTwin } from '../twin/generate/generate-twin.ts'
import { injectScenarios } from '../twin/inject/inject-scenarios.ts'
import { LABELS_HEADER, labelsCsv } from '../twin/labels/labels-csv.ts'
import { twinModelToJSON } from '../twin/model/twin-json.ts'
import { parseScenarioSet } from '../twin/scenarios/schema.ts'
import { ExitCode, parseCommandArgs, type Command, type CommandIo } from './command.ts'
import { modelFromCapture, modelFromJsonFile } from './simulate-command-model.ts'
import { NodeFileSource } from './node-file-source.ts'

const HELP = `Usage: nettwin simulate (--from CAPTURE | --baseline FILE.json) --out FILE.pcap|FILE.pcapng
                        [--duration SECONDS] [--seed N] [--scenario SCENARIO.json] [--labels FILE.csv]
                        [--model-out TWIN.json] [--nano] [--no-fidelity]

Generates the synthetic normal traffic of a twin and writes it as a capture.

Options:
  --from CAPTURE        learn the twin from a capture (fidelity is then measured against it)
  --baseline FILE       a saved twin model, a baseline, or a JSON document with a "baseline" member
  --out FILE            output capture; .pcapng writes pcapng, anything else pcap
  --duration SECONDS    how long flows keep starting (default: as long as in the source)
  --seed N              random seed (default 1): the same seed gives the same bytes
  --scenario FILE       inject the attack scenarios of this JSON file into the traffic
  --labels FILE         write per-packet labels as CSV (with --scenario; otherwise the header only)
  --model-out FILE      also save the twin model as JSON
  --nano                nanosecond timestamps
  --no-fidelity         skip reading the output back and measuring fidelity
  -h, --help            show this help
`

function fail(io: CommandIo, message: string, code: number = ExitCode.Usage): number {
  io.err(`nettwin simulate: ${message}\n`)
  return code
}

/** A sink writing to a file descriptor synchronously (chunks are reused, see PcapSinkOptions.reuseChunks). */
function fileSink(path: string, pcapng: boolean, nano: boolean): { sink: ClosableFrameSink; fd: number } {
  const fd = openSync(path, 'w')
  const write = (chunk: Uint8Array): void => {
    let done = 0
    while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done)
  }
  const sink = pcapng ? new PcapngFrameSink(write, { nano, reuseChunks: true }) : new PcapFrameSink(write, { nano, reuseChunks: true })
  return { sink, fd }
}

function formatFidelity(f: FidelityReport): string {
  const mark = (v: number, target: number): string => `${v.toFixed(4)} ${v <= target ? 'ok' : 'over'}`
  return [
    `Fidelity           (targets: JSD <= ${FIDELITY_TARGETS.jsd}, normalised EMD <= ${FIDELITY_TARGETS.emd})`,
    `  protocol mix JSD ${mark(f.protocolJsd, FIDELITY_TARGETS.jsd)}`,
    `  port mix JSD     ${mark(f.portJsd, FIDELITY_TARGETS.jsd)}`,
    `  flow size EMD    ${mark(f.sizeEmd, FIDELITY_TARGETS.emd)}`,
    `  duration EMD     ${mark(f.durationEmd, FIDELITY_TARGETS.emd)}`,
    `  inter-arrival    ${mark(f.interArrivalEmd, FIDELITY_TARGETS.emd)}`,
    `  flows            source ${f.source.flows}, twin ${f.twin.flows}; packets source ${f.source.packets}, twin ${f.twin.packets}`,
    '',
  ].join('\n')
}

export const simulateCommand: Command = {
  name: 'simulate',
  summary: "write a twin's synthetic traffic as pcap/pcapng, with optional scenarios and labels; prints fidelity",
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const parsed = parseCommandArgs('simulate', HELP, args, {
      from: { type: 'string' },
      baseline: { type: 'string' },
      out: { type: 'string' },
      duration: { type: 'string' },
      seed: { type: 'string', default: '1' },
      scenario: { type: 'string' },
      labels: { type: 'string' },
      'model-out': { type: 'string' },
      nano: { type: 'boolean', default: false },
      'no-fidelity': { type: 'boolean', default: false },
    }, false, io)
    if (typeof parsed === 'number') return parsed
    const v = parsed.values
    if ((v.from === undefined) === (v.baseline === undefined)) return fail(io, `give exactly one of --from and --baseline\n${HELP}`)
    if (v.out === undefined) return fail(io, `--out is required\n${HELP}`)
    const seed = Number(v.seed)
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) return fail(io, '--seed must be an integer in [0, 2^32)')
    const duration = v.duration === undefined ? undefined : Number(v.duration)
    if (duration !== undefined && !(duration > 0 && duration <= 7 * 86400)) return fail(io, '--duration must be a number of seconds in (0, 604800]')
    const loaded = v.from !== undefined ? await modelFromCapture(v.from) : await modelFromJsonFile(v.baseline ?? '')
    if (!loaded.ok) return fail(io, `${escapeDisplay(v.from ?? v.baseline ?? '')}: ${escapeDisplay(loaded.error, 400)}`, ExitCode.BadInput)
    const { model, source } = loaded
    if (model.services.length === 0) return fail(io, 'the model has no service the twin can generate (TCP, UDP, ICMP echo, ARP)', ExitCode.BadInput)
    let scenarios = null
    if (v.scenario !== undefined) {
      let text: string
      try {
        text = await readFile(v.scenario, 'utf8')
      } catch (e) {
        return fail(io, `${escapeDisplay(v.scenario)}: ${e instanceof Error ? e.message : String(e)}`, ExitCode.BadInput)
      }
      const r = parseScenarioSet(text)
      if (!r.ok) return fail(io, `${escapeDisplay(v.scenario)}: ${escapeDisplay(r.error, 400)}`, ExitCode.BadInput)
      scenarios = r.set
    }
    if (v['model-out'] !== undefined) writeFileSync(v['model-out'], twinModelToJSON(model))
    const pcapng = /\.pcapng$/i.test(v.out)
    // With scenarios, the twin goes to a side file first: injection reads it twice while writing the output.
    const twinPath = scenarios ? `${v.out}.twin.tmp` : v.out
    const { sink, fd } = fileSink(twinPath, pcapng, v.nano)
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    let report
    try {
      report = generateTwin(model, sink, { seed, durationSeconds: duration })
      sink.close()
    } finally {
      closeSync(fd)
    }
    const seconds = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(cpu0)
    const cpuSeconds = (cpu.user + cpu.system) / 1e6
    const rate = (s: number): number => Math.round(report.packets / Math.max(s, 1e-9))
    io.out(`Twin of           ${loaded.from}${model.source.fileName !== null ? ` ${escapeDisplay(model.source.fileName)}` : ''}\n`)
    io.out(`Generated         ${report.packets} packets, ${report.flows} flows, ${report.bytes} bytes in ${seconds.toFixed(2)} s (${rate(seconds)} packets/s; ${rate(cpuSeconds)} per CPU second)\n`)
    let injected: { packets: number } | null = null
    try {
      if (scenarios) {
        const out = openSync(v.out, 'w')
        try {
          const result = await injectScenarios({
            base: await NodeFileSource.open(twinPath),
            scenarios,
            format: pcapng ? 'pcapng' : 'pcap',
            write: (chunk) => {
              let done = 0
              while (done < chunk.length) done += writeSync(out, chunk, done, chunk.length - done)
            },
          })
          injected = { packets: result.injectedPackets }
          io.out(`Scenarios         ${result.scenarios.length}, ${result.injectedPackets} attack packets injected\n`)
          if (v.labels !== undefined) writeFileSync(v.labels, labelsCsv(result.labels, result.scenarios))
        } finally {
          closeSync(out)
        }
      } else if (v.labels !== undefined) {
        writeFileSync(v.labels, `${LABELS_HEADER.join(',')}\r\n`)
      }
      io.out(`Wrote             ${escapeDisplay(v.out)}\n`)
      if (v['no-fidelity']) return ExitCode.Ok
      // Read the files back through the normal analysis: each must hold exactly the packets written.
      if (injected !== null) {
        const all = await analyzeCapture(await NodeFileSource.open(v.out))
        const expected = report.packets + injected.packets
        io.out(`Read back         ${all.packets} packets with the scenarios${all.packets === expected ? ' (as written)' : ` (expected ${expected})`}\n`)
        if (all.packets !== expected) return fail(io, 'the output did not read back with the packets written', ExitCode.Internal)
      }
      // Fidelity is a property of the normal traffic, measured before any attack is added.
      const twin = new CaptureAnalysis({ flowMode: source?.flowMode })
      const summary = await analyzeCapture(await NodeFileSource.open(twinPath), { analysis: twin })
      io.out(`Read back         ${summary.packets} packets of normal traffic${summary.packets === report.packets ? ' (as written)' : ` (expected ${report.packets})`}\n`)
      if (summary.packets !== report.packets) return fail(io, 'the twin did not read back with the packets written', ExitCode.Internal)
      if (source === null) {
        io.out('Fidelity          needs --from CAPTURE (a saved model or baseline has no flows to compare with)\n')
        return ExitCode.Ok
      }
      io.out(formatFidelity(compareFidelity(flowMeasures(flowSourceOf(source)), flowMeasures(flowSourceOf(twin)))))
      return ExitCode.Ok
    } finally {
      if (scenarios) rmSync(twinPath, { force: true })
    }
  },
}
