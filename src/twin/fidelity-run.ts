/**
 * Builds a twin of an analysed capture and measures it: learn the model from the source's flows, generate the
 * same span of traffic straight into a fresh CaptureAnalysis (frames decoded as a file's would be), and
 * compare the two flow tables (fidelity.ts).
 */
import { CaptureAnalysis } from '../analysis/capture-analysis.ts'
import { flowSourceOf } from '../baseline/flow-source.ts'
import { analysisFrameSink, type FrameSink } from './craft/index.ts'
import { compareFidelity, flowMeasures, type FidelityReport } from './fidelity.ts'
import { generateTwin, type GenerateOptions, type GenerateReport } from './generate/generate-twin.ts'
import { learnTwinFromFlows } from './model/learn-from-analysis.ts'
import type { TwinModel } from './model/types.ts'

export interface TwinRun {
  readonly model: TwinModel
  readonly generated: GenerateReport
  readonly twin: CaptureAnalysis
  readonly fidelity: FidelityReport
}

/**
 * Generates `model`'s traffic into a new analysis (and into `also`, e.g. a file sink) and compares it with the
 * finished `source` analysis.
 */
export function runTwin(model: TwinModel, source: CaptureAnalysis, options: GenerateOptions = {}, also: FrameSink | null = null): TwinRun {
  const twin = new CaptureAnalysis({ flowMode: source.flowMode })
  const sink = analysisFrameSink(twin)
  const target: FrameSink = also === null ? sink : { frame: (t, d, n) => (sink.frame(t, d, n), also.frame(t, d, n)) }
  const generated = generateTwin(model, target, options)
  sink.close()
  twin.finish(sink.packets > 0 ? sink.lastTime : null)
  const fidelity = compareFidelity(flowMeasures(flowSourceOf(source)), flowMeasures(flowSourceOf(twin)))
  return { model, generated, twin, fidelity }
}

/** Learns the twin of a finished analysis and measures it. */
export function twinOfAnalysis(source: CaptureAnalysis, fileName: string | null, options: GenerateOptions = {}, also: FrameSink | null = null): TwinRun {
  const model = learnTwinFromFlows(flowSourceOf(source), { fileName })
  return runTwin(model, source, options, also)
}
