/**
 * Conversation table rows seen through the filter's FilterRecord, one row at a time over the table's columns
 * (no object per row). Same answers as ConversationAccessor (src/analysis/filter/table-adapters.ts) gives for
 * the row's ConversationRecord: A is "src", B is "dst"; Ethernet rows answer eth.* instead of ip.*.
 */
import type { AddrKey, FilterRecord, NumKey, StrKey } from '../filter/record.ts'
import type { AddressBook } from './address-book.ts'
import type { ConversationView } from './explore-types.ts'

export type ConversationKind = 'eth' | 'ipv4' | 'ipv6' | 'tcp' | 'udp'

export class ConversationColumnRecord implements FilterRecord {
  private r = 0
  private readonly proto: number | null
  private readonly protoText: string | null
  private readonly ported: boolean

  constructor(
    private readonly table: ConversationView,
    private readonly kind: ConversationKind,
    private readonly book: AddressBook,
  ) {
    this.proto = kind === 'tcp' ? 6 : kind === 'udp' ? 17 : null
    this.protoText = kind === 'tcp' || kind === 'udp' ? kind : null
    this.ported = kind === 'tcp' || kind === 'udp'
  }

  set(row: number): this {
    this.r = row
    return this
  }

  num(key: NumKey): number | null {
    const t = this.table
    const r = this.r
    switch (key) {
      case 'ipProto':
        return this.proto
      case 'srcPort':
        return this.ported ? t.portA(r) : null
      case 'dstPort':
        return this.ported ? t.portB(r) : null
      case 'bytes':
        return t.bytesAB(r) + t.bytesBA(r)
      case 'packets':
        return t.packetsAB(r) + t.packetsBA(r)
      case 'srcBytes':
        return t.bytesAB(r)
      case 'dstBytes':
        return t.bytesBA(r)
      case 'srcPackets':
        return t.packetsAB(r)
      case 'dstPackets':
        return t.packetsBA(r)
      case 'start':
        return t.first(r)
      case 'end':
        return t.last(r)
      case 'duration':
        return t.last(r) - t.first(r)
      default:
        return null
    }
  }

  str(key: StrKey, index: number): string | null {
    return index === 0 && key === 'proto' ? this.protoText : null
  }

  addr(key: AddrKey, out: Uint32Array): number {
    const eth = this.kind === 'eth'
    if (key === (eth ? 'ethSrc' : 'src')) return this.book.wordsInto(this.table.addrA(this.r), out)
    if (key === (eth ? 'ethDst' : 'dst')) return this.book.wordsInto(this.table.addrB(this.r), out)
    return 0
  }
}
