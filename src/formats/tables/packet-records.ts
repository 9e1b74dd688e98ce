/**
 * Packet tables (Wireshark's "Export Packet Dissections > As CSV", https://www.wireshark.org/docs/wsug_html_chunked/
 * ChIOExportSection.html, and generic packet CSVs) turned into the packet batches a capture decodes into
 * (model/packet-batch.ts), so flows, conversations, endpoints, windows, baselines and detectors run on them as on
 * a capture. What a row does not say stays at the decoders' "nothing decoded" value: a packet table has no
 * bytes, so no payload, no application facts, no MAC addresses unless the address columns hold them.
 *
 * Where the fields come from: the addresses from Source/Destination (IPv4 dotted quads, IPv6 text; anything else,
 * such as Wireshark's resolved names or MAC addresses, leaves the packet without an IP layer); the transport from
 * the Protocol column (Wireshark names the topmost protocol it dissected: "TCP", "TLSv1.2", "DNS", "ICMP",
 * "ARP", ...; generic tables write "tcp" / "17"); the ports from port columns or the "A → B" at the start of Info;
 * TCP flags, Seq, Ack, Win and Len (payload bytes) from Info as Wireshark writes them ("[SYN, ACK] Seq=0 Ack=1
 * Win=65535 Len=0"). Unreadable values become named anomaly codes in the decode context, never exceptions.
 */
import type { DecodeContext } from '../../decode/context.ts'
import { parseIPv6 } from '../../lib/anonymize/address-text.ts'
import { Layer } from '../../model/layers.ts'
import { Net, type PacketBatch } from '../../model/packet-batch.ts'
import { ICMP_MESSAGES, ICMPV6_MESSAGES, InfoFields, ipv4FromText, macFromText, protocolFacts, transportLayer, UNKNOWN_PROTOCOL, type ProtocolFacts } from './packet-info.ts'
import type { PacketRecordBatch } from './table-model.ts'

/** The link type recorded for table packets: exports do not say, and the rows start at the network layer. */
export const TABLE_PACKET_LINKTYPE = 101
/** Anomaly codes (counted in the decode context, shown with the capture's anomalies). */
export const TABLE_ADDRESS_NOT_IP = 'table.address_not_ip'
export const TABLE_NO_LENGTH = 'table.no_length'
export const TABLE_NO_TIME = 'table.no_time'
export const TABLE_ICMP_UNKNOWN = 'table.icmp_message_unknown'

const ADDRESS_NONE = 0
const ADDRESS_V4 = 4
const ADDRESS_V6 = 6
const ADDRESS_MAC = 8
const ADDRESS_UNREADABLE = 255

/**
 * Converts packet record batches into packet batch rows. One instance per read: it remembers what each interned
 * address and protocol string means, so each distinct value is parsed once.
 */
export class PacketRecordDecoder {
  /** Per string id: ADDRESS_* kind and the address-table id. */
  private addressKind = new Uint8Array(256)
  private addressId = new Uint32Array(256)
  private readonly protocols = new Map<number, ProtocolFacts>()
  private readonly info = new InfoFields()
  private readonly mac = new Uint8Array(6)
  private readonly v6 = new Uint8Array(16)
  /** ARP: who asked last for an address (address id -> asker's address id), to give a reply its target. */
  private readonly askedBy = new Map<number, number>()
  /** ARP: the address each MAC (id) last claimed as a sender. */
  private readonly claimedBy = new Map<number, number>()

  constructor(private readonly ctx: DecodeContext) {}

  /**
   * Writes records [from, from + n) of `records` into rows starting at out.count (the caller makes sure they
   * fit) and returns the number of rows written.
   */
  fill(records: PacketRecordBatch, from: number, n: number, out: PacketBatch): number {
    const ctx = this.ctx
    for (let k = 0; k < n; k++) {
      const r = from + k
      const row = out.count++
      out.clearRow(row)
      let t = records.time[r]
      if (t !== t) {
        ctx.anomalies.add(TABLE_NO_TIME)
        t = 0
      }
      out.time[row] = t
      ctx.time = t
      const length = records.length[r]
      const bytes = length === length && length > 0 ? Math.min(0xffffffff, Math.floor(length)) : 0
      if (bytes === 0) ctx.anomalies.add(TABLE_NO_LENGTH)
      out.capLen[row] = 0
      out.origLen[row] = bytes
      out.linkType[row] = TABLE_PACKET_LINKTYPE
      this.decodeRow(records, r, out, row)
    }
    return n
  }

