/**
 * The labels file written beside injected traffic: one row per attack packet (frame numbers as Wireshark
 * counts them, from 1) and one row per attack flow when flows are known, so a class can load the traffic in
 * any tool and check a detector against the truth. Ordinary packets are not listed: a frame number missing
 * from the file is ordinary traffic. Cells are escaped with lib/csv-export (addresses and ids only, but a
 * scenario id could start with a formula character).
 */
import type { FlowColumns } from '../../flows/flow-columns.ts'
import type { AddressTable } from '../../model/address-table.ts'
import { csvCell, type CsvValue } from '../../lib/csv-export.ts'
import type { ResolvedScenario } from '../scenarios/plan.ts'
import type { LabelRuns } from './label-runs.ts'

export const LABELS_HEADER = ['level', 'frame_first', 'frame_last', 'time_first', 'time_last', 'scenario', 'kind', 'attacker', 'attacker_mac', 'target', 'flow_src', 'flow_dst', 'flow_proto', 'flow_src_port', 'flow_dst_port'] as const

function line(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

/** Packet runs: consecutive attack frames of one scenario make one row (frame_first..frame_last). */
export function* packetLabelRows(labels: LabelRuns, scenarios: readonly ResolvedScenario[]): Generator<string> {
  const byLabel = new Map(scenarios.map((s) => [s.label, s]))
  const rows: [number, number, number, number, number][] = []
  labels.forEachRun((first, count, label, t0, t1) => {
    if (label !== 0) rows.push([first, count, label, t0, t1])
  })
  for (const [first, count, label, t0, t1] of rows) {
    const s = byLabel.get(label)
    if (s === undefined) continue
    yield line(['packet', first + 1, first + count, t0, t1, s.id, s.kind, s.attacker, s.attackerMac, s.target])
  }
}

/** One row per attack flow (flow id order). */
export function* flowLabelRows(flowLabels: Uint16Array, c: FlowColumns, addresses: AddressTable, scenarios: readonly ResolvedScenario[]): Generator<string> {
  const byLabel = new Map(scenarios.map((s) => [s.label, s]))
  for (let id = 0; id < flowLabels.length; id++) {
    const s = byLabel.get(flowLabels[id])
    if (s === undefined) continue
    yield line(['flow', null, null, c.first[id], c.last[id], s.id, s.kind, s.attacker, s.attackerMac, s.target, addresses.format(c.origAddr[id]), addresses.format(c.respAddr[id]), c.proto[id], c.origPort[id], c.respPort[id]])
  }
}

/** The whole labels CSV as text (header, packet rows, then flow rows when given). */
export function labelsCsv(labels: LabelRuns, scenarios: readonly ResolvedScenario[], flows: { flowLabels: Uint16Array; columns: FlowColumns; addresses: AddressTable } | null = null): string {
  let text = line([...LABELS_HEADER])
  for (const row of packetLabelRows(labels, scenarios)) text += row
  if (flows !== null) for (const row of flowLabelRows(flows.flowLabels, flows.columns, flows.addresses, scenarios)) text += row
  return text
}
