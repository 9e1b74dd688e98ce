/**
 * `nettwin score`: injects attack scenarios into ordinary traffic (the twin of a capture or of a saved twin model
 * or baseline, or a real capture),
 * analyses and detects as `nettwin detect` does, and prints the scorecard (detected, time to detect,
 * precision, recall, false alarms per hour), optionally with an intensity sweep per scenario and a plain-words
 * summary for a class. With --kinds every kind runs alone against the same traffic (no attack hides another).
 */
import { readFile, writeFile } from 'node:fs/promises'
import type { ByteSource } from '../formats/format.ts'
import { escapeDisplay } from '../lib/escape.ts'
import { surveyTraffic } from '../twin/inject/inject-scenarios.ts'
import { labelsCsv } from '../twin/labels/labels-csv.ts'
import { SCENARIO_KIND_IDS, isScenarioKind } from '../twin/scenarios/kind-ids.ts'
import { checkScenarioSet, parseScenarioSet, type ScenarioSet } from '../twin/scenarios/schema.ts'
import { classroomSummary } from '../twin/score/classroom-summary.ts'
import { runScenarios, type ScoredRun } from '../twin/score/run-scenarios.ts'
import type { Scorecard } from '../twin/score/scorecard.ts'
import { scorecardText, sweepText } from '../twin/score/scorecard-text.ts'
import { sweepScenario, type SensitivityCurve } from '../twin/score/sweep.ts'
import { learnTwinOfCapture, twinTraffic } from '../twin/score/twin-traffic.ts'
import { describeInputError } from './analyze-command.ts'
import { ExitCode, parseCommandArgs, type Command, type CommandIo } from './command.ts'
import { NodeFileSource } from './node-file-source.ts'
import { modelFromJsonFile } from './simulate-command-model.ts'

const HELP = `Usage: nettwin score ((--from CAPTURE | --baseline FILE.json) [--duration S] | --into CAPTURE)
                     (--scenario SCENARIO.json | --kinds all|KIND,KIND...)
                     [--seed N] [--sweep] [--summary] [--json] [--out FILE.pcap|.pcapng] [--labels FILE.csv]

Injects attack scenarios into ordinary traffic, runs nettwin's detectors and prints the scorecard.

Traffic:
  --from CAPTURE       the twin of this capture: learned from it, then generated (--duration, default 3600 s)
  --baseline FILE      the twin of a saved twin model or baseline (JSON), generated the same way
  --into CAPTURE       the capture itself (attacks merged in by time)
Scenarios:
  --scenario FILE      a scenario file (JSON, version 1), run as one set
  --kinds LIST         each listed kind (or all) alone, with its defaults
Options:
  --seed N             seed of the twin and of --kinds scenarios (default 1)
  --sweep              also run each scenario at 1/32 .. 1 of its intensity: the weakest still caught
  --summary            print a plain-words summary for a class
  --json               print one JSON object { runs, sweeps, summary }
  --out FILE           write the traffic with the attacks (one run only: --scenario)
  --labels FILE        write the ground truth (attack packets and flows) as CSV (one run only)
  -h, --help           show this help

Kinds: ${SCENARIO_KIND_IDS.join(', ')}
`

interface Traffic {
  readonly source: ByteSource
  readonly label: string
}

async function trafficOf(v: { from?: string; into?: string; baseline?: string; duration?: string; seed: number }, io: CommandIo): Promise<Traffic | number> {
  const given = [v.from, v.into, v.baseline].filter((x) => x !== undefined)
  const path = given[0]
  if (path === undefined || given.length !== 1) {
    io.err(`nettwin score: give one of --from CAPTURE, --baseline FILE.json or --into CAPTURE\n${HELP}`)
    return ExitCode.Usage
  }
  const duration = v.duration === undefined ? 3600 : Number(v.duration)
  if (!(duration > 0 && duration <= 7 * 86400)) {
    io.err('nettwin score: --duration must be seconds in (0, 604800]\n')
    return ExitCode.Usage
  }
  const name = path.split(/[\\/]/).pop() ?? path
  if (v.baseline !== undefined) {
    const loaded = await modelFromJsonFile(v.baseline)
    if (!loaded.ok) {
      io.err(`nettwin score: ${escapeDisplay(v.baseline)}: ${escapeDisplay(loaded.error, 400)}\n`)
      return ExitCode.BadInput
    }
    const twin = twinTraffic(loaded.model, duration, v.seed)
    return { source: twin.source, label: `twin of ${name} (${duration} s, ${twin.report.packets} packets, seed ${v.seed})` }
  }
  try {
    const capture = await NodeFileSource.open(path)
    if (v.into !== undefined) return { source: capture, label: `capture ${name}` }
    const model = await learnTwinOfCapture(capture)
    const twin = twinTraffic(model, duration, v.seed)
    return { source: twin.source, label: `twin of ${name} (${duration} s, ${twin.report.packets} packets, seed ${v.seed})` }
  } catch (e) {
    const reason = describeInputError(e, name)
    if (reason === null) throw e
    io.err(`nettwin: ${escapeDisplay(path)}: ${escapeDisplay(reason, 400)}\n`)
    return ExitCode.BadInput
  }
}

