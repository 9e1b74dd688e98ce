/**
 * One generated flow in progress: the packet it sends next and when, as a small state machine, so a flow of any
 * length costs one object and no per-packet allocation. Kinds:
 *   TCP complete: SYN, SYN-ACK, ACK (RFC 9293 3.5), data both ways, FIN-ACK, FIN-ACK, ACK (3.6);
 *   TCP attempt: SYN retransmissions with backoff (no answer); TCP rejected: SYN answered by RST-ACK;
 *   UDP: datagrams both ways; paired: DNS query/response, ICMP echo request/reply, ARP request/reply.
 * Packet times inside the flow are uniform order statistics drawn lazily (the next of k uniform times in
 * [now, end) is now + (end - now)(1 - u^(1/k))), and the last packet lands on the flow's end so its duration is
 * the shape's. Gaps are capped below the flow table's idle timeouts so that one flow stays one flow.
 */
import { ACK, ARP_REPLY, ARP_REQUEST, BROADCAST_MAC, Conversation, FIN, FrameCrafter, PSH, RST, SYN, ZERO_MAC, writeDnsQuery, writeDnsResponse, type FrameSink } from '../craft/index.ts'
import type { Rng } from '../model/rng.ts'
import { AppCode, type PreparedDnsName } from './prepared-model.ts'

export const enum SlotKind {
  TcpComplete = 0,
  /** SYNs, then any responder RSTs; `alternate` pairs each SYN with a RST-ACK (rejected). */
  TcpRetry = 1,
  Udp = 2,
  Paired = 3,
}

/** NTPv4 packets (RFC 5905 7.3): LI 0, VN 4, mode 3 (client) or 4 (server), then stratum, poll, precision. */
const NTP_CLIENT = ntpPacket(0x23, 0)
const NTP_SERVER = ntpPacket(0x24, 2)

function ntpPacket(first: number, stratum: number): Uint8Array {
  const p = new Uint8Array(48)
  p[0] = first
  p[1] = stratum
  p[2] = 6 // poll: 64 s
  p[3] = 0xe9 // precision: about 1 us
  return p
}

/**
 * NetBIOS name service packets (RFC 1002 4.2.12 and 4.2.13): a broadcast NB query for the wildcard name "*"
 * (first-level encoded: 'CK' then 'A' pairs for the NUL padding) and a positive answer with one address.
 */
const NBNS_NAME = Uint8Array.from([32, ...Array.from('CK' + 'A'.repeat(30), (ch) => ch.charCodeAt(0)), 0])
const NBNS_QUERY = Uint8Array.from([0x13, 0x37, 0x01, 0x10, 0, 1, 0, 0, 0, 0, 0, 0, ...NBNS_NAME, 0, 0x20, 0, 1])
const NBNS_ANSWER = Uint8Array.from([0x13, 0x37, 0x85, 0x00, 0, 0, 0, 1, 0, 0, 0, 0, ...NBNS_NAME, 0, 0x20, 0, 1, 0, 0, 0x0e, 0x10, 0, 6, 0, 0, 192, 0, 2, 1])

/** Largest payload per generated segment (fits an IPv4 or IPv6 packet of 64 KiB with headers). */
export const MAX_SEGMENT = 64000
/** Microseconds between a packet and the sender's immediate follow-up (ACK after SYN-ACK). */
const QUICK_US = 20

export class FlowSlot {
  readonly conv: Conversation
  kind = SlotKind.Udp
  app = AppCode.Raw
  /** Time of the next packet, microseconds. */
  time = 0
  start = 0
  end = 0
  rtt = 0
  maxGap = 0
  phase = 0
  // Packets still to send per side; for TCP complete, the data ("middle") packets.
  leftC = 0
  leftS = 0
  teardown = false
  midEnd = 0
  firstMid = true
  // Payload per side: the first packet carries head + share + extra, the others share.
  headC: Uint8Array | null = null
  headS: Uint8Array | null = null
  shareC = 0
  extraC = 0
  shareS = 0
  extraS = 0
  firstC = true
  firstS = true
  // Retry kinds.
  alternate = false
  synTotal = 0
  synSent = 0
  isn = 0
  // Paired kinds.
  nextQ = 0
  qEnd = 0
  answerPending = false
  dns: PreparedDnsName | null = null
  msgId = 0
  echoLen = 0
  icmpType = 3

  constructor(crafter: FrameCrafter, private readonly rng: Rng) {
    this.conv = new Conversation(crafter, { mac: ZERO_MAC, ip: new Uint8Array(4) }, { mac: ZERO_MAC, ip: new Uint8Array(4) }, 0, 0)
  }

