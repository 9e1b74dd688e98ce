/**
 * The endpoints table's query (Wireshark's Statistics > Endpoints, IPv4 and IPv6): per address, packets and
 * bytes sent and received, summed from the IP conversation table (as src/analysis/endpoints.ts does, so the
 * numbers agree with tshark -z endpoints,ip), plus the role the topology gives the host. Filtered over columns.
 */
import { computeEndpoints, type EndpointColumns } from '../endpoints.ts'
import { ENDPOINTS_TABLE, tryCompileFilter } from '../filter/index.ts'
import type { AddrKey, FilterRecord, NumKey, StrKey } from '../filter/record.ts'
import { cached, exploreData, type ExploreInput } from './explore-source.ts'
import type { ExploreData } from './explore-types.ts'
import { MAX_PAGE_ROWS, type PageParams, type TablePage } from './flows-page.ts'
import { buildHostTable, roleName, type HostRole } from './host-table.ts'
import { addressKey, orderBy, pageOf, textRank } from './row-order.ts'

export const ENDPOINT_SORT_COLUMNS = ['address', 'packets', 'bytes', 'txPackets', 'txBytes', 'rxPackets', 'rxBytes', 'role'] as const
export type EndpointSortColumn = (typeof ENDPOINT_SORT_COLUMNS)[number]

export interface EndpointRow {
  readonly address: string
  readonly kind: 'ipv4' | 'ipv6'
  readonly name: string | null
  readonly role: HostRole
  readonly packets: number
  readonly bytes: number
  readonly txPackets: number
  readonly txBytes: number
  readonly rxPackets: number
  readonly rxBytes: number
}

export interface EndpointParams extends PageParams<EndpointSortColumn> {
  /** 'all' (default), 'ipv4' or 'ipv6'. */
  readonly kind?: 'all' | 'ipv4' | 'ipv6'
}

/** Sums the IP conversations per address (the same computation as the live statistics). */
export function endpointColumns(data: ExploreData): EndpointColumns {
  return computeEndpoints(data.conversations.ip, data.addresses.size)
}

class EndpointColumnRecord implements FilterRecord {
  private r = 0
  constructor(private readonly e: EndpointColumns, private readonly data: ExploreData) {}
  set(r: number): this {
    this.r = r
    return this
  }
  num(key: NumKey): number | null {
    const e = this.e
    const r = this.r
    switch (key) {
      case 'bytes': return e.txBytes[r] + e.rxBytes[r]
      case 'packets': return e.txPackets[r] + e.rxPackets[r]
      case 'txBytes': return e.txBytes[r]
      case 'rxBytes': return e.rxBytes[r]
      case 'txPackets': return e.txPackets[r]
      case 'rxPackets': return e.rxPackets[r]
      default: return null
    }
  }
  str(_key: StrKey, _index: number): string | null {
    return null
  }
  addr(key: AddrKey, out: Uint32Array): number {
    return key === 'src' ? this.data.addresses.wordsInto(this.e.ids[this.r], out) : 0
  }
}

export function endpointsPage(input: ExploreInput, params: EndpointParams = {}): TablePage<EndpointRow> {
  const data = exploreData(input)
  const e = cached(input, data, 'endpoints', () => endpointColumns(data))
  const hosts = cached(input, data, 'hosts', () => buildHostTable(data))
  const kind = params.kind ?? 'all'
  const want = kind === 'ipv4' ? 4 : kind === 'ipv6' ? 6 : 0
  const offset = Math.max(0, Math.floor(params.offset ?? 0))
  const compiled = tryCompileFilter(params.filter ?? '', ENDPOINTS_TABLE)
  const ofKind = cached(input, data, `endpoint-rows:${kind}`, () => {
    const out = new Uint32Array(e.count)
    let m = 0
    for (let r = 0; r < e.count; r++) if (want === 0 || data.addresses.kind(e.ids[r]) === want) out[m++] = r
    return out.slice(0, m)
  })
  if (!compiled.ok) return { total: ofKind.length, matched: 0, offset, rows: [], error: compiled.error, canonical: '' }
  const filter = compiled.filter
  const matched = filter.ast === null ? ofKind : cached(input, data, `endpoints:${kind}:${filter.canonical}`, () => {
    const rec = new EndpointColumnRecord(e, data)
    return ofKind.filter((r) => filter.test(rec.set(r)))
  })
  const roleOf = (r: number): HostRole => {
    const h = hosts.rowOf[e.ids[r]] ?? -1
    return h >= 0 ? roleName(hosts.role[h]) : 'other'
  }
  const sort = params.sort ?? { column: 'bytes', descending: true }
  const w = new Uint32Array(4)
  const key = (c: EndpointSortColumn): ((r: number) => number) => {
    switch (c) {
      case 'address': return (r) => addressKey(data.addresses.wordsInto(e.ids[r], w), w)
      case 'packets': return (r) => e.txPackets[r] + e.rxPackets[r]
      case 'txPackets': return (r) => e.txPackets[r]
      case 'txBytes': return (r) => e.txBytes[r]
      case 'rxPackets': return (r) => e.rxPackets[r]
      case 'rxBytes': return (r) => e.rxBytes[r]
      case 'role': return textRank(matched, roleOf)
      default: return (r) => e.txBytes[r] + e.rxBytes[r]
    }
  }
  const order = cached(input, data, `endpoints:${kind}:${filter.canonical}:${sort.column}:${sort.descending}`, () => orderBy(matched, key(sort.column), sort.descending))
  const limit = Math.min(MAX_PAGE_ROWS, Math.max(0, Math.floor(params.limit ?? 200)))
  const rows = Array.from(pageOf(order, offset, limit), (r): EndpointRow => ({
    address: data.addresses.text(e.ids[r]),
    kind: data.addresses.kind(e.ids[r]) === 6 ? 'ipv6' : 'ipv4',
    name: hosts.names.get(e.ids[r]) ?? null,
    role: roleOf(r),
    packets: e.txPackets[r] + e.rxPackets[r],
    bytes: e.txBytes[r] + e.rxBytes[r],
    txPackets: e.txPackets[r],
    txBytes: e.txBytes[r],
    rxPackets: e.rxPackets[r],
    rxBytes: e.rxBytes[r],
  }))
  return { total: ofKind.length, matched: matched.length, offset, rows, error: null, canonical: filter.canonical }
}
