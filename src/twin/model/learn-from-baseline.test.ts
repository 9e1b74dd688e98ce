import { describe, expect, it } from 'vitest'
import { CaptureAnalysis } from '../../analysis/capture-analysis.ts'
import { flowSourceOf } from '../../baseline/flow-source.ts'
import { learnBaseline } from '../../baseline/learn-baseline.ts'
import { analysisFrameSink } from '../craft/index.ts'
import { generateTwin } from '../generate/generate-twin.ts'
import { testModel } from '../generate/test-model.ts'
import { learnTwinFromBaseline } from './learn-from-baseline.ts'
import { parseTwinModel, twinModelToJSON } from './twin-json.ts'

function analysed(model: Parameters<typeof generateTwin>[0], seconds: number): CaptureAnalysis {
  const a = new CaptureAnalysis()
  const sink = analysisFrameSink(a)
  generateTwin(model, sink, { seed: 21, durationSeconds: seconds })
  sink.close()
  a.finish(sink.lastTime)
  return a
}

describe('learnTwinFromBaseline', () => {
  it('builds a valid model whose traffic has the baseline services and about its flow rate', () => {
    const source = analysed(testModel(), 300)
    const baseline = learnBaseline(flowSourceOf(source))
    const model = learnTwinFromBaseline(baseline)
    expect(parseTwinModel(twinModelToJSON(model)).ok).toBe(true)
    const keys = model.services.map((s) => s.key)
    for (const k of ['tcp/443', 'tcp/80', 'udp/53']) expect(keys).toContain(k)
    const twin = analysed(model, 300)
    // Poisson arrivals at the baseline's mean rate: within 25% of the source's flow count over the same span.
    expect(twin.flows.count).toBeGreaterThan(source.flows.count * 0.75)
    expect(twin.flows.count).toBeLessThan(source.flows.count * 1.25)
    expect(twin.ctx.anomalies.toRecord()).toEqual({})
  })
})
