/**
 * False alarms on synthetic normal traffic (issue 7's "no more than one false alarm per hour"): generate a twin
 * for some hours with no attack in it, run every detector as a scored run does (baseline from the first 30%,
 * payload indicators on) and count each detector's alerts. With no scenario injected every alert is a false
 * alarm, so this is the scorecard's false-alarm column, summed over several twins and seeds.
 */
import type { ByteSource } from '../../formats/format.ts'
import type { TwinModel } from '../model/types.ts'
import { checkScenarioSet } from '../scenarios/schema.ts'
import { runScenarios } from './run-scenarios.ts'
import { learnTwinOfCapture, twinTraffic } from './twin-traffic.ts'

export interface NormalAlarmRun {
  readonly label: string
  readonly seed: number
  /** Hours of traffic the alarms are counted over (the generated span). */
  readonly hours: number
  readonly packets: number
  readonly flows: number
  /** Alerts per detector id (only detectors that raised one). */
  readonly byDetector: ReadonlyMap<string, number>
  readonly total: number
  /** One line per alert (detector, category, explanation), for reading what fired. */
  readonly alerts: readonly string[]
}

const NO_SCENARIOS = checkScenarioSet({ version: 1, scenarios: [] })

/** Generates `hours` of the model's traffic with `seed` and counts the alarms every detector raises on it. */
export async function normalAlarms(label: string, model: TwinModel, hours: number, seed: number): Promise<NormalAlarmRun> {
  const twin = twinTraffic(model, hours * 3600, seed)
  const run = await runScenarios({ base: twin.source, scenarios: NO_SCENARIOS })
  const byDetector = new Map<string, number>()
  for (const f of run.scorecard.falseAlarms) byDetector.set(f.detector, f.count)
  return {
    label, seed, hours: run.scorecard.hours, packets: twin.report.packets, flows: twin.report.flows, byDetector,
    total: run.scorecard.totalFalseAlarms,
    alerts: run.detection.alerts.map((a) => `${a.detector} (${a.category}): ${a.explanation}`),
  }
}

/** Learns the twin of a capture, then runs normalAlarms for each seed. */
export async function normalAlarmsOfCapture(label: string, capture: ByteSource, hours: number, seeds: readonly number[]): Promise<NormalAlarmRun[]> {
  const model = await learnTwinOfCapture(capture)
  const out: NormalAlarmRun[] = []
  for (const seed of seeds) out.push(await normalAlarms(label, model, hours, seed))
  return out
}

export interface AlarmTally {
  readonly hours: number
  readonly total: number
  /** Alarms per detector over all runs, most first. */
  readonly byDetector: readonly { readonly detector: string; readonly count: number; readonly perHour: number }[]
  readonly perHour: number
}

/** Sums runs: alarms per hour per detector and in total over all the hours generated. */
export function tallyAlarms(runs: readonly NormalAlarmRun[]): AlarmTally {
  let hours = 0
  let total = 0
  const by = new Map<string, number>()
  for (const r of runs) {
    hours += r.hours
    total += r.total
    for (const [d, n] of r.byDetector) by.set(d, (by.get(d) ?? 0) + n)
  }
  const per = (n: number): number => (hours > 0 ? n / hours : 0)
  const byDetector = [...by].map(([detector, count]) => ({ detector, count, perHour: per(count) })).sort((a, b) => b.count - a.count || a.detector.localeCompare(b.detector))
  return { hours, total, byDetector, perHour: per(total) }
}
