/**
 * Conversations as Wireshark's Statistics > Conversations and `tshark -z conv,eth|ip|ipv6|tcp|udp` count them
 * (https://www.wireshark.org/docs/wsug_html_chunked/ChStatConversations.html), over packet batches:
 * - Ethernet: frames with an Ethernet header, by MAC pair;
 * - IP: frames with an IPv4/IPv6 header, by address pair (IPv4 and IPv6 are told apart by the address kind);
 * - TCP / UDP: frames with that header, by (address, port) pairs; TCP splits reused ports like Wireshark.
 *
 * Difference from tshark, by construction of PacketBatch: only the outermost Ethernet and the innermost IP
 * header of a frame are known, so tunnels (IP-in-IP, GRE, VXLAN) count their inner pair only where tshark
 * counts every header. DecodeContext.ipPairs holds the every-header pair count for the summary. The outer UDP
 * tuple of a UDP tunnel (VXLAN, Geneve, GTP, Teredo: PacketBatch.tunnel*) is a UDP conversation of its own, as
 * in tshark; nested tunnels keep only their outermost one.
 *
 * A transport header too short to read leaves ports 0/0 with its layer bit set; tshark makes no conversation of
 * it and neither do these tables (the flow table's rule, flows/flow-key.ts).
 */
import { AddrKind, type AddressTable } from '../model/address-table.ts'
import { Layer } from '../model/layers.ts'
import { Net, type PacketBatch } from '../model/packet-batch.ts'
import { ConversationTable, DEFAULT_MAX_CONVERSATIONS } from './conversation-table.ts'
import { topByKey } from '../lib/top-k.ts'

export type ConversationKind = 'eth' | 'ipv4' | 'ipv6' | 'tcp' | 'udp'

export interface ConversationRecord {
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
  /** Seconds since the first packet of the capture, as Wireshark's "Rel Start". */
  readonly relStart: number
  readonly duration: number
}

export interface ConversationCounts {
  readonly eth: number
  readonly ipv4: number
  readonly ipv6: number
  readonly ip: number
  readonly tcp: number
  readonly udp: number
  /** Packets that did not fit in a full table (counted in overflow, conversation count estimated). */
  readonly overflowPackets: number
}

export type ConversationSort = 'bytes' | 'packets' | 'start'

export class Conversations {
  readonly eth: ConversationTable
  readonly ip: ConversationTable
  readonly tcp: ConversationTable
  readonly udp: ConversationTable
  private lastTime = 0
  /**
   * Per flow id (FlowTable's), row + 1 of the Ethernet, transport and IP conversation its last packet went to
   * (0 = none): the row hint of ConversationTable.add, so a flow's packets skip the hash lookups.
   */
  private ethHint = new Int32Array(0)
  private l4Hint = new Int32Array(0)
  private ipHint = new Int32Array(0)

  constructor(maxRows = DEFAULT_MAX_CONVERSATIONS) {
    this.eth = new ConversationTable(maxRows)
    this.ip = new ConversationTable(maxRows)
    this.tcp = new ConversationTable(maxRows)
    this.udp = new ConversationTable(maxRows)
  }

  /**
   * Adds every row of the batch. Optional per-packet outputs: `ipRows` receives each packet's IP conversation
   * row (-1 when none). With `windowStamps` (one per packet, from Windows.stampsFor), `repeat[i]` is set to 1
   * when packet i's conversation already had a packet in the same direction in the same window, so the
   * windows can skip looking up pairs they have already counted. `flowIds` (one per packet, from
   * FlowTable.consume, -1 for none) only speeds the lookups up: the counts are the same without it.
   */
  consume(batch: PacketBatch, ipRows?: Int32Array, windowStamps?: Uint32Array, repeat?: Uint8Array, flowIds?: Int32Array): void {
    const n = batch.count
    const { layers, net, srcMac, dstMac, srcAddr, dstAddr, srcPort, dstPort, ipProto, tcpFlags, tcpSeq, time, origLen, tunnelProto } = batch
    const ETH = Layer.eth
    const TCP = Layer.tcp
    const UDP = Layer.udp
    const ip = this.ip
    const stamps = windowStamps !== undefined && repeat !== undefined ? windowStamps : null
    const fids = flowIds !== undefined && flowIds.length >= n ? flowIds : null
    let lastTime = this.lastTime
    for (let i = 0; i < n; i++) {
      const l = layers[i]
      // Readers normalise timestamps; should one still be NaN or infinite, reuse the previous one.
      const t = Number.isFinite(time[i]) ? (lastTime = time[i]) : lastTime
      const len = origLen[i]
      const fid = fids === null ? -1 : fids[i]
      if (fid >= this.ethHint.length) this.growHints(fid + 1)
      if ((l & ETH) !== 0 && (srcMac[i] | dstMac[i]) !== 0) {
        const r = this.eth.add(srcMac[i], 0, dstMac[i], 0, t, len, -1, 0, fid >= 0 ? this.ethHint[fid] - 1 : -1)
        if (fid >= 0) this.ethHint[fid] = r + 1
      }
      const nv = net[i]
      let ipRow = -1
      let seen = false
      if ((nv === Net.IPv4 || nv === Net.IPv6) && srcAddr[i] !== 0 && dstAddr[i] !== 0) {
        const s = srcAddr[i]
        const d = dstAddr[i]
        const p = ipProto[i]
        const hasPorts = (srcPort[i] | dstPort[i]) !== 0
        const l4 = !hasPorts ? null : p === 6 && (l & TCP) !== 0 ? this.tcp : p === 17 && (l & UDP) !== 0 ? this.udp : null
        const row = l4 === null ? -1 : l4.add(s, srcPort[i], d, dstPort[i], t, len, p === 6 ? tcpFlags[i] : -1, tcpSeq[i], fid >= 0 ? this.l4Hint[fid] - 1 : -1)
        if (fid >= 0 && l4 !== null) this.l4Hint[fid] = row + 1
        if (l4 !== null && row >= 0) {
          const fromA = l4.lastFromA
          // The transport row remembers its IP-pair row, which saves the second lookup (not for s === d,
          // where the IP row counts both directions as A to B).
          ipRow = l4.link(row)
          if (ipRow >= 0) ip.addToRow(ipRow, fromA !== l4.linkFlipped(row), t, len)
          else {
            ipRow = ip.add(s, 0, d, 0, t, len, -1, 0)
            if (ipRow >= 0 && s !== d) l4.setLink(row, ipRow, ip.lastFromA !== fromA)
          }
          if (stamps !== null) seen = l4.stampDirection(row, fromA, stamps[i])
        } else {
          ipRow = ip.add(s, 0, d, 0, t, len, -1, 0, fid >= 0 ? this.ipHint[fid] - 1 : -1)
          if (fid >= 0) this.ipHint[fid] = ipRow + 1
          if (stamps !== null && l4 === null && ipRow >= 0) seen = ip.stampDirection(ipRow, ip.lastFromA, stamps[i])
        }
      }
      if (tunnelProto[i] === 17) this.addTunnel(batch, i, t, len)
      if (ipRows) ipRows[i] = ipRow
      if (stamps !== null && repeat) repeat[i] = seen ? 1 : 0
    }
    this.lastTime = lastTime
  }

