/**
 * The flows table's query, run where the data is (the worker, or over a stored session): filter every flow
 * with a compiled display filter over the columns, optionally keep only flows active in a time range (the
 * replay playhead), sort, and return one page of display rows. The row order for a (filter, range, sort) is
 * cached, so scrolling asks only for the next page.
 */
import { CONN_STATE_NAMES } from '../../flows/conn-state.ts'
import { FLOWS_TABLE, tryCompileFilter, type FilterErrorInfo } from '../filter/index.ts'
import { cached, exploreData, type ExploreInput } from './explore-source.ts'
import type { ExploreData } from './explore-types.ts'
import { factSummary } from './fact-row.ts'
import { FlowColumnRecord } from './flow-column-record.ts'
import { appName, protoName } from './flow-names.ts'
import { addressKey, orderBy, pageOf, textRank } from './row-order.ts'

export const FLOW_SORT_COLUMNS = ['id', 'start', 'duration', 'proto', 'src', 'srcPort', 'dst', 'dstPort', 'packets', 'bytes', 'state', 'app', 'rtt', 'retrans'] as const
export type FlowSortColumn = (typeof FLOW_SORT_COLUMNS)[number]

export interface TableSort<C extends string> {
  readonly column: C
  readonly descending: boolean
}

/** Seconds since the epoch; a flow is kept when [first, last] overlaps [start, end]. */
export interface TimeRange {
  readonly start: number
  readonly end: number
}

export interface PageParams<C extends string> {
  readonly filter?: string
  readonly sort?: TableSort<C>
  readonly offset?: number
  readonly limit?: number
  readonly range?: TimeRange | null
}

export interface FlowRow {
  readonly id: number
  readonly proto: string
  readonly app: string | null
  readonly src: string
  readonly srcPort: number | null
  readonly dst: string
  readonly dstPort: number | null
  readonly start: number
  readonly duration: number
  readonly packets: number
  readonly bytes: number
  readonly bytesOrig: number
  readonly bytesResp: number
  readonly state: string
  readonly history: string
  /** Handshake round-trip time, seconds. */
  readonly rtt: number | null
  readonly retrans: number | null
  /** SNI, HTTP request, DNS query or DHCP host name: text from packets, to be shown as text only. */
  readonly info: string
}

export interface TablePage<R> {
  /** Rows in the table before filtering. */
  readonly total: number
  /** Rows that pass the filter (and time range). */
  readonly matched: number
  readonly offset: number
  readonly rows: readonly R[]
  /** Set when the filter does not compile; then nothing matches. */
  readonly error: FilterErrorInfo | null
  /** The filter in canonical form ('' for none). */
  readonly canonical: string
}

export const MAX_PAGE_ROWS = 1000

function flowSortKey(data: ExploreData, ids: Uint32Array, column: FlowSortColumn): (id: number) => number {
  const c = data.flows
  const scratch = new Uint32Array(4)
  const ip = (id: number): boolean => c.kind[id] === 0
  const ported = (id: number): boolean => ip(id) && (c.proto[id] === 6 || c.proto[id] === 17 || c.proto[id] === 132)
  switch (column) {
    case 'start': return (id) => c.first[id]
    case 'duration': return (id) => c.last[id] - c.first[id]
    case 'proto': return textRank(ids, (id) => protoName(c.kind[id], c.proto[id]))
    case 'src': return (id) => addressKey(data.addresses.wordsInto(c.origAddr[id], scratch), scratch)
    case 'dst': return (id) => addressKey(data.addresses.wordsInto(c.respAddr[id], scratch), scratch)
    case 'srcPort': return (id) => (ported(id) ? c.origPort[id] : NaN)
    case 'dstPort': return (id) => (ported(id) ? c.respPort[id] : NaN)
    case 'packets': return (id) => c.origPkts[id] + c.respPkts[id]
    case 'bytes': return (id) => c.origBytes[id] + c.respBytes[id]
    case 'state': return textRank(ids, (id) => CONN_STATE_NAMES[c.state[id]] ?? 'OTH')
    case 'app': return textRank(ids, (id) => appName(c.app[id], c.proto[id], c.origPort[id], c.respPort[id]))
    case 'rtt': return (id) => c.handshakeRtt[id]
    case 'retrans': return (id) => (ip(id) && c.proto[id] === 6 ? c.retransOrig[id] + c.retransResp[id] : NaN)
    default: return (id) => id
  }
}

