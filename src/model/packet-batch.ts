/**
 * A batch of decoded packets as typed-array columns (one row per packet, no object per packet).
 * Batches are reused: the producer fills rows 0..count-1, hands the batch to consumers, then resets it.
 * Every column is written for every row (decoders set defaults first), so a consumer never reads stale values.
 */
import type { AppFact } from './app-facts.ts'

export const BATCH_CAPACITY = 8192

/** Sentinel for "no VLAN tag" in the vlan column (0 is a valid VLAN id: priority tagging). */
export const NO_VLAN = 0xffff

/** payloadEntropy value for "not computed" (no payload, or the decoder did not compute it). */
export const NO_ENTROPY = 255

/** Network layer of the innermost IP header, or the reason there is none. */
export const enum Net {
  None = 0,
  IPv4 = 4,
  IPv6 = 6,
  ARP = 8,
  Other = 255,
}

/** Application protocol recognised by content (not by port alone). */
export const enum App {
  None = 0,
  DNS = 1,
  TLS = 2,
  HTTP = 3,
  DHCP = 4,
  QUIC = 5,
}

/** Bytes per row of all columns together (see PacketBatch.buffer). */
const ROW_BYTES = [8, 4, 4, 2, 4, 1, 1, 4, 4, 4, 4, 2, 2, 2, 2, 4, 4, 2, 4, 2, 1, 1, 4, 1, 1, 4, 4, 2, 2]
const STAGGER = 64
const align8 = (n: number): number => (n + 7) & ~7

/** Size of the buffer behind a batch of `capacity` rows. */
export function packetBatchBytes(capacity: number): number {
  let at = 0
  for (const b of ROW_BYTES) at = align8(at + b * capacity) + STAGGER
  return at
}

export class PacketBatch {
  count = 0
  readonly capacity: number
  /** Seconds since the Unix epoch (float; sub-microsecond digits of nanosecond captures are rounded). */
  readonly time: Float64Array
  /** Bytes captured (incl_len / captured packet length). */
  readonly capLen: Uint32Array
  /** Bytes on the wire (orig_len / original packet length). */
  readonly origLen: Uint32Array
  /** Link type of the interface the packet came from (LINKTYPE_* number). */
  readonly linkType: Uint16Array
  /** Bitmask of Layer bits (model/layers.ts) present anywhere in the packet. */
  readonly layers: Uint32Array
  /** Net value of the innermost network header. */
  readonly net: Uint8Array
  /** IP protocol number of the innermost IP header (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, ...); 0 when none. */
  readonly ipProto: Uint8Array
  /** Address ids (model/address-table.ts) of the innermost IP header; 0 when none. For ARP: sender/target IP. */
  readonly srcAddr: Uint32Array
  readonly dstAddr: Uint32Array
  /** MAC ids of the outermost Ethernet/802.11 header (0 when none). */
  readonly srcMac: Uint32Array
  readonly dstMac: Uint32Array
  /** TCP/UDP/SCTP ports; for ICMP/ICMPv6 srcPort = type and dstPort = code. */
  readonly srcPort: Uint16Array
  readonly dstPort: Uint16Array
  /** ICMP/ICMPv6 echo identifier, 0 otherwise. */
  readonly icmpId: Uint16Array
  /** TCP flags (FIN=1, SYN=2, RST=4, PSH=8, ACK=16, URG=32, ECE=64, CWR=128, NS/AE=256). */
  readonly tcpFlags: Uint16Array
  readonly tcpSeq: Uint32Array
  readonly tcpAck: Uint32Array
  /** TCP window as sent (before scaling). */
  readonly tcpWindow: Uint16Array
  /** L4 payload bytes actually on the wire according to the headers (not limited by snaplen). */
  readonly payloadLen: Uint32Array
  /** Outermost VLAN id, NO_VLAN when untagged. */
  readonly vlan: Uint16Array
  /** IPv4 TTL / IPv6 hop limit of the innermost header. */
  readonly ttl: Uint8Array
  /** App value recognised in the payload. */
  readonly app: Uint8Array
  /** Index into `facts` for packets that carry application facts (DNS, TLS hello, HTTP request, DHCP); -1 otherwise. */
  readonly factIndex: Int32Array
  /**
   * Shannon entropy of the L4 payload's captured bytes (at most the first PAYLOAD_ENTROPY_SAMPLE), scaled to
   * 0..254 for 0..8 bits per byte (flows/payload-entropy.ts); NO_ENTROPY when not computed or no payload.
   */
  readonly payloadEntropy: Uint8Array
  /**
   * The outermost IP header's transport tuple when the packet was tunnelled (an inner IP header replaced it in
   * the columns above): protocol, addresses and ports of e.g. the VXLAN/Geneve/GTP/Teredo UDP datagram. Zeek
   * logs and tshark counts these outer conversations too. tunnelProto is 0 when the packet was not tunnelled.
   */
  readonly tunnelProto: Uint8Array
  readonly tunnelSrcAddr: Uint32Array
  readonly tunnelDstAddr: Uint32Array
  readonly tunnelSrcPort: Uint16Array
  readonly tunnelDstPort: Uint16Array
  /** Application facts of this batch (few packets have them, so objects are fine here). */
  facts: AppFact[] = []

  /**
   * The one buffer every column lives in, so a whole batch moves between threads as a single transferable
   * (analysis/pipeline). Columns sit at 8-byte aligned offsets, staggered by a cache line each so that row i of
   * different columns does not land in the same L1 cache set (they would all be multiples of the 4 KiB set
   * stride otherwise).
   */
  readonly buffer: ArrayBuffer

