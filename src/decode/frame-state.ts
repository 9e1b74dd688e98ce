/**
 * What the layer decoders of one frame share: where the next header starts, where the bytes on the wire end,
 * the layer bits found so far, and which layer is being read (for the anomaly code when a read runs out of
 * bytes). One instance is reused for every frame: decoding allocates nothing per packet.
 */
import type { ByteReader } from '../lib/byte-reader.ts'
import type { PacketBatch } from '../model/packet-batch.ts'
import type { DecodeContext } from './context.ts'

export class FrameState {
  ctx: DecodeContext
  reader: ByteReader
  batch: PacketBatch
  row = 0
  /** Absolute offset of the header the next step decodes. */
  off = 0
  /**
   * One past the last byte that was on the wire for the current layer: start + origLen at first, narrowed by
   * each length field (IP total length, UDP length, ...). reader.end is the captured part of the same range, so
   * a read past reader.end but before wireEnd hit the snaplen (not an anomaly); a read past wireEnd means the
   * packet is shorter than its headers say.
   */
  wireEnd = 0
  /** Anomaly code to count if a read throws Truncated (`<layer>.truncated`). */
  truncCode = 'link.truncated'
  /** Layer bits collected for this frame (OR-ed into batch.layers at the end). */
  layers = 0
  /** IP headers decoded so far (their columns are the innermost one's). */
  ipHeaders = 0
  /** True once an Ethernet or 802.11 header has written the MAC columns (the outermost one wins). */
  macsSet = false
  /**
   * True inside the first fragment of a fragmented IP datagram: the payload goes on in later fragments, so
   * length fields that reach past this frame are expected and not anomalies. Once set it stays set for the
   * headers inside (they are just as incomplete).
   */
  fragmented = false
  /** Radiotap's "frame has padding between the 802.11 header and the payload" flag. */
  wlanDataPad = false

  constructor(ctx: DecodeContext, batch: PacketBatch) {
    this.ctx = ctx
    this.reader = ctx.reader
    this.batch = batch
  }

  /** Prepares for a new frame whose captured bytes are already in ctx.reader. */
  begin(ctx: DecodeContext, batch: PacketBatch, row: number, wireEnd: number): void {
    // These change once per batch at most: store only on a change (each store of a young object into this
    // long-lived one costs a write-barrier call).
    if (this.ctx !== ctx) {
      this.ctx = ctx
      this.reader = ctx.reader
    }
    if (this.batch !== batch) this.batch = batch
    this.row = row
    this.off = ctx.reader.start
    this.wireEnd = wireEnd
    this.truncCode = 'link.truncated'
    this.layers = 0
    this.ipHeaders = 0
    this.macsSet = false
    this.fragmented = false
    this.wlanDataPad = false
  }

  /** Shrinks the current layer to end at `end` (a length field's end), on the wire and in the capture. */
  narrow(end: number): void {
    if (end < this.wireEnd) this.wireEnd = end
    if (end < this.reader.end) this.reader.end = end
  }

  /** Bytes of the current layer from `at` that were on the wire (captured or not). */
  wireLeft(at: number): number {
    return at < this.wireEnd ? this.wireEnd - at : 0
  }

  /**
   * Called by each network-layer header before it writes its columns: when an outer header already wrote
   * them (a tunnel), the outer transport columns are cleared so the row describes the innermost packet only.
   */
  startNetworkLayer(): void {
    const b = this.batch
    const i = this.row
    if (b.net[i] === 0) return
    // Keep the outermost transport tuple of a tunnelled packet: Zeek and tshark count the outer conversation too.
    if (b.tunnelProto[i] === 0 && b.ipProto[i] !== 0) {
      b.tunnelProto[i] = b.ipProto[i]
      b.tunnelSrcAddr[i] = b.srcAddr[i]
      b.tunnelDstAddr[i] = b.dstAddr[i]
      b.tunnelSrcPort[i] = b.srcPort[i]
      b.tunnelDstPort[i] = b.dstPort[i]
    }
    b.ipProto[i] = 0
    b.ttl[i] = 0
    b.srcAddr[i] = 0
    b.dstAddr[i] = 0
    b.srcPort[i] = 0
    b.dstPort[i] = 0
    b.icmpId[i] = 0
    b.tcpFlags[i] = 0
    b.tcpSeq[i] = 0
    b.tcpAck[i] = 0
    b.tcpWindow[i] = 0
    b.payloadLen[i] = 0
  }

  anomaly(code: string): void {
    this.ctx.anomalies.add(code)
  }
}