  /** Splits a side's payload budget over its data packets: head first, then an even share. */
  setPayload(client: boolean, head: Uint8Array | null, budget: number, packets: number, tlsRecords = false): void {
    const content = Math.max(0, budget - (head ? head.length : 0))
    let share = packets > 0 ? Math.min(MAX_SEGMENT, Math.floor(content / packets)) : 0
    let extra = packets > 0 ? Math.max(0, Math.min(MAX_SEGMENT - share - (head ? head.length : 0), content - share * packets)) : 0
    if (tlsRecords) {
      // A TLS record needs 5 header bytes and one of content: tiny shares go to the first segment, and a
      // remainder too small for a record is left out, so no segment holds a fragment that reads as a bad header.
      if (share < 6) {
        extra = Math.min(MAX_SEGMENT - (head ? head.length : 0), extra + share * packets)
        share = 0
      }
      if (share === 0 && extra < 6) extra = 0
    }
    if (client) {
      this.headC = head
      this.shareC = share
      this.extraC = extra
      this.firstC = true
    } else {
      this.headS = head
      this.shareS = share
      this.extraS = extra
      this.firstS = true
    }
  }

  /** The next of k uniform times in [now, until] (the last of them exactly `until`), gap capped at maxGap. */
  private uniformNext(now: number, until: number, k: number): number {
    if (k <= 1) return Math.max(now, Math.min(until, now + this.maxGap))
    const gap = (until - now) * (1 - Math.pow(this.rng.next(), 1 / k))
    return now + Math.max(0, Math.min(gap, this.maxGap))
  }

  /** Sends the packet due now to `sink`; returns false when the flow has no more packets. */
  emit(sink: FrameSink): boolean {
    switch (this.kind) {
      case SlotKind.TcpComplete:
        return this.tcpComplete(sink)
      case SlotKind.TcpRetry:
        return this.tcpRetry(sink)
      case SlotKind.Udp:
        return this.udp(sink)
      default:
        return this.paired(sink)
    }
  }

  private dataSegment(client: boolean): void {
    const conv = this.conv
    if (client) {
      const head = this.firstC ? this.headC : null
      const n = this.shareC + (this.firstC ? this.extraC : 0)
      this.firstC = false
      conv.tcpWith(true, ACK | PSH, head, n)
    } else {
      const head = this.firstS ? this.headS : null
      const n = this.shareS + (this.firstS ? this.extraS : 0)
      this.firstS = false
      conv.tcpWith(false, ACK | PSH, head, n)
    }
  }

  private tcpComplete(sink: FrameSink): boolean {
    const conv = this.conv
    const t = this.time
    switch (this.phase) {
      case 0:
        conv.tcp(true, SYN)
        conv.emit(sink, t)
        this.phase = 1
        this.time = t + this.rtt
        return true
      case 1:
        conv.tcp(false, SYN | ACK)
        conv.emit(sink, t)
        this.phase = 2
        this.time = t + QUICK_US
        return true
      case 2:
        conv.tcp(true, ACK)
        conv.emit(sink, t)
        return this.afterData(t)
      case 3: {
        let client: boolean
        if (this.leftS === 0) client = true
        else if (this.leftC === 0) client = false
        else client = this.firstMid || this.rng.next() * (this.leftC + this.leftS) < this.leftC
        this.firstMid = false
        this.dataSegment(client)
        conv.emit(sink, t)
        if (client) this.leftC--
        else this.leftS--
        return this.afterData(t)
      }
      case 4:
        conv.tcp(true, FIN | ACK)
        conv.emit(sink, t)
        this.phase = 5
        this.time = Math.max(t + 1, Math.min(this.end - QUICK_US, t + this.maxGap))
        return true
      case 5:
        conv.tcp(false, FIN | ACK)
        conv.emit(sink, t)
        this.phase = 6
        this.time = t + QUICK_US
        return true
      default:
        conv.tcp(true, ACK)
        conv.emit(sink, t)
        return false
    }
  }

  /** After the handshake or a data segment: the next data segment, the teardown, or the end. */
  private afterData(t: number): boolean {
    const left = this.leftC + this.leftS
    if (left > 0) {
      this.phase = 3
      this.time = this.uniformNext(t, this.midEnd, this.teardown ? left + 1 : left)
      return true
    }
    if (!this.teardown) return false
    this.phase = 4
    // FIN, the peer's FIN one RTT later, then the last ACK at the flow's end.
    this.time = Math.max(t + 1, Math.min(this.end - this.rtt - QUICK_US, t + this.maxGap))
    return true
  }

  /** The time of SYN j of synTotal: backoff doubling for a few, evenly spaced for many. */
  synTime(j: number): number {
    const n = this.synTotal
    if (n <= 1 || j === 0) return this.start
    const d = this.end - this.start
    const at = n <= 6 ? (d * (Math.pow(2, j) - 1)) / (Math.pow(2, n - 1) - 1) : (d * j) / (n - 1)
    return this.start + at
  }

