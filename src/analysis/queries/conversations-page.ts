/**
 * The conversations table's query (Wireshark's Statistics > Conversations, one tab per kind): filter the
 * conversation table of a kind over its columns, sort, page. IPv4 and IPv6 are the IP table split by the
 * address kind of side A.
 */
import { CONVERSATIONS_TABLE, tryCompileFilter } from '../filter/index.ts'
import { ConversationColumnRecord, type ConversationKind } from './conversation-record.ts'
import { cached, exploreData, type ExploreInput } from './explore-source.ts'
import type { ConversationView, ExploreData } from './explore-types.ts'
import type { PageParams, TablePage, TimeRange } from './flows-page.ts'
import { MAX_PAGE_ROWS } from './flows-page.ts'
import { addressKey, orderBy, pageOf } from './row-order.ts'

export const CONVERSATION_KINDS: readonly ConversationKind[] = ['eth', 'ipv4', 'ipv6', 'tcp', 'udp']
export const CONVERSATION_SORT_COLUMNS = ['row', 'a', 'portA', 'b', 'portB', 'packets', 'bytes', 'packetsAtoB', 'bytesAtoB', 'packetsBtoA', 'bytesBtoA', 'start', 'duration'] as const
export type ConversationSortColumn = (typeof CONVERSATION_SORT_COLUMNS)[number]

export interface ConversationRow {
  readonly row: number
  readonly addressA: string
  readonly portA: number | null
  readonly addressB: string
  readonly portB: number | null
  readonly packetsAtoB: number
  readonly bytesAtoB: number
  readonly packetsBtoA: number
  readonly bytesBtoA: number
  readonly packets: number
  readonly bytes: number
  /** Seconds since the epoch, and since the capture's first packet (Wireshark's "Rel Start"). */
  readonly start: number
  readonly relStart: number
  readonly duration: number
}

export interface ConversationParams extends PageParams<ConversationSortColumn> {
  readonly kind?: ConversationKind
}

export function conversationTable(data: ExploreData, kind: ConversationKind): ConversationView {
  const c = data.conversations
  return kind === 'eth' ? c.eth : kind === 'tcp' ? c.tcp : kind === 'udp' ? c.udp : c.ip
}

function rowsOfKind(data: ExploreData, kind: ConversationKind, table: ConversationView): Uint32Array {
  const want = kind === 'ipv4' ? 4 : kind === 'ipv6' ? 6 : 0
  const out = new Uint32Array(table.rows)
  let m = 0
  for (let r = 0; r < table.rows; r++) if (want === 0 || data.addresses.kind(table.addrA(r)) === want) out[m++] = r
  return out.slice(0, m)
}

function sortKey(data: ExploreData, t: ConversationView, kind: ConversationKind, column: ConversationSortColumn): (r: number) => number {
  const w = new Uint32Array(4)
  const ported = kind === 'tcp' || kind === 'udp'
  switch (column) {
    case 'a': return (r) => addressKey(data.addresses.wordsInto(t.addrA(r), w), w)
    case 'b': return (r) => addressKey(data.addresses.wordsInto(t.addrB(r), w), w)
    case 'portA': return (r) => (ported ? t.portA(r) : NaN)
    case 'portB': return (r) => (ported ? t.portB(r) : NaN)
    case 'packets': return (r) => t.packetsAB(r) + t.packetsBA(r)
    case 'bytes': return (r) => t.bytesAB(r) + t.bytesBA(r)
    case 'packetsAtoB': return (r) => t.packetsAB(r)
    case 'bytesAtoB': return (r) => t.bytesAB(r)
    case 'packetsBtoA': return (r) => t.packetsBA(r)
    case 'bytesBtoA': return (r) => t.bytesBA(r)
    case 'start': return (r) => t.first(r)
    case 'duration': return (r) => t.last(r) - t.first(r)
    default: return (r) => r
  }
}

function overlaps(t: ConversationView, r: number, range: TimeRange | null): boolean {
  return range === null || (t.last(r) >= range.start && t.first(r) <= range.end)
}

export function conversationsPage(input: ExploreInput, params: ConversationParams = {}): TablePage<ConversationRow> {
  const data = exploreData(input)
  const kind = params.kind ?? 'ipv4'
  const table = conversationTable(data, kind)
  const all = cached(input, data, `conv-rows:${kind}`, () => rowsOfKind(data, kind, table))
  const offset = Math.max(0, Math.floor(params.offset ?? 0))
  const compiled = tryCompileFilter(params.filter ?? '', CONVERSATIONS_TABLE)
  if (!compiled.ok) return { total: all.length, matched: 0, offset, rows: [], error: compiled.error, canonical: '' }
  const filter = compiled.filter
  const range = params.range ?? null
  const rangeText = range ? `${range.start}..${range.end}` : ''
  const matched = cached(input, data, `conv:${kind}:${filter.canonical}:${rangeText}`, () => {
    if (filter.ast === null && range === null) return all
    const rec = new ConversationColumnRecord(table, kind, data.addresses)
    const out = new Uint32Array(all.length)
    let m = 0
    for (const r of all) if (overlaps(table, r, range) && filter.test(rec.set(r))) out[m++] = r
    return out.slice(0, m)
  })
  const sort = params.sort ?? { column: 'bytes', descending: true }
  const order = sort.column === 'row' && !sort.descending ? matched
    : cached(input, data, `conv:${kind}:${filter.canonical}:${rangeText}:${sort.column}:${sort.descending}`, () =>
      orderBy(matched, sortKey(data, table, kind, sort.column), sort.descending))
  const limit = Math.min(MAX_PAGE_ROWS, Math.max(0, Math.floor(params.limit ?? 200)))
  const ported = kind === 'tcp' || kind === 'udp'
  const rows = Array.from(pageOf(order, offset, limit), (r): ConversationRow => ({
    row: r,
    addressA: data.addresses.text(table.addrA(r)),
    portA: ported ? table.portA(r) : null,
    addressB: data.addresses.text(table.addrB(r)),
    portB: ported ? table.portB(r) : null,
    packetsAtoB: table.packetsAB(r),
    bytesAtoB: table.bytesAB(r),
    packetsBtoA: table.packetsBA(r),
    bytesBtoA: table.bytesBA(r),
    packets: table.packetsAB(r) + table.packetsBA(r),
    bytes: table.bytesAB(r) + table.bytesBA(r),
    start: table.first(r),
    relStart: table.first(r) - data.captureStart,
    duration: table.last(r) - table.first(r),
  }))
  return { total: all.length, matched: matched.length, offset, rows, error: null, canonical: filter.canonical }
}
