/**
 * What the baseline and the detectors read: the flow table's columns and facts, the address table, and the
 * packet-accurate global window series when the input was a capture. A capture analysis gives one at any time
 * (partial while reading, complete after finish()); other inputs (flow tables read from CSV) can fill a
 * FlowColumns and pass series = null.
 */
import type { CaptureAnalysis } from '../analysis/capture-analysis.ts'
import type { WindowSeries } from '../analysis/window-queries.ts'
import type { FlowColumns } from '../flows/flow-columns.ts'
import type { FlowFactStore } from '../flows/flow-facts.ts'
import type { AddressTable } from '../model/address-table.ts'

export interface FlowSource {
  readonly columns: FlowColumns
  /** Flows stored (ids 0..count-1, in order of first packet). */
  readonly count: number
  readonly facts: FlowFactStore | null
  readonly addresses: AddressTable
  /** Global per-window counts from the packets (null when the input had no packets). */
  readonly series: WindowSeries | null
  /** Time of the first and last packet or flow record (seconds since the epoch); start > end when empty. */
  readonly start: number
  readonly end: number
  /** True while the input is still being read. */
  readonly partial: boolean
}

/**
 * The flow source of a capture analysis. While flows are still open their running statistics and current
 * state are written to the columns first (FlowTable.snapshotOpen), so a partial analysis reads consistent rows.
 */
export function flowSourceOf(analysis: CaptureAnalysis): FlowSource {
  const flows = analysis.flows
  const partial = !flows.isFinished
  if (flows.openCount > 0) flows.snapshotOpen()
  const stats = analysis.stats
  let series: WindowSeries | null = null
  if (stats.packets > 0) {
    try {
      series = stats.windowSeries()
    } catch {
      // Window aggregates unavailable (no level yet): detectors fall back to flow-derived rates.
      series = null
    }
  }
  let start = Number.isFinite(stats.start) ? stats.start : Infinity
  let end = Number.isFinite(stats.end) ? stats.end : -Infinity
  if (stats.packets === 0 && flows.count > 0) {
    start = flows.columns.first[0]
    for (let i = 0; i < flows.count; i++) if (flows.columns.last[i] > end) end = flows.columns.last[i]
  }
  return { columns: flows.columns, count: flows.count, facts: flows.facts, addresses: analysis.ctx.addresses, series, start, end, partial }
}