async function scenarioSets(v: { scenario?: string; kinds?: string; seed: number }, io: CommandIo): Promise<ScenarioSet[] | number> {
  if ((v.scenario === undefined) === (v.kinds === undefined)) {
    io.err(`nettwin score: give one of --scenario FILE or --kinds LIST\n${HELP}`)
    return ExitCode.Usage
  }
  if (v.scenario !== undefined) {
    let text: string
    try {
      text = await readFile(v.scenario, 'utf8')
    } catch (e) {
      io.err(`nettwin score: cannot read ${escapeDisplay(v.scenario)}: ${e instanceof Error ? escapeDisplay(e.message, 200) : ''}\n`)
      return ExitCode.BadInput
    }
    const parsed = parseScenarioSet(text)
    if (!parsed.ok) {
      io.err(`nettwin score: ${escapeDisplay(v.scenario)} is not a usable scenario file: ${escapeDisplay(parsed.error, 300)}\n`)
      return ExitCode.BadInput
    }
    return [parsed.set]
  }
  const kinds = v.kinds === 'all' ? [...SCENARIO_KIND_IDS] : (v.kinds ?? '').split(',').map((k) => k.trim())
  const unknown = kinds.filter((k) => !isScenarioKind(k))
  if (unknown.length > 0 || kinds.length === 0) {
    io.err(`nettwin score: unknown kind(s) ${escapeDisplay(unknown.join(', '), 200)}; kinds: ${SCENARIO_KIND_IDS.join(', ')}\n`)
    return ExitCode.Usage
  }
  return kinds.map((kind) => checkScenarioSet({ version: 1, seed: v.seed, scenarios: [{ kind }] }))
}

export const scoreCommand: Command = {
  name: 'score',
  summary: 'inject attack scenarios into a twin or a capture and score the detectors',
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const parsed = parseCommandArgs('score', HELP, args, {
      from: { type: 'string' }, into: { type: 'string' }, baseline: { type: 'string' }, duration: { type: 'string' },
      scenario: { type: 'string' }, kinds: { type: 'string' }, seed: { type: 'string' },
      sweep: { type: 'boolean', default: false }, summary: { type: 'boolean', default: false }, json: { type: 'boolean', default: false },
      out: { type: 'string' }, labels: { type: 'string' },
    }, false, io)
    if (typeof parsed === 'number') return parsed
    const v = parsed.values
    const seed = v.seed === undefined ? 1 : Number(v.seed)
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      io.err('nettwin score: --seed must be an integer in [0, 4294967295]\n')
      return ExitCode.Usage
    }
    const sets = await scenarioSets({ scenario: v.scenario, kinds: v.kinds, seed }, io)
    if (typeof sets === 'number') return sets
    if ((v.out !== undefined || v.labels !== undefined) && sets.length !== 1) {
      io.err('nettwin score: --out and --labels need a single run (--scenario FILE, or one kind)\n')
      return ExitCode.Usage
    }
    const traffic = await trafficOf({ from: v.from, into: v.into, baseline: v.baseline, duration: v.duration, seed }, io)
    if (typeof traffic === 'number') return traffic
    const survey = await surveyTraffic(traffic.source)
    const format = v.out?.toLowerCase().endsWith('.pcap') ? 'pcap' : 'pcapng'
    const runs: ScoredRun[] = []
    const curves: SensitivityCurve[] = []
    for (const set of sets) {
      let run: ScoredRun
      try {
        run = await runScenarios({ base: traffic.source, scenarios: set, survey, format })
      } catch (e) {
        if (e instanceof Error && e.name === 'InjectError') {
          io.err(`nettwin score: ${escapeDisplay(e.message, 400)}\n`)
          return ExitCode.BadInput
        }
        throw e
      }
      runs.push(run)
      if (run.injected.droppedFrames > 0) io.err(`nettwin score: ${run.injected.droppedFrames} attack frames were not generated: the intensity asks for more than nettwin keeps in memory\n`)
      if (!v.json) io.out(scorecardText(run.scorecard))
      if (v.sweep) {
        for (const spec of set.scenarios) {
          const curve = await sweepScenario(spec, { base: traffic.source, survey, seed: set.seed })
          curves.push(curve)
          if (!v.json) io.out(sweepText([curve]))
        }
      }
    }
    if (v.out !== undefined) await writeFile(v.out, runs[0].chunks)
    if (v.labels !== undefined) {
      const r = runs[0]
      const flows = r.labelled.analysis.flows
      await writeFile(v.labels, labelsCsv(r.injected.labels, r.injected.scenarios, { flowLabels: r.labelled.flowLabels, columns: flows.columns, addresses: r.labelled.analysis.ctx.addresses }))
    }
    // Runs of --kinds share the same ordinary traffic: false alarms are summed over runs and divided by the
    // summed hours, which is the rate per hour of ordinary traffic seen.
    const hours = Math.max(1 / 3600, runs.reduce((s, r) => s + r.scorecard.hours, 0))
    const byDetector = new Map<string, number>()
    for (const r of runs) for (const f of r.scorecard.falseAlarms) byDetector.set(f.detector, (byDetector.get(f.detector) ?? 0) + f.count)
    const total = [...byDetector.values()].reduce((s, n) => s + n, 0)
    const merged: Scorecard = {
      scenarios: runs.flatMap((r) => r.scorecard.scenarios),
      falseAlarms: [...byDetector].map(([detector, count]) => ({ detector, count, perHour: Math.round((count / hours) * 1000) / 1000 })),
      totalFalseAlarms: total,
      falseAlarmsPerHour: Math.round((total / hours) * 1000) / 1000,
      hours,
    }
    const summary = classroomSummary(merged, survey.start, curves)
    if (v.json) {
      io.out(`${JSON.stringify({ traffic: traffic.label, runs: runs.map((r) => r.scorecard), sweeps: curves, summary }, null, 2)}\n`)
      return ExitCode.Ok
    }
    io.out(`Traffic: ${escapeDisplay(traffic.label, 300)}\n`)
    if (v.summary) io.out(`\n${summary}\n`)
    return ExitCode.Ok
  },
}
