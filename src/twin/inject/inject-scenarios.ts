/**
 * Injection end to end, for a twin's traffic or a capture the user dropped alike: survey the traffic (one
 * read through the normal analysis), plan the scenarios against it, then read it again and write it with the
 * attack frames merged in by time. Both reads stream the source slice by slice; the output goes out in
 * chunks through `write`. Returns what was injected, the per-packet labels and the survey.
 */
import { CaptureAnalysis } from '../../analysis/capture-analysis.ts'
import { analyzeCapture } from '../../analysis/capture-summary.ts'
import type { ByteSource } from '../../formats/format.ts'
import { openCapture } from '../../formats/registry.ts'
import { AnomalyCounter } from '../../model/anomalies.ts'
import type { LabelRuns } from '../labels/label-runs.ts'
import { planScenarios, type AttackPlan, type ResolvedScenario } from '../scenarios/plan.ts'
import type { ScenarioSet } from '../scenarios/schema.ts'
import { surveyAnalysis, type Survey } from '../scenarios/survey.ts'
import { MergeWriter, type OutputFormat } from './merge-writer.ts'

export interface InjectOptions {
  /** The traffic to inject into: a twin's pcap/pcapng or a real capture. Read twice, never whole. */
  readonly base: ByteSource
  readonly scenarios: ScenarioSet
  readonly format: OutputFormat
  readonly write: (chunk: Uint8Array) => void
  /** The survey when already known (saves the first read). */
  readonly survey?: Survey
  readonly signal?: AbortSignal
}

export interface InjectResult {
  readonly scenarios: readonly ResolvedScenario[]
  readonly labels: LabelRuns
  readonly survey: Survey
  readonly ordinaryPackets: number
  readonly injectedPackets: number
  /** Attack frames not generated because a cap was reached. */
  readonly droppedFrames: number
  readonly format: OutputFormat
}

/** Reads the traffic once through the normal analysis and surveys it. */
export async function surveyTraffic(base: ByteSource, signal?: AbortSignal): Promise<Survey> {
  const analysis = new CaptureAnalysis()
  const summary = await analyzeCapture(base, { analysis, signal })
  return surveyAnalysis(analysis, summary.linkTypes)
}

/** Merges a planned attack into the traffic read from `base`. */
export async function mergeIntoCapture(base: ByteSource, plan: AttackPlan, format: OutputFormat, write: (chunk: Uint8Array) => void, signal?: AbortSignal): Promise<MergeWriter> {
  const merge = new MergeWriter(plan.frames, format, write)
  const opened = await openCapture(base)
  await opened.format.read(opened.source, merge, { anomalies: new AnomalyCounter(), signal })
  merge.finish()
  return merge
}

export async function injectScenarios(options: InjectOptions): Promise<InjectResult> {
  const survey = options.survey ?? (await surveyTraffic(options.base, options.signal))
  const plan = planScenarios(options.scenarios, survey)
  const merge = await mergeIntoCapture(options.base, plan, options.format, options.write, options.signal)
  return {
    scenarios: plan.scenarios,
    labels: merge.labels,
    survey,
    ordinaryPackets: merge.ordinary,
    injectedPackets: merge.injected,
    droppedFrames: plan.frames.dropped,
    format: options.format,
  }
}