  /**
   * A batch of `capacity` rows. With `buffer` (of packetBatchBytes(capacity) bytes or more, e.g. one received
   * from another thread), the columns are views on it and keep its contents; otherwise a zeroed buffer is made.
   */
  constructor(capacity = BATCH_CAPACITY, buffer?: ArrayBuffer) {
    this.capacity = capacity
    const bytes = packetBatchBytes(capacity)
    if (buffer !== undefined && buffer.byteLength < bytes) throw new RangeError('PacketBatch: buffer too small')
    const buf = buffer ?? new ArrayBuffer(bytes)
    this.buffer = buf
    let at = 0
    const take = (elementBytes: number): number => {
      const o = at
      at = align8(at + elementBytes * capacity) + STAGGER
      return o
    }
    this.time = new Float64Array(buf, take(8), capacity)
    this.capLen = new Uint32Array(buf, take(4), capacity)
    this.origLen = new Uint32Array(buf, take(4), capacity)
    this.linkType = new Uint16Array(buf, take(2), capacity)
    this.layers = new Uint32Array(buf, take(4), capacity)
    this.net = new Uint8Array(buf, take(1), capacity)
    this.ipProto = new Uint8Array(buf, take(1), capacity)
    this.srcAddr = new Uint32Array(buf, take(4), capacity)
    this.dstAddr = new Uint32Array(buf, take(4), capacity)
    this.srcMac = new Uint32Array(buf, take(4), capacity)
    this.dstMac = new Uint32Array(buf, take(4), capacity)
    this.srcPort = new Uint16Array(buf, take(2), capacity)
    this.dstPort = new Uint16Array(buf, take(2), capacity)
    this.icmpId = new Uint16Array(buf, take(2), capacity)
    this.tcpFlags = new Uint16Array(buf, take(2), capacity)
    this.tcpSeq = new Uint32Array(buf, take(4), capacity)
    this.tcpAck = new Uint32Array(buf, take(4), capacity)
    this.tcpWindow = new Uint16Array(buf, take(2), capacity)
    this.payloadLen = new Uint32Array(buf, take(4), capacity)
    this.vlan = new Uint16Array(buf, take(2), capacity)
    this.ttl = new Uint8Array(buf, take(1), capacity)
    this.app = new Uint8Array(buf, take(1), capacity)
    this.factIndex = new Int32Array(buf, take(4), capacity)
    this.payloadEntropy = new Uint8Array(buf, take(1), capacity)
    this.tunnelProto = new Uint8Array(buf, take(1), capacity)
    this.tunnelSrcAddr = new Uint32Array(buf, take(4), capacity)
    this.tunnelDstAddr = new Uint32Array(buf, take(4), capacity)
    this.tunnelSrcPort = new Uint16Array(buf, take(2), capacity)
    this.tunnelDstPort = new Uint16Array(buf, take(2), capacity)
  }

  get full(): boolean {
    return this.count >= this.capacity
  }

  /** Sets every decoded column of row i to its "nothing decoded" value. */
  clearRow(i: number): void {
    this.layers[i] = 0
    this.net[i] = Net.None
    this.ipProto[i] = 0
    this.srcAddr[i] = 0
    this.dstAddr[i] = 0
    this.srcMac[i] = 0
    this.dstMac[i] = 0
    this.srcPort[i] = 0
    this.dstPort[i] = 0
    this.icmpId[i] = 0
    this.tcpFlags[i] = 0
    this.tcpSeq[i] = 0
    this.tcpAck[i] = 0
    this.tcpWindow[i] = 0
    this.payloadLen[i] = 0
    this.vlan[i] = NO_VLAN
    this.ttl[i] = 0
    this.app[i] = App.None
    this.factIndex[i] = -1
    this.payloadEntropy[i] = NO_ENTROPY
    this.tunnelProto[i] = 0
    this.tunnelSrcAddr[i] = 0
    this.tunnelDstAddr[i] = 0
    this.tunnelSrcPort[i] = 0
    this.tunnelDstPort[i] = 0
  }

  /**
   * clearRow for every row of [from, to), one column at a time: a fill per column costs a fraction of the
   * 25 separate stores per row that clearRow makes (the decoder clears a whole batch before filling it).
   */
  clearRows(from: number, to: number): void {
    this.layers.fill(0, from, to)
    this.net.fill(Net.None, from, to)
    this.ipProto.fill(0, from, to)
    this.srcAddr.fill(0, from, to)
    this.dstAddr.fill(0, from, to)
    this.srcMac.fill(0, from, to)
    this.dstMac.fill(0, from, to)
    this.srcPort.fill(0, from, to)
    this.dstPort.fill(0, from, to)
    this.icmpId.fill(0, from, to)
    this.tcpFlags.fill(0, from, to)
    this.tcpSeq.fill(0, from, to)
    this.tcpAck.fill(0, from, to)
    this.tcpWindow.fill(0, from, to)
    this.payloadLen.fill(0, from, to)
    this.vlan.fill(NO_VLAN, from, to)
    this.ttl.fill(0, from, to)
    this.app.fill(App.None, from, to)
    this.factIndex.fill(-1, from, to)
    this.payloadEntropy.fill(NO_ENTROPY, from, to)
    this.tunnelProto.fill(0, from, to)
    this.tunnelSrcAddr.fill(0, from, to)
    this.tunnelDstAddr.fill(0, from, to)
    this.tunnelSrcPort.fill(0, from, to)
    this.tunnelDstPort.fill(0, from, to)
  }

  reset(): void {
    this.count = 0
    this.facts = []
  }
}

/** TCP flag bits as in the TCP header's flags byte (plus NS/AE as bit 8). */
export const TcpFlag = Object.freeze({ FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32, ECE: 64, CWR: 128, NS: 256 })
