/**
 * DataSource: where a view gets its data. There are two kinds, with the same queries and the same results:
 *
 * - 'live': the engine worker's analysis of the file being read (or just read). Queries run in the worker over
 *   the running CaptureAnalysis (src/analysis/queries/live-data.ts), so while the file is still being read they
 *   answer with partial data; `dataVersion` in the analysis store moves on (about every 500 ms, and at the end)
 *   and useQuery asks again.
 * - 'stored': a session opened from IndexedDB. Nothing is re-read: the same query functions run over the stored
 *   aggregates (src/analysis/queries/stored-data.ts), on the page's thread.
 *
 * Views never hold a DataSource of their own: App passes the current one as a prop (ViewProps.source), and
 * they call it through useQuery(source, name, params) (src/state/use-query.ts), which handles versions, stale
 * answers and errors. Query names, params and results are typed by the registry (src/analysis/queries/index.ts:
 * core.ts for the shell's views, explore.ts for the exploration views).
 */
import type { QueryName, QueryParams, QueryResult } from '../analysis/queries/index.ts'

export interface DataSource {
  /** 'live' (the worker's analysis) or 'stored' (a session from IndexedDB). */
  readonly kind: 'live' | 'stored'
  /** Stable identity of the data: `live:<run number>` or the session id. A new id means different data. */
  readonly id: string
  /**
   * Runs a registered query. Rejects with an Error whose message is for the user (the worker crashed, the
   * query failed); never resolves with data of another source.
   */
  query<N extends QueryName>(name: N, params: QueryParams<N>): Promise<QueryResult<N>>
}
