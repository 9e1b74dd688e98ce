/**
 * IP endpoints as `tshark -z endpoints,ip` / `endpoints,ipv6` and Wireshark's Statistics > Endpoints count them
 * (https://www.wireshark.org/docs/wsug_html_chunked/ChStatEndpoints.html): per address, packets and bytes sent
 * (Tx) and received (Rx). Derived after the fact from the IP conversation table (each conversation adds its
 * A->B traffic to A's Tx and B's Rx and the reverse), so it costs nothing per packet and agrees with the
 * conversations by construction. Traffic that overflowed the conversation table is not in it; top-talkers.ts
 * accounts for that part with sketches.
 */
import { AddrKind, type AddressTable } from '../model/address-table.ts'

/** The part of an IP conversation table endpoints are summed from (ConversationTable, or a stored session's copy). */
export interface IpConversationRows {
  readonly rows: number
  addrA(r: number): number
  addrB(r: number): number
  packetsAB(r: number): number
  packetsBA(r: number): number
  bytesAB(r: number): number
  bytesBA(r: number): number
}

/** Endpoints as columns: row i describes address ids[i]. */
export interface EndpointColumns {
  readonly count: number
  readonly ids: Uint32Array
  readonly txPackets: Float64Array
  readonly txBytes: Float64Array
  readonly rxPackets: Float64Array
  readonly rxBytes: Float64Array
}

export interface EndpointRecord {
  readonly address: string
  readonly kind: 'ipv4' | 'ipv6'
  readonly packets: number
  readonly bytes: number
  readonly txPackets: number
  readonly txBytes: number
  readonly rxPackets: number
  readonly rxBytes: number
}

/** Sums the IP conversation table per address. `addressCount` bounds the ids (AddressTable.size). */
export function computeEndpoints(ip: IpConversationRows, addressCount: number): EndpointColumns {
  const rowOf = new Int32Array(Math.max(1, addressCount)).fill(-1)
  let count = 0
  const ids: number[] = []
  const note = (id: number): number => {
    // Id 0 is "no address"; ids past the table cannot come from it.
    if (id <= 0 || id >= rowOf.length) return -1
    let r = rowOf[id]
    if (r < 0) {
      r = count++
      rowOf[id] = r
      ids.push(id)
    }
    return r
  }
  for (let r = 0; r < ip.rows; r++) {
    note(ip.addrA(r))
    note(ip.addrB(r))
  }
  const out = {
    count,
    ids: Uint32Array.from(ids),
    txPackets: new Float64Array(count),
    txBytes: new Float64Array(count),
    rxPackets: new Float64Array(count),
    rxBytes: new Float64Array(count),
  }
  for (let r = 0; r < ip.rows; r++) {
    const a = rowOf[ip.addrA(r)]
    const b = rowOf[ip.addrB(r)]
    if (a < 0 || b < 0) continue
    out.txPackets[a] += ip.packetsAB(r)
    out.txBytes[a] += ip.bytesAB(r)
    out.rxPackets[b] += ip.packetsAB(r)
    out.rxBytes[b] += ip.bytesAB(r)
    out.txPackets[b] += ip.packetsBA(r)
    out.txBytes[b] += ip.bytesBA(r)
    out.rxPackets[a] += ip.packetsBA(r)
    out.rxBytes[a] += ip.bytesBA(r)
  }
  return out
}

export type EndpointSort = 'bytes' | 'packets' | 'txBytes' | 'rxBytes'

/** A table-sized page of endpoints, largest first. */
export function listEndpoints(e: EndpointColumns, addresses: AddressTable, sort: EndpointSort = 'bytes', limit = 100, offset = 0): EndpointRecord[] {
  const key = (r: number): number =>
    sort === 'packets' ? e.txPackets[r] + e.rxPackets[r] : sort === 'txBytes' ? e.txBytes[r] : sort === 'rxBytes' ? e.rxBytes[r] : e.txBytes[r] + e.rxBytes[r]
  const rows = Array.from({ length: e.count }, (_, r) => r)
  rows.sort((a, b) => key(b) - key(a) || e.ids[a] - e.ids[b])
  return rows.slice(Math.max(0, offset), Math.max(0, offset) + Math.max(0, limit)).map((r) => endpointRecord(e, r, addresses))
}

export function endpointRecord(e: EndpointColumns, r: number, addresses: AddressTable): EndpointRecord {
  return {
    address: addresses.format(e.ids[r]),
    kind: addresses.kind(e.ids[r]) === AddrKind.IPv6 ? 'ipv6' : 'ipv4',
    packets: e.txPackets[r] + e.rxPackets[r],
    bytes: e.txBytes[r] + e.rxBytes[r],
    txPackets: e.txPackets[r],
    txBytes: e.txBytes[r],
    rxPackets: e.rxPackets[r],
    rxBytes: e.rxBytes[r],
  }
}

/** Endpoints per address kind. */
export function countEndpoints(e: EndpointColumns, addresses: AddressTable): { ipv4: number; ipv6: number } {
  let v6 = 0
  for (let r = 0; r < e.count; r++) if (addresses.kind(e.ids[r]) === AddrKind.IPv6) v6++
  return { ipv4: e.count - v6, ipv6: v6 }
}
