/**
 * The flow columns seen through the filter's FilterRecord interface, one flow id at a time: filtering a
 * million flows reads typed arrays and creates no object per flow. It answers exactly what
 * FlowRecordAccessor (src/analysis/filter/flow-adapter.ts) answers for the same flow's FlowRecord; the
 * property test in flow-column-record.test.ts holds the two to that.
 */
import { CONN_STATE_NAMES } from '../../flows/conn-state.ts'
import { FlowFlag } from '../../flows/flow-columns.ts'
import type { AddrKey, FilterRecord, NumKey, StrKey } from '../filter/record.ts'
import { appName, protoName } from './flow-names.ts'
import type { ExploreData, ExploreFlowColumns, FactRow } from './explore-types.ts'

const IP = 0
const TCP = 6

function hasPorts(c: ExploreFlowColumns, id: number): boolean {
  const p = c.proto[id]
  return c.kind[id] === IP && (p === 6 || p === 17 || p === 132)
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null
}

export class FlowColumnRecord implements FilterRecord {
  private id = 0
  private facts: FactRow | undefined = undefined
  private readonly c: ExploreFlowColumns

  constructor(private readonly data: ExploreData) {
    this.c = data.flows
  }

  /** Points the record at flow `id`. */
  set(id: number): this {
    this.id = id
    this.facts = this.data.facts.size === 0 ? undefined : this.data.facts.get(id)
    return this
  }

  num(key: NumKey): number | null {
    const c = this.c
    const id = this.id
    switch (key) {
      case 'ipProto':
        return c.kind[id] === IP ? c.proto[id] : null
      case 'srcPort':
        return hasPorts(c, id) ? c.origPort[id] : null
      case 'dstPort':
        return hasPorts(c, id) ? c.respPort[id] : null
      case 'bytes':
        return c.origBytes[id] + c.respBytes[id]
      case 'packets':
        return c.origPkts[id] + c.respPkts[id]
      case 'srcBytes':
        return c.origBytes[id]
      case 'dstBytes':
        return c.respBytes[id]
      case 'srcPackets':
        return c.origPkts[id]
      case 'dstPackets':
        return c.respPkts[id]
      case 'start':
        return c.first[id]
      case 'end':
        return c.last[id]
      case 'duration':
        return c.last[id] - c.first[id]
      case 'vlan':
        return this.data.vlanKeyed && c.vlan[id] !== 0xffff ? c.vlan[id] : null
      case 'rtt':
        return finite(c.handshakeRtt[id])
      case 'retrans':
        return c.kind[id] === IP && c.proto[id] === TCP ? c.retransOrig[id] + c.retransResp[id] : null
      case 'dnsQtype':
        return this.facts?.dnsQtype ?? null
      case 'dnsRcode':
        return this.facts?.dnsRcode ?? null
      case 'handshake':
        return (c.flags[id] & FlowFlag.Handshake) !== 0 ? 1 : 0
      case 'tunnel':
        return (c.flags[id] & FlowFlag.Tunnel) !== 0 ? 1 : 0
      default:
        return null
    }
  }

  str(key: StrKey, index: number): string | null {
    const f = this.facts
    if (key === 'tlsAlpn') return f?.tlsAlpn[index] ?? null
    if (key === 'dnsAnswer') return f?.dnsAnswers[index] ?? null
    if (index !== 0) return null
    const c = this.c
    const id = this.id
    switch (key) {
      case 'proto':
        return protoName(c.kind[id], c.proto[id])
      case 'app':
        return appName(c.app[id], c.proto[id], c.origPort[id], c.respPort[id])
      case 'state':
        return CONN_STATE_NAMES[c.state[id]] ?? 'OTH'
      case 'history':
        return this.data.history(id)
      case 'tlsSni':
        return f?.tlsSni ?? null
      case 'tlsJa3':
        return f?.ja3 ?? null
      case 'tlsJa4':
        return f?.ja4 ?? null
      case 'dnsQuery':
        return f?.dnsQuery ?? null
      case 'httpHost':
        return f?.httpHost ?? null
      case 'httpMethod':
        return f?.httpMethod ?? null
      case 'httpUri':
        return f?.httpUri ?? null
      case 'httpUserAgent':
        return f?.httpUserAgent ?? null
      case 'dhcpHostName':
        return f?.dhcpHostName ?? null
      default:
        return null
    }
  }

  addr(key: AddrKey, out: Uint32Array): number {
    const c = this.c
    const id = this.id
    const book = this.data.addresses
    if (key === 'ethSrc') return c.origMac[id] === 0 ? 0 : book.wordsInto(c.origMac[id], out)
    if (key === 'ethDst') return c.respMac[id] === 0 ? 0 : book.wordsInto(c.respMac[id], out)
    if (c.kind[id] !== IP) return 0
    if (key === 'src') return book.wordsInto(c.origAddr[id], out)
    if (key === 'dst') return book.wordsInto(c.respAddr[id], out)
    return 0
  }
}
