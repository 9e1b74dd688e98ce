/**
 * A real traffic table session draft for the storage tests: a sample table read by the same steps as the worker
 * (analyzeFile, the table detectors' label scores, the flows' exploration snapshot). Not imported by app code.
 */
import { analyzeFile } from '../analysis/analyze-file.ts'
import type { TableExplore } from '../analysis/queries/table-explore.ts'
import { tableExplore } from '../analysis/queries/table-explore.ts'
import { tableSessionAggregates } from '../analysis/queries/table-session.ts'
import { type TableSummary, withLabelScores } from '../analysis/table-summary.ts'
import { detectTable } from '../detect/table-detection.ts'
import { bytesSource } from '../formats/sources.ts'
import type { FlowRecordBatch } from '../formats/tables/table-model.ts'
import { SAMPLES, encode } from '../formats/tables/table-test-utils.ts'
import type { TableSessionDraft } from './session-types.ts'

export type TableSample = keyof typeof SAMPLES

/** Reads a sample table as the worker does: summary with label scores, and the flows' exploration data. */
export async function readSampleTable(sample: TableSample): Promise<{ table: TableSummary; explore: TableExplore }> {
  const flows: FlowRecordBatch[] = []
  const fileName = `${sample}.csv`
  const result = await analyzeFile(bytesSource(encode(SAMPLES[sample]), fileName, 64), { onFlows: (b) => void flows.push(b) })
  if (result.kind !== 'table') throw new Error(`${sample} did not read as a table`)
  const found = detectTable(flows, { fileName })
  const table = found.scores === null ? result.summary : withLabelScores(result.summary, found.scores)
  return { table, explore: tableExplore(flows) }
}

export async function makeTableDraft(sample: TableSample = 'unsw-nb15'): Promise<TableSessionDraft & { explore: TableExplore }> {
  const { table, explore } = await readSampleTable(sample)
  return {
    kind: 'table',
    name: `${sample} table`,
    source: { fileName: `${sample}.csv`, size: encode(SAMPLES[sample]).length, format: table.dialect, compression: null },
    table,
    aggregates: tableSessionAggregates(explore),
    explore,
  }
}
