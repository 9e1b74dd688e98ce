/**
 * The traffic table on screen (its TableSummary) and the column mapping dialog's state. Tables are summarised
 * whole in the worker, so the summary is all the table views need; the File stays in this module (not in the
 * store) so the table can be read again as another dialect or through a mapping. Mappings the user confirmed
 * are remembered for the session (this page's lifetime), keyed by the table's columns, and offered again when
 * a table with the same columns needs one. A table read from a file is announced (setOnTableShown) so
 * session-actions.ts can save it; a table reopened from a saved session has no file and is not announced.
 */
import { create } from 'zustand'
import type { TableExplore } from '../analysis/queries/table-explore.ts'
import type { DataSource } from './data-source.ts'
import { tableFlowSource } from './sources.ts'
import type { TableSummary } from '../analysis/table-summary.ts'
import type { ColumnMapping } from '../formats/tables/index.ts'
import type { MappingRequest } from '../../workers/engine-api.ts'

export interface PendingMapping {
  /** The file whose columns need mapping, as the user named it. */
  readonly fileName: string
  readonly request: MappingRequest
  /** A mapping the user confirmed earlier in this session for a table with the same columns, if any. */
  readonly remembered: ColumnMapping | null
}

export interface TableState {
  /** The table on screen; shown while no capture source is (src/App.tsx). */
  readonly table: TableSummary | null
  /** A table waiting for the user to map its columns (the dialog is open while this is set). */
  readonly pending: PendingMapping | null
  /** Where the table's exploration views (flows, conversations, endpoints, topology) get their data; null without flows. */
  readonly flowSource: DataSource | null
  /** The table gives no packet counts: the flow views' packet columns then read 0 for "unknown". */
  readonly unknownPackets: boolean
  /** False for a table reopened from a saved session: there is no file to read again as another dialect. */
  readonly hasFile: boolean
}

export const useTableStore = create<TableState>(() => ({ table: null, pending: null, flowSource: null, unknownPackets: false, hasFile: false }))
/** Distinguishes the flow sources of tables read one after another (useQuery asks again for a new id). */
let tableRuns = 0

/** The files behind `table` and `pending`, for reading them again. */
let tableFile: File | null = null
let pendingFile: File | null = null
/** Mappings confirmed in this session, by column signature. */
const remembered = new Map<string, ColumnMapping>()

/** Moves on whenever the table on screen changes (shown, reopened or cleared): a save checks it is still current. */
let tableShown = 0
type TableShownHandler = (token: number, file: File, table: TableSummary, explore: TableExplore | undefined) => void
let onTableShown: TableShownHandler | null = null

/** Registers what happens when a table read from a file is shown (session-actions.ts saves it). */
export function setOnTableShown(handler: TableShownHandler | null): void {
  onTableShown = handler
}

/** True while the table shown with `token` is still the one on screen. */
export function isCurrentTable(token: number): boolean {
  return token === tableShown && useTableStore.getState().table !== null
}

const signature = (columns: readonly string[], delimiter: string): string => JSON.stringify([delimiter, columns])

export function showTable(file: File, table: TableSummary, explore?: TableExplore): void {
  tableFile = file
  pendingFile = null
  setTable(table, explore, true)
  onTableShown?.(tableShown, file, table, explore)
}

/** Shows a table reopened from a saved session: no file behind it (so no re-reading as another dialect). */
export function showStoredTable(table: TableSummary, explore: TableExplore | undefined): void {
  tableFile = null
  pendingFile = null
  setTable(table, explore, false)
}

function setTable(table: TableSummary, explore: TableExplore | undefined, hasFile: boolean): void {
  tableShown++
  const flowSource = explore !== undefined && explore.snapshot.flows.count > 0 ? tableFlowSource(explore, `table:${++tableRuns}`) : null
  useTableStore.setState({ table, pending: null, flowSource, unknownPackets: explore?.unknownPackets ?? false, hasFile })
}

/** A capture (or a stored session) replaced the table on screen. */
export function clearTable(): void {
  tableShown++
  tableFile = null
  useTableStore.setState({ table: null, flowSource: null, hasFile: false })
}

export function requestMapping(file: File, request: MappingRequest): void {
  pendingFile = file
  const m = request.proposal.mapping
  useTableStore.setState({ pending: { fileName: file.name, request, remembered: remembered.get(signature(m.columns, m.delimiter)) ?? null } })
}

/** Closes the dialog without reading; returns the file it was for. */
export function takePendingFile(): File | null {
  const file = pendingFile
  pendingFile = null
  useTableStore.setState({ pending: null })
  return file
}

export function rememberMapping(mapping: ColumnMapping): void {
  remembered.set(signature(mapping.columns, mapping.delimiter), mapping)
}

export function currentTableFile(): File | null {
  return tableFile
}
