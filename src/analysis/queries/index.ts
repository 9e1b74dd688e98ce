/**
 * The query registry: every question a view can ask the data, by name. The worker answers `query(name,
 * params)` with runQuery over the live analysis; a stored session answers with runQuery over its stored
 * aggregates. Both see the data through AnalysisData (analysis-data.ts), so a query is written once.
 *
 * core.ts holds the shell's queries (overview, protocols, heatmaps, time series, partial summary);
 * explore.ts the exploration views' (tables, topology, host details, replay); detect-queries.ts the detection
 * views' (alerts, baseline, evidence, new-against-baseline, detector catalog).
 */
import type { AnalysisData, QueryFn } from './analysis-data.ts'
import { coreQueries } from './core.ts'
import { exploreQueries } from './explore.ts'
import { detectQueries } from './detect-queries.ts'

export type { AnalysisData, PortHostTable, QueryFn } from './analysis-data.ts'
export { DATA_CAPS } from './analysis-data.ts'

const registry = { ...coreQueries, ...exploreQueries, ...detectQueries }

type Registry = typeof registry
export type QueryName = keyof Registry & string
export type QueryParams<N extends QueryName> = Parameters<Registry[N]>[1]
export type QueryResult<N extends QueryName> = ReturnType<Registry[N]>

const names: ReadonlySet<string> = new Set(Object.keys(registry))

/** True for a registered query name (names arriving over postMessage are checked with it). */
export function isQueryName(name: unknown): name is QueryName {
  return typeof name === 'string' && names.has(name) && Object.prototype.hasOwnProperty.call(registry, name)
}

/** Thrown for an unknown query name; the worker turns it into a rejected promise with this message. */
export class UnknownQueryError extends Error {
  constructor(name: unknown) {
    super(`Unknown query "${String(name).slice(0, 64)}".`)
    this.name = 'UnknownQueryError'
  }
}

/** Runs a query by name. */
export function runQuery<N extends QueryName>(data: AnalysisData, name: N, params: QueryParams<N>): QueryResult<N> {
  if (!isQueryName(name)) throw new UnknownQueryError(name)
  const fn = registry[name] as unknown as (d: AnalysisData, p: QueryParams<N>) => QueryResult<N>
  return fn(data, params)
}

/** The same, for a name and params that arrived as unknown values (the worker's entry point). */
export function runQueryUnchecked(data: AnalysisData, name: unknown, params: unknown): unknown {
  if (!isQueryName(name)) throw new UnknownQueryError(name)
  const fn = registry[name] as unknown as QueryFn
  return (fn as (d: AnalysisData, p: unknown) => unknown)(data, params ?? {})
}
