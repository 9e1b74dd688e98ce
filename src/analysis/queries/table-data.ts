/**
 * The data source behind a traffic table's exploration views: the table's flow records as an ExploreSnapshot
 * (table-explore.ts). Only the exploration queries (explore.ts: flows, conversations and endpoints tables,
 * topology, host details) can be answered from flow records alone; the shell's capture views (protocol
 * hierarchy, per-window aggregates) need packets, so tableQuery refuses them by name instead of showing zeros.
 */
import type { AnalysisData } from './analysis-data.ts'
import { exploreQueries } from './explore.ts'
import { runQuery, type QueryName, type QueryParams, type QueryResult } from './index.ts'
import type { TableExplore } from './table-explore.ts'

/** Query names a table answers. */
export const TABLE_QUERY_NAMES: ReadonlySet<string> = new Set(Object.keys(exploreQueries))

/** Thrown for a query a table cannot answer (its message is for the user). */
export class NotForTablesError extends Error {
  constructor(name: string) {
    super(`"${name.slice(0, 64)}" needs packets; a traffic table holds flow records only.`)
    this.name = 'NotForTablesError'
  }
}

function refuse(name: string): never {
  throw new NotForTablesError(name)
}

/** AnalysisData over a table's flows: explore() answers, everything else refuses (never reached: tableQuery checks). */
export function tableAnalysisData(table: TableExplore): AnalysisData {
  return {
    version: 0,
    phase: 'stored',
    explore: () => table.snapshot,
    summary: () => refuse('summary'),
    protocolHierarchy: () => refuse('protocolHierarchy'),
    services: () => refuse('services'),
    topTalkers: () => refuse('topTalkers'),
    ioSeries: () => refuse('ioSeries'),
    windowSeries: () => refuse('windowSeries'),
    hostMatrix: () => refuse('hostMatrix'),
    hostWindows: () => refuse('hostWindows'),
    hostsInWindow: () => refuse('hostsInWindow'),
    hostWindowTable: () => refuse('hostWindowTable'),
    portHosts: () => refuse('portHosts'),
  }
}

/** Runs an exploration query over a table's flows; other names throw NotForTablesError. */
export function tableQuery<N extends QueryName>(data: AnalysisData, name: N, params: QueryParams<N>): QueryResult<N> {
  if (!TABLE_QUERY_NAMES.has(name)) throw new NotForTablesError(name)
  return runQuery(data, name, params)
}
