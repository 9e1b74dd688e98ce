/**
 * Detectors over a traffic table: the flow records of a table read become a flow source
 * (baseline/table-flow-source.ts), the baseline is learned and the detectors run as on a capture, and when the
 * table has a label column each row's label scores the result (label-scoring.ts). Tables whose records carry
 * no addresses or no times (NSL-KDD, the UNSW-NB15 training sets) give the detectors nothing to group by; when
 * their records carry precomputed window features instead, the same detectors' decisions run on those features
 * (record-features.ts); otherwise the report says why nothing ran instead of a matrix of misses.
 */
import { tableFlowSource } from '../baseline/table-flow-source.ts'
import type { FlowRecordBatch } from '../formats/tables/table-model.ts'
import { detectionReport, skippedDetection, type DetectionReport } from './detection-report.ts'
import { scoreLabels, type LabelScores } from './label-scoring.ts'
import { detectRecords, recordFeatureKind } from './record-features.ts'
import { detectAll, type DetectAllOptions } from './run-detectors.ts'

export interface TableDetection {
  readonly report: DetectionReport
  /** Null when the table has no labels or the detectors did not run. */
  readonly scores: LabelScores | null
}

export const NO_FLOW_TIMES = 'the table has no flow records with a start time'
export const NO_FLOW_ADDRESSES = 'the table\'s flow records carry no IP addresses'

export function detectTable(batches: readonly FlowRecordBatch[], options: DetectAllOptions = {}): TableDetection {
  const t0 = performance.now()
  const source = tableFlowSource(batches)
  let addressed = false
  for (let row = 0; row < source.count && !addressed; row++) addressed = source.columns.origAddr[row] !== 0 || source.columns.respAddr[row] !== 0
  if (!addressed) {
    const kind = recordFeatureKind(batches)
    if (kind !== null) {
      const found = detectRecords(batches, kind)
      return { report: found.report, scores: found.scores }
    }
    return { report: skippedDetection(source.count === 0 ? NO_FLOW_TIMES : NO_FLOW_ADDRESSES), scores: null }
  }
  const result = detectAll(source, options)
  const ran = result.detectors.filter((d) => d.skipped === undefined && d.error === undefined).map((d) => d.id)
  const labelled = source.labelNames.length > 1
  const scores = labelled ? scoreLabels(source, result.alerts, ran) : null
  return { report: detectionReport(result, performance.now() - t0), scores }
}