  private tcpRetry(sink: FrameSink): boolean {
    const conv = this.conv
    const t = this.time
    const sendSyn = this.synSent < this.synTotal && (this.phase === 0 || this.leftS === 0 || !this.alternate)
    if (sendSyn) {
      conv.clientSeq = this.isn // a retransmitted SYN repeats its sequence number
      conv.tcp(true, SYN)
      conv.emit(sink, t)
      this.synSent++
      const nextSyn = this.synSent < this.synTotal ? Math.min(this.synTime(this.synSent), t + this.maxGap) : Infinity
      if (this.alternate && this.leftS > 0) {
        this.phase = 1
        this.time = Math.min(t + this.rtt, t + (Number.isFinite(nextSyn) ? (nextSyn - t) / 2 : this.rtt))
      } else if (Number.isFinite(nextSyn)) {
        this.time = Math.max(t, nextSyn)
      } else if (this.leftS > 0) {
        this.time = t + this.rtt
      } else return false
      return true
    }
    if (this.leftS <= 0) return false
    conv.tcp(false, RST | ACK)
    conv.emit(sink, t)
    this.leftS--
    this.phase = 0
    if (this.synSent < this.synTotal) this.time = Math.max(t, Math.min(this.synTime(this.synSent), t + this.maxGap))
    else if (this.leftS > 0) this.time = t + this.rtt
    else return false
    return true
  }

  private udp(sink: FrameSink): boolean {
    const conv = this.conv
    const t = this.time
    let client: boolean
    if (this.leftS === 0) client = true
    else if (this.leftC === 0) client = false
    else client = this.firstMid || this.rng.next() * (this.leftC + this.leftS) < this.leftC
    this.firstMid = false
    if (this.app === AppCode.Ntp || this.app === AppCode.Nbns || this.app === AppCode.Empty) {
      const template = this.app === AppCode.Ntp ? (client ? NTP_CLIENT : NTP_SERVER) : this.app === AppCode.Nbns ? (client ? NBNS_QUERY : NBNS_ANSWER) : null
      if (template) conv.udp(client, template)
      else conv.udp(client, null, 0)
      if (client) this.leftC--
      else this.leftS--
    } else if (client) {
      conv.udp(true, null, this.shareC + (this.firstC ? this.extraC : 0))
      this.firstC = false
      this.leftC--
    } else {
      conv.udp(false, null, this.shareS + (this.firstS ? this.extraS : 0))
      this.firstS = false
      this.leftS--
    }
    conv.emit(sink, t)
    const left = this.leftC + this.leftS
    if (left === 0) return false
    this.time = this.uniformNext(t, this.end, left)
    return true
  }

  private paired(sink: FrameSink): boolean {
    const t = this.time
    const query = !this.answerPending && this.leftC > 0
    if (query) {
      this.leftC--
      this.msgId = (this.msgId + 1) & 0xffff
      this.writePairMessage(true)
      this.conv.emit(sink, t)
      this.nextQ = this.leftC > 0 ? this.uniformNext(t, this.qEnd, this.leftC) : Infinity
      if (this.leftS > 0) {
        this.answerPending = true
        this.time = t + Math.max(1, Math.min(this.rtt, (this.nextQ - t) / 2))
        return true
      }
      if (this.leftC === 0) return false
      this.time = this.nextQ
      return true
    }
    if (this.leftS <= 0) return false
    this.leftS--
    this.writePairMessage(false)
    this.conv.emit(sink, t)
    this.answerPending = false
    if (this.leftC > 0) this.time = Math.max(t, this.nextQ)
    else if (this.leftS > 0) this.time = t + Math.max(1, Math.min(this.rtt, this.maxGap))
    else return false
    return true
  }

  private writePairMessage(request: boolean): void {
    const conv = this.conv
    if (this.app === AppCode.Dns && this.dns !== null) {
      const c = conv.beginUdp(request)
      const d = this.dns
      if (request) writeDnsQuery(c, this.msgId, d.wire, d.qtype)
      else writeDnsResponse(c, this.msgId, d.wire, d.qtype, d.answers, d.rcode)
      c.finish()
    } else if (this.app === AppCode.Arp) {
      const c = conv.crafter.begin()
      const cl = conv.client
      const sv = conv.server
      if (request) c.ethernet(BROADCAST_MAC, cl.mac).arp(ARP_REQUEST, cl.mac, cl.ip, ZERO_MAC, sv.ip)
      else c.ethernet(cl.mac, sv.mac).arp(ARP_REPLY, sv.mac, sv.ip, cl.mac, cl.ip)
      c.finish()
    } else if (this.app === AppCode.IcmpError) {
      const v6 = conv.client.ip.length === 16
      // Port unreachable (code 3; ICMPv6 code 4) for destination unreachable, code 0 for time exceeded.
      const code = this.icmpType === 3 ? 3 : this.icmpType === 1 && v6 ? 4 : 0
      conv.icmpError(this.icmpType, code)
    } else {
      conv.echo(request, conv.clientPort, this.msgId, this.echoLen)
    }
  }
}
