/**
 * The two kinds of DataSource (data-source.ts): the worker's live analysis of one run, and a stored session
 * answered on this thread by the same query functions over its aggregates.
 */
import { runQuery, type QueryName, type QueryParams, type QueryResult } from '../analysis/queries/index.ts'
import type { ExploreInput } from '../analysis/queries/explore-source.ts'
import { StoredAnalysisData } from '../analysis/queries/stored-data.ts'
import { tableAnalysisData, tableQuery } from '../analysis/queries/table-data.ts'
import type { TableExplore } from '../analysis/queries/table-explore.ts'
import { queryEngine } from '../engine-client.ts'
import type { StoredSession } from '../storage/session-types.ts'
import type { DataSource } from './data-source.ts'
import { validateStoredExplore } from './explore-validator.ts'

export function liveSource(run: number): DataSource {
  return {
    kind: 'live',
    id: `live:${run}`,
    query: <N extends QueryName>(name: N, params: QueryParams<N>) => queryEngine(run, name, params) as Promise<QueryResult<N>>,
  }
}

/** A traffic table's flow records, answered on this thread by the exploration queries (table-data.ts). */
export function tableFlowSource(table: TableExplore, id: string): DataSource {
  const data = tableAnalysisData(table)
  return {
    kind: 'stored',
    id,
    query: <N extends QueryName>(name: N, params: QueryParams<N>) => new Promise<QueryResult<N>>((resolve) => resolve(tableQuery(data, name, params))),
  }
}

export function storedSource(session: Pick<StoredSession, 'id' | 'summary' | 'aggregates'>, validate: (v: unknown) => ExploreInput = validateStoredExplore): DataSource {
  const data = new StoredAnalysisData(session.summary, session.aggregates, validate)
  return {
    kind: 'stored',
    id: session.id,
    query: <N extends QueryName>(name: N, params: QueryParams<N>) =>
      new Promise<QueryResult<N>>((resolve) => resolve(runQuery(data, name, params))).catch((e: unknown) => {
        throw new Error(`This view could not be built from the saved session: ${e instanceof Error ? e.message : String(e)}`)
      }),
  }
}
