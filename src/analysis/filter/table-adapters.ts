/**
 * Conversation and endpoint rows (src/analysis/conversations.ts, endpoints.ts) seen through FilterRecord.
 * Conversations: A is "src" and B is "dst" (A -> B counts are the ".orig" fields); Ethernet conversations
 * answer eth.* and not ip.*. Endpoints: the row's address is "src" (ip.addr), with sent/received counts.
 */
import type { ConversationKind, ConversationRecord } from '../conversations.ts'
import type { EndpointRecord } from '../endpoints.ts'
import { parseAddressInto } from './addresses.ts'
import type { AddrKey, FilterRecord, NumKey, StrKey } from './record.ts'

export class ConversationAccessor implements FilterRecord {
  private row: ConversationRecord | null = null
  private kind: ConversationKind = 'ipv4'
  private label: string | null = null

  /**
   * @param captureStart seconds since 1970 of the capture's first packet, added to relStart for the start and
   *   end fields (0 leaves them relative to the capture).
   */
  constructor(private readonly captureStart = 0) {}

  set(row: ConversationRecord, kind: ConversationKind, label: string | null = null): this {
    this.row = row
    this.kind = kind
    this.label = label
    return this
  }

  num(key: NumKey): number | null {
    const r = this.row
    if (r === null) return null
    const proto = this.kind === 'tcp' ? 6 : this.kind === 'udp' ? 17 : null
    switch (key) {
      case 'ipProto':
        return proto
      case 'srcPort':
        return r.portA
      case 'dstPort':
        return r.portB
      case 'bytes':
        return r.bytes
      case 'packets':
        return r.packets
      case 'srcBytes':
        return r.bytesAtoB
      case 'dstBytes':
        return r.bytesBtoA
      case 'srcPackets':
        return r.packetsAtoB
      case 'dstPackets':
        return r.packetsBtoA
      case 'start':
        return this.captureStart + r.relStart
      case 'end':
        return this.captureStart + r.relStart + r.duration
      case 'duration':
        return r.duration
      default:
        return null
    }
  }

  str(key: StrKey, index: number): string | null {
    if (this.row === null || index !== 0) return null
    if (key === 'proto') return this.kind === 'tcp' || this.kind === 'udp' ? this.kind : null
    return key === 'label' ? this.label : null
  }

  addr(key: AddrKey, out: Uint32Array): number {
    const r = this.row
    if (r === null) return 0
    const eth = this.kind === 'eth'
    if (key === (eth ? 'ethSrc' : 'src')) return parseAddressInto(r.addressA, out)
    if (key === (eth ? 'ethDst' : 'dst')) return parseAddressInto(r.addressB, out)
    return 0
  }
}

export class EndpointAccessor implements FilterRecord {
  private row: EndpointRecord | null = null
  private label: string | null = null

  set(row: EndpointRecord, label: string | null = null): this {
    this.row = row
    this.label = label
    return this
  }

  num(key: NumKey): number | null {
    const r = this.row
    if (r === null) return null
    switch (key) {
      case 'bytes':
        return r.bytes
      case 'packets':
        return r.packets
      case 'txBytes':
        return r.txBytes
      case 'rxBytes':
        return r.rxBytes
      case 'txPackets':
        return r.txPackets
      case 'rxPackets':
        return r.rxPackets
      default:
        return null
    }
  }

  str(key: StrKey, index: number): string | null {
    return this.row !== null && index === 0 && key === 'label' ? this.label : null
  }

  addr(key: AddrKey, out: Uint32Array): number {
    return this.row !== null && key === 'src' ? parseAddressInto(this.row.address, out) : 0
  }
}
