/**
 * FlowRecord (src/flows/flow-records.ts) seen through the FilterRecord interface. One accessor is pointed at
 * row after row with `set`, so filtering a page of flows creates no object per flow; addresses are parsed from
 * their text into the filter's buffer without allocating.
 */
import type { FlowRecord } from '../../flows/flow-records.ts'
import { parseAddressInto } from './addresses.ts'
import type { CompiledFilter } from './compile.ts'
import type { AddrKey, FilterRecord, NumKey, StrKey } from './record.ts'

/** IP protocols whose flows have ports (TCP, UDP, SCTP); other flows keep ICMP type/code or 0 there. */
function hasPorts(r: FlowRecord): boolean {
  return r.kind === 'ip' && (r.ipProto === 6 || r.ipProto === 17 || r.ipProto === 132)
}

const EMPTY: FlowRecord | null = null

export class FlowRecordAccessor implements FilterRecord {
  private record: FlowRecord | null = EMPTY
  private label: string | null = null

  /** Points the accessor at `record` (with the label a table gives it, if any) and returns it. */
  set(record: FlowRecord, label: string | null = null): this {
    this.record = record
    this.label = label
    return this
  }

  num(key: NumKey): number | null {
    const r = this.record
    if (r === null) return null
    switch (key) {
      case 'ipProto':
        return r.kind === 'ip' ? r.ipProto : null
      case 'srcPort':
        return hasPorts(r) ? r.origPort : null
      case 'dstPort':
        return hasPorts(r) ? r.respPort : null
      case 'bytes':
        return r.origBytes + r.respBytes
      case 'packets':
        return r.origPkts + r.respPkts
      case 'srcBytes':
        return r.origBytes
      case 'dstBytes':
        return r.respBytes
      case 'srcPackets':
        return r.origPkts
      case 'dstPackets':
        return r.respPkts
      case 'start':
        return r.first
      case 'end':
        return r.last
      case 'duration':
        return r.duration
      case 'vlan':
        return r.vlan
      case 'rtt':
        return r.handshakeRtt
      case 'retrans':
        return r.kind === 'ip' && r.ipProto === 6 ? r.origRetransmissions + r.respRetransmissions : null
      case 'dnsQtype':
        return r.dnsQtype
      case 'dnsRcode':
        return r.dnsRcode
      case 'handshake':
        return r.handshake ? 1 : 0
      case 'tunnel':
        return r.tunnel ? 1 : 0
      default:
        return null
    }
  }

  str(key: StrKey, index: number): string | null {
    const r = this.record
    if (r === null) return null
    if (key === 'tlsAlpn') return r.tlsAlpn[index] ?? null
    if (key === 'dnsAnswer') return r.dnsAnswers[index] ?? null
    if (index !== 0) return null
    switch (key) {
      case 'proto':
        return r.proto
      case 'app':
        return r.app
      case 'state':
        return r.state
      case 'history':
        return r.history
      case 'tlsSni':
        return r.tlsSni
      case 'tlsJa3':
        return r.ja3
      case 'tlsJa4':
        return r.ja4
      case 'dnsQuery':
        return r.dnsQuery
      case 'httpHost':
        return r.httpHost
      case 'httpMethod':
        return r.httpMethod
      case 'httpUri':
        return r.httpUri
      case 'httpUserAgent':
        return r.httpUserAgent
      case 'dhcpHostName':
        return r.dhcpHostName
      case 'label':
        return this.label
      default:
        return null
    }
  }

  addr(key: AddrKey, out: Uint32Array): number {
    const r = this.record
    if (r === null) return 0
    if (key === 'ethSrc') return r.origMac === null ? 0 : parseAddressInto(r.origMac, out)
    if (key === 'ethDst') return r.respMac === null ? 0 : parseAddressInto(r.respMac, out)
    if (r.kind !== 'ip') return 0
    if (key === 'src') return parseAddressInto(r.origAddr, out)
    if (key === 'dst') return parseAddressInto(r.respAddr, out)
    return 0
  }
}

/** A FilterRecord over one flow (for a single test; to filter many, reuse one FlowRecordAccessor). */
export function flowRecordAccessor(record: FlowRecord, label: string | null = null): FilterRecord {
  return new FlowRecordAccessor().set(record, label)
}

/** The flows that pass `filter`, in order. `labelOf` supplies the "label" field when the table has labels. */
export function filterFlowRecords(filter: CompiledFilter, records: readonly FlowRecord[], labelOf?: (r: FlowRecord) => string | null): FlowRecord[] {
  const accessor = new FlowRecordAccessor()
  const out: FlowRecord[] = []
  for (const r of records) if (filter.test(accessor.set(r, labelOf === undefined ? null : labelOf(r)))) out.push(r)
  return out
}