  private decodeRow(records: PacketRecordBatch, r: number, out: PacketBatch, row: number): void {
    const proto = this.protocolOf(records, records.protocol[r])
    const srcKind = this.address(records, records.src[r])
    const src = this.addressId[records.src[r]]
    const dstKind = this.address(records, records.dst[r])
    const dst = this.addressId[records.dst[r]]
    if (proto.arp || srcKind === ADDRESS_MAC || dstKind === ADDRESS_MAC) {
      if (srcKind === ADDRESS_MAC) out.srcMac[row] = src
      if (dstKind === ADDRESS_MAC) out.dstMac[row] = dst
      if (proto.arp) {
        out.net[row] = Net.ARP
        out.layers[row] = Layer.arp
        this.arp(records.info[r] ?? '', out, row)
      }
      return
    }
    const ip = srcKind === ADDRESS_V4 && dstKind === ADDRESS_V4 ? Net.IPv4 : srcKind === ADDRESS_V6 && dstKind === ADDRESS_V6 ? Net.IPv6 : Net.None
    if (ip === Net.None) {
      if (srcKind === ADDRESS_UNREADABLE || dstKind === ADDRESS_UNREADABLE) this.ctx.anomalies.add(TABLE_ADDRESS_NOT_IP)
      return
    }
    out.net[row] = ip
    out.srcAddr[row] = src
    out.dstAddr[row] = dst
    this.ctx.ipPairs.add(src, dst)
    let layers = ip === Net.IPv4 ? Layer.ip : Layer.ipv6
    let ipProto = proto.ipProto
    const info = records.info[r] ?? ''
    const sport = records.srcPort[r]
    const dport = records.dstPort[r]
    const hasFlags = this.info.read(info)
    // A name Wireshark does not tie to a transport: TCP when Info shows TCP flags, else UDP when it has ports.
    if (ipProto === 0 && sport >= 0 && dport >= 0) ipProto = hasFlags ? 6 : 17
    if (ipProto === 6 && hasFlags) out.tcpFlags[row] = this.info.flags
    layers |= proto.layers | transportLayer(ipProto)
    out.layers[row] = layers
    out.ipProto[row] = ipProto
    out.app[row] = proto.app
    if (ipProto === 6 || ipProto === 17 || ipProto === 132) {
      out.srcPort[row] = sport >= 0 ? sport : 0
      out.dstPort[row] = dport >= 0 ? dport : 0
    }
    const f = this.info
    if (ipProto === 6) {
      if (f.seq >= 0) out.tcpSeq[row] = f.seq >>> 0
      if (f.ack >= 0) out.tcpAck[row] = f.ack >>> 0
      if (f.win >= 0) out.tcpWindow[row] = Math.min(0xffff, f.win)
    }
    if (f.len >= 0 && (ipProto === 6 || ipProto === 17)) out.payloadLen[row] = Math.min(0xffffffff, f.len)
    if (ipProto === 1 || ipProto === 58) this.icmp(info, ipProto === 58, out, row)
  }

