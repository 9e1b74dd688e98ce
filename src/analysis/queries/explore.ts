/**
 * The exploration views' queries (flows, conversations and endpoints tables, topology, host details, replay),
 * registered in src/analysis/queries/index.ts and run where the data is: in the worker over the live
 * CaptureAnalysis, or on the page over a stored session. Each is `(data: AnalysisData, params) => plain data`;
 * params come over postMessage, so every function checks them (bad values fall back to defaults, never throw).
 *
 * FOR THE SESSION STORE (what a stored session must keep for these views):
 *   exploreSnapshot(analysis) (explore-snapshot.ts) returns everything, as plain data:
 *   - flows: the typed-array columns of FLOW_COLUMN_NAMES (one value per flow, ~100 bytes per flow) plus
 *     `history` (12 bytes per flow) and `longHistory` (rare) — store them as column chunks;
 *   - facts: [flow id, FactRow] pairs for the flows that carried DNS/TLS/HTTP/DHCP facts (rare, JSON);
 *   - conversations: the eth/ip/tcp/udp conversation tables as columns;
 *   - addresses: kinds (Uint8Array) and text (string[]) by address id.
 *   Topology nodes and edges, roles, endpoints, per-host series and replay frames are derived from these by
 *   the same code that serves the live analysis, so nothing else needs storing. Read back, the value must pass
 *   validateExploreSnapshot (explore-snapshot-validate.ts) and is then what AnalysisData.explore() returns.
 */
import type { AnalysisData } from './analysis-data.ts'
import { CONVERSATION_KINDS, CONVERSATION_SORT_COLUMNS, conversationsPage, type ConversationParams } from './conversations-page.ts'
import { ENDPOINT_SORT_COLUMNS, endpointsPage, type EndpointParams } from './endpoints-page.ts'
import { FLOW_SORT_COLUMNS, flowsPage, type PageParams, type FlowSortColumn, type TableSort, type TimeRange } from './flows-page.ts'
import { hostDetails, type HostDetailsParams } from './host-details.ts'
import { replayFrame, type ReplayParams } from './replay-frame.ts'
import { topologyQuery, type TopologyParams } from './topology-query.ts'
import type { QueryFn } from './analysis-data.ts'

export { exploreSnapshot, type ExploreSnapshot } from './explore-snapshot.ts'
export { validateExploreSnapshot } from './explore-snapshot-validate.ts'

const obj = (p: unknown): Record<string, unknown> => (typeof p === 'object' && p !== null ? (p as Record<string, unknown>) : {})
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined)
const str = (x: unknown, max = 4096): string | undefined => (typeof x === 'string' ? x.slice(0, max) : undefined)
function oneOf<T extends string>(x: unknown, values: readonly T[]): T | undefined {
  return typeof x === 'string' && (values as readonly string[]).includes(x) ? (x as T) : undefined
}

function range(x: unknown): TimeRange | null {
  const r = obj(x)
  const start = num(r.start)
  const end = num(r.end)
  return start !== undefined && end !== undefined && start <= end ? { start, end } : null
}

function sort<C extends string>(x: unknown, columns: readonly C[]): TableSort<C> | undefined {
  const s = obj(x)
  const column = oneOf(s.column, columns)
  return column === undefined ? undefined : { column, descending: s.descending === true }
}

function page<C extends string>(p: Record<string, unknown>, columns: readonly C[]): PageParams<C> {
  return { filter: str(p.filter), sort: sort(p.sort, columns), offset: num(p.offset), limit: num(p.limit), range: range(p.range) }
}

export const exploreQueries = {
  /** One page of the flows table: {filter, sort, offset, limit, range} -> {total, matched, rows, error}. */
  flowsPage: (data: AnalysisData, params: PageParams<FlowSortColumn>) => flowsPage(data.explore(), page(obj(params), FLOW_SORT_COLUMNS)),
  conversationsPage: (data: AnalysisData, params: ConversationParams) => {
    const p = obj(params)
    return conversationsPage(data.explore(), { ...page(p, CONVERSATION_SORT_COLUMNS), kind: oneOf(p.kind, CONVERSATION_KINDS) })
  },
  endpointsPage: (data: AnalysisData, params: EndpointParams) => {
    const p = obj(params)
    return endpointsPage(data.explore(), { ...page(p, ENDPOINT_SORT_COLUMNS), kind: oneOf(p.kind, ['all', 'ipv4', 'ipv6'] as const) })
  },
  topology: (data: AnalysisData, params: TopologyParams) => {
    const p = obj(params)
    return topologyQuery(data.explore(), {
      maxNodes: num(p.maxNodes), maxEdges: num(p.maxEdges), range: range(p.range), colorBy: oneOf(p.colorBy, ['role', 'subnet'] as const),
      focus: str(p.focus, 128) ?? null, allHosts: p.allHosts === true,
    })
  },
  hostDetails: (data: AnalysisData, params: HostDetailsParams) => {
    const p = obj(params)
    return hostDetails(data.explore(), { address: str(p.address, 64), bins: num(p.bins), range: range(p.range) })
  },
  replayFrame: (data: AnalysisData, params: ReplayParams) => {
    const p = obj(params)
    return replayFrame(data.explore(), { time: num(p.time), window: num(p.window), maxNodes: num(p.maxNodes), colorBy: oneOf(p.colorBy, ['role', 'subnet'] as const) })
  },
} satisfies Record<string, QueryFn>
