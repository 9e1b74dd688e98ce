/**
 * Ground truth per flow (flow = the flow table's key, as every detector sees it): analyses the merged traffic
 * through the normal pipeline with the packet taps, reading each packet's label from the LabelRuns in file
 * order and each packet's flow id from the analysis, so a flow is labelled with the scenario whose packets it
 * carried (attack wins over ordinary when a flow holds both; the first scenario seen when several). Returns
 * the finished analysis and taps too, so the detectors run on exactly what was labelled.
 */
import { CaptureAnalysis } from '../../analysis/capture-analysis.ts'
import { decodeCapture } from '../../analysis/decode-capture.ts'
import { PacketTaps } from '../../detect/taps/packet-taps.ts'
import type { ByteSource } from '../../formats/format.ts'
import type { LabelRuns } from './label-runs.ts'

export interface LabelledAnalysis {
  readonly analysis: CaptureAnalysis
  readonly taps: PacketTaps
  /** Label of each flow id (0 ordinary, s scenario s). */
  readonly flowLabels: Uint16Array
  /** Packets per flow that carried its label (attack packets for attack flows). */
  readonly packets: number
  readonly start: number
  readonly end: number
}

export async function analyseLabelled(source: ByteSource, labels: LabelRuns, signal?: AbortSignal): Promise<LabelledAnalysis> {
  const analysis = new CaptureAnalysis()
  const taps = new PacketTaps()
  const next = labels.reader()
  let flowLabels = new Uint16Array(1024)
  let packets = 0
  let start = Infinity
  let end = -Infinity
  await decodeCapture(
    source,
    analysis.ctx,
    (batch) => {
      analysis.consume(batch)
      taps.consume(batch, analysis.ctx)
      const ids = analysis.batchFlowIds
      for (let i = 0; i < batch.count; i++) {
        const label = next()
        const t = batch.time[i]
        if (t < start) start = t
        if (t > end) end = t
        const id = ids[i]
        if (id < 0) continue
        if (id >= flowLabels.length) {
          let n = flowLabels.length * 2
          while (n <= id) n *= 2
          const grown = new Uint16Array(n)
          grown.set(flowLabels)
          flowLabels = grown
        }
        if (label !== 0 && flowLabels[id] === 0) flowLabels[id] = label
      }
      packets += batch.count
      batch.reset()
      return batch
    },
    { signal },
  )
  analysis.finish(packets > 0 ? end : null)
  return { analysis, taps, flowLabels: flowLabels.slice(0, analysis.flows.count), packets, start, end }
}