/** Ids of the flows that pass `filter` and overlap `range`, in id order (null filter: all). */
export function matchFlows(data: ExploreData, test: ((r: FlowColumnRecord) => boolean) | null, range: TimeRange | null): Uint32Array {
  const c = data.flows
  const n = c.count
  const out = new Uint32Array(n)
  const record = new FlowColumnRecord(data)
  let m = 0
  for (let id = 0; id < n; id++) {
    if (range !== null && (c.last[id] < range.start || c.first[id] > range.end)) continue
    if (test === null || test(record.set(id))) out[m++] = id
  }
  return out.slice(0, m)
}

/** One flow as a table row (also the alert detail's evidence rows). */
export function flowRow(d: ExploreData, id: number): FlowRow {
  const c = d.flows
  const ported = c.kind[id] === 0 && (c.proto[id] === 6 || c.proto[id] === 17 || c.proto[id] === 132)
  const tcp = c.kind[id] === 0 && c.proto[id] === 6
  const rtt = c.handshakeRtt[id]
  return {
    id,
    proto: protoName(c.kind[id], c.proto[id]),
    app: appName(c.app[id], c.proto[id], c.origPort[id], c.respPort[id]),
    src: d.addresses.text(c.origAddr[id]),
    srcPort: ported ? c.origPort[id] : null,
    dst: d.addresses.text(c.respAddr[id]),
    dstPort: ported ? c.respPort[id] : null,
    start: c.first[id],
    duration: c.last[id] - c.first[id],
    packets: c.origPkts[id] + c.respPkts[id],
    bytes: c.origBytes[id] + c.respBytes[id],
    bytesOrig: c.origBytes[id],
    bytesResp: c.respBytes[id],
    state: CONN_STATE_NAMES[c.state[id]] ?? 'OTH',
    history: d.history(id),
    rtt: Number.isFinite(rtt) ? rtt : null,
    retrans: tcp ? c.retransOrig[id] + c.retransResp[id] : null,
    info: factSummary(d.facts.get(id)),
  }
}

function rangeKey(range: TimeRange | null | undefined): string {
  return range ? `${range.start}..${range.end}` : ''
}

/** One page of the flows table. Never throws on a bad filter: the page carries the error instead. */
export function flowsPage(input: ExploreInput, params: PageParams<FlowSortColumn> = {}): TablePage<FlowRow> {
  const data = exploreData(input)
  const text = params.filter ?? ''
  const compiled = tryCompileFilter(text, FLOWS_TABLE)
  const total = data.flows.count
  const offset = Math.max(0, Math.floor(params.offset ?? 0))
  if (!compiled.ok) return { total, matched: 0, offset, rows: [], error: compiled.error, canonical: '' }
  const filter = compiled.filter
  const sort = params.sort ?? { column: 'id', descending: false }
  const range = params.range ?? null
  const matched = cached(input, data, `flows:${filter.canonical}:${rangeKey(range)}`, () =>
    matchFlows(data, filter.ast === null ? null : (r) => filter.test(r), range))
  const order = sort.column === 'id' && !sort.descending ? matched
    : cached(input, data, `flows:${filter.canonical}:${rangeKey(range)}:${sort.column}:${sort.descending}`, () =>
      orderBy(matched, flowSortKey(data, matched, sort.column), sort.descending))
  const limit = Math.min(MAX_PAGE_ROWS, Math.max(0, Math.floor(params.limit ?? 200)))
  const rows = Array.from(pageOf(order, offset, limit), (id) => flowRow(data, id))
  return { total, matched: matched.length, offset, rows, error: null, canonical: filter.canonical }
}