  /**
   * Frees the per-flow lookup hints (12 bytes per flow id) once no more packets come: hints only save lookups,
   * so a packet counted afterwards still finds its rows (the hints grow again).
   */
  dropHints(): void {
    this.ethHint = new Int32Array(0)
    this.l4Hint = new Int32Array(0)
    this.ipHint = new Int32Array(0)
  }

  private growHints(n: number): void {
    const cap = Math.max(n, this.ethHint.length * 2, 1024)
    const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(cap)
      b.set(a)
      return b
    }
    this.ethHint = grow(this.ethHint)
    this.l4Hint = grow(this.l4Hint)
    this.ipHint = grow(this.ipHint)
  }

  /** Counts packet `i` in the UDP conversation of its outer tunnel header (rare: not inlined in the loop). */
  private addTunnel(b: PacketBatch, i: number, t: number, len: number): void {
    const sp = b.tunnelSrcPort[i]
    const dp = b.tunnelDstPort[i]
    if ((sp | dp) !== 0) this.udp.add(b.tunnelSrcAddr[i], sp, b.tunnelDstAddr[i], dp, t, len, -1, 0)
  }

  counts(addresses: AddressTable): ConversationCounts {
    let v6 = 0
    const ip = this.ip
    for (let r = 0; r < ip.rows; r++) if (addresses.kind(ip.addrA(r)) === AddrKind.IPv6) v6++
    const ipTotal = ip.count
    return {
      eth: this.eth.count,
      ipv4: ipTotal - v6,
      ipv6: v6,
      ip: ipTotal,
      tcp: this.tcp.count,
      udp: this.udp.count,
      overflowPackets: this.eth.overflowPackets + ip.overflowPackets + this.tcp.overflowPackets + this.udp.overflowPackets,
    }
  }

  table(kind: ConversationKind): ConversationTable {
    return kind === 'eth' ? this.eth : kind === 'tcp' ? this.tcp : kind === 'udp' ? this.udp : this.ip
  }

  /**
   * A table-sized page of conversations of one kind, sorted (largest first for bytes/packets, earliest first
   * for start). `captureStart` is the capture's first packet time (for relStart).
   */
  list(kind: ConversationKind, addresses: AddressTable, captureStart: number, sort: ConversationSort = 'bytes', limit = 100, offset = 0): ConversationRecord[] {
    const t = this.table(kind)
    const rows: number[] = []
    const wantKind = kind === 'ipv4' ? AddrKind.IPv4 : kind === 'ipv6' ? AddrKind.IPv6 : null
    for (let r = 0; r < t.rows; r++) if (wantKind === null || addresses.kind(t.addrA(r)) === wantKind) rows.push(r)
    const keys = new Float64Array(rows.length)
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]
      keys[i] = sort === 'bytes' ? t.bytesAB(r) + t.bytesBA(r) : sort === 'packets' ? t.packetsAB(r) + t.packetsBA(r) : -t.first(r)
    }
    const from = Math.max(0, offset)
    // Only the rows up to the end of the page are ranked (a heap of offset + limit, not a sort of all rows).
    const ranked = topByKey(rows, keys, from + Math.max(0, limit))
    const hasPorts = kind === 'tcp' || kind === 'udp'
    const start = Number.isFinite(captureStart) ? captureStart : 0
    return ranked.slice(from).map((r) => ({
      addressA: addresses.format(t.addrA(r)),
      portA: hasPorts ? t.portA(r) : null,
      addressB: addresses.format(t.addrB(r)),
      portB: hasPorts ? t.portB(r) : null,
      packetsAtoB: t.packetsAB(r),
      bytesAtoB: t.bytesAB(r),
      packetsBtoA: t.packetsBA(r),
      bytesBtoA: t.bytesBA(r),
      packets: t.packetsAB(r) + t.packetsBA(r),
      bytes: t.bytesAB(r) + t.bytesBA(r),
      relStart: t.first(r) - start,
      duration: t.last(r) - t.first(r),
    }))
  }
}
