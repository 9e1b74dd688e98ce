/**
 * One scored run: inject a scenario set into the traffic (a twin's or a real capture), analyse the result
 * through the normal pipeline with the packet taps and per-flow ground truth, run every detector with its
 * defaults (payload indicators switched on: web injection is their business; baseline learned from the first
 * 30% as `nettwin detect` does) and build the scorecard. The merged capture is kept as output chunks (pcapng,
 * which holds any link type) so it can be exported afterwards without injecting again.
 */
import { detectAll, type DetectAllResult } from '../../detect/run-detectors.ts'
import type { ByteSource } from '../../formats/format.ts'
import { chunksSource } from '../inject/chunk-source.ts'
import { injectScenarios, type InjectResult } from '../inject/inject-scenarios.ts'
import type { OutputFormat } from '../inject/merge-writer.ts'
import { analyseLabelled, type LabelledAnalysis } from '../labels/flow-truth.ts'
import type { ScenarioSet } from '../scenarios/schema.ts'
import type { Survey } from '../scenarios/survey.ts'
import { scoreScenarios, type Scorecard } from './scorecard.ts'

export interface ScoredRun {
  readonly injected: InjectResult
  readonly labelled: LabelledAnalysis
  readonly detection: DetectAllResult
  readonly scorecard: Scorecard
  /** The merged capture as written (format below). */
  readonly chunks: readonly Uint8Array[]
  readonly format: OutputFormat
}

export interface RunOptions {
  readonly base: ByteSource
  readonly scenarios: ScenarioSet
  readonly survey?: Survey
  /** Output format of the merged capture (default pcapng). */
  readonly format?: OutputFormat
  /** Detector parameter overrides and switches, as `nettwin detect` takes them. */
  readonly params?: Readonly<Record<string, unknown>>
  readonly enabled?: Readonly<Record<string, boolean>>
  readonly signal?: AbortSignal
}

export async function runScenarios(options: RunOptions): Promise<ScoredRun> {
  const chunks: Uint8Array[] = []
  const format = options.format ?? 'pcapng'
  const injected = await injectScenarios({
    base: options.base, scenarios: options.scenarios, survey: options.survey, format, signal: options.signal,
    // The writer hands over chunks it no longer touches, so they are kept as they are.
    write: (chunk) => void chunks.push(chunk),
  })
  const labelled = await analyseLabelled(chunksSource(chunks, 'injected'), injected.labels, options.signal)
  const detection = detectAll(labelled.analysis, {
    taps: labelled.taps,
    params: options.params,
    enabled: { 'payload-indicator': true, ...options.enabled },
  })
  const flows = labelled.analysis.flows
  const scorecard = scoreScenarios({
    scenarios: injected.scenarios, alerts: detection.alerts, flowLabels: labelled.flowLabels, columns: flows.columns,
    flowCount: flows.count, addresses: labelled.analysis.ctx.addresses, start: labelled.start, end: labelled.end,
  })
  return { injected, labelled, detection, scorecard, chunks, format }
}