  /**
   * ARP sender and target IP addresses (the address columns of an ARP row, as the ARP decoder fills them) from
   * Info: "Who has T? Tell S" (a request), "S is at 00:11:22:33:44:55" (a reply: its target is whoever asked for
   * S last), "Gratuitous ARP for S (Request)" / "ARP Announcement for S" (S to itself).
   */
  private arp(info: string, out: PacketBatch, row: number): void {
    let sender = -1
    let target = -1
    if (info.startsWith('Who has ')) {
      const q = info.indexOf('? Tell ', 8)
      if (q < 0 || q > 8 + 15) return
      target = this.ipv4Id(info.slice(8, q))
      sender = this.ipv4Id(info.slice(q + 7, q + 7 + 15).split(' ')[0])
      if (sender > 0 && target > 0) this.askedBy.set(target, sender)
    } else if (info.startsWith('Gratuitous ARP for ') || info.startsWith('ARP Announcement for ')) {
      sender = target = this.ipv4Id(info.slice(info.indexOf(' for ') + 5).split(' ')[0])
    } else {
      const at = info.indexOf(' is at ')
      if (at < 0 || at > 15) return
      sender = this.ipv4Id(info.slice(0, at))
      target = sender > 0 ? (this.askedBy.get(sender) ?? 0) : 0
      // An unsolicited reply: its target is the address its destination MAC last claimed, if it ever did.
      if (target === 0 && out.dstMac[row] !== 0) target = this.claimedBy.get(out.dstMac[row]) ?? 0
    }
    if (sender > 0 && out.srcMac[row] !== 0) this.claimedBy.set(out.srcMac[row], sender)
    if (sender > 0) out.srcAddr[row] = sender
    if (target > 0) out.dstAddr[row] = target
  }

  /** Address-table id of a dotted quad, or 0. */
  private ipv4Id(text: string): number {
    const v = ipv4FromText(text)
    return v < 0 ? 0 : this.ctx.addresses.ipv4(v | 0)
  }

  /** ICMP type and code (in the port columns, as the decoders store them) and the echo id, from Info. */
  private icmp(info: string, v6: boolean, out: PacketBatch, row: number): void {
    const messages = v6 ? ICMPV6_MESSAGES : ICMP_MESSAGES
    for (let m = 0; m < messages.length; m++) {
      const [prefix, type, code] = messages[m]
      if (!info.startsWith(prefix)) continue
      out.srcPort[row] = type
      out.dstPort[row] = code
      const at = info.indexOf('id=0x', prefix.length)
      if (at >= 0 && at < 64) {
        const id = Number.parseInt(info.slice(at + 5, at + 9), 16)
        if (id === id) out.icmpId[row] = id & 0xffff
      }
      return
    }
    this.ctx.anomalies.add(TABLE_ICMP_UNKNOWN)
  }

  private protocolOf(records: PacketRecordBatch, id: number): ProtocolFacts {
    if (id === 0) return UNKNOWN_PROTOCOL
    let facts = this.protocols.get(id)
    if (facts === undefined) {
      facts = protocolFacts(records.strings[id] ?? '')
      this.protocols.set(id, facts)
    }
    return facts
  }

  /** Kind of string id `id` as an address (parsed on first sight); its address-table id in addressId[id]. */
  private address(records: PacketRecordBatch, id: number): number {
    if (id === 0) return ADDRESS_NONE
    if (id >= this.addressKind.length) this.grow(id)
    const known = this.addressKind[id]
    if (known !== ADDRESS_NONE) return known
    const text = records.strings[id] ?? ''
    const addresses = this.ctx.addresses
    let kind = ADDRESS_UNREADABLE
    const v4 = ipv4FromText(text)
    if (v4 >= 0) {
      this.addressId[id] = addresses.ipv4(v4 | 0)
      kind = ADDRESS_V4
    } else if (text.includes(':')) {
      const v6 = text.length >= 2 && text.length <= 45 ? parseIPv6(text) : null
      if (v6 !== null) {
        this.v6.set(v6)
        this.addressId[id] = addresses.ipv6(this.v6, 0)
        kind = ADDRESS_V6
      } else if (macFromText(text, this.mac)) {
        this.addressId[id] = addresses.mac(this.mac, 0)
        kind = ADDRESS_MAC
      }
    }
    this.addressKind[id] = kind
    return kind
  }

  private grow(id: number): void {
    const size = Math.max(id + 1, this.addressKind.length * 2)
    const kinds = new Uint8Array(size)
    kinds.set(this.addressKind)
    const ids = new Uint32Array(size)
    ids.set(this.addressId)
    this.addressKind = kinds
    this.addressId = ids
  }
}
