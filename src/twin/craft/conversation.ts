/**
 * One conversation between two endpoints with the state its packets need: TCP sequence and acknowledgment
 * numbers (RFC 9293 section 3.4), timestamps option values (RFC 7323), IPv4 identification per sender. Each
 * method crafts one complete frame into the shared FrameCrafter and returns its length; emit() hands it to a
 * sink with a time. One Conversation object per flow, none per packet.
 */
import { internetChecksum } from './checksum.ts'
import { ACK, FIN, FrameCrafter, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP, SYN } from './frame-crafter.ts'
import type { FrameSink } from './frame-sink.ts'
import { PAYLOAD_POOL, POOL_WINDOW, poolOffset } from './payload-pool.ts'

/** An address pair as the wire shows it: `mac` is the layer-2 address frames to and from it carry (a router's for a remote host). */
export interface Endpoint {
  readonly mac: Uint8Array
  /** 4 bytes (IPv4) or 16 bytes (IPv6); both ends of a conversation use the same family. */
  readonly ip: Uint8Array
}

export interface ConversationOptions {
  /** Initial sequence numbers (default derived from the ports). */
  readonly clientIsn?: number
  readonly serverIsn?: number
  /** TTL / hop limit each side's packets arrive with. */
  readonly clientTtl?: number
  readonly serverTtl?: number
  /** Send TCP timestamps options (default true). */
  readonly timestamps?: boolean
  /** MSS announced in SYN and SYN-ACK (default 1460). */
  readonly mss?: number
}

const NO_OPTIONS: ConversationOptions = {}
const TLS_RECORD_MAX = 16384

/** The largest payload a generated segment carries from the pool. */
export const MAX_POOL_SEGMENT = POOL_WINDOW

export class Conversation {
  clientSeq: number
  serverSeq: number
  private clientIpId: number
  private serverIpId: number
  private clientTs: number
  private serverTs: number
  private clientTtl: number
  private serverTtl: number
  private timestamps: boolean
  private mss: number
  /** When true, pool-filled TCP payloads start with a TLS application_data record header. */
  tlsRecords = false

  client: Endpoint
  server: Endpoint
  clientPort: number
  serverPort: number

  constructor(
    readonly crafter: FrameCrafter,
    client: Endpoint,
    server: Endpoint,
    clientPort: number,
    serverPort: number,
    options: ConversationOptions = {},
  ) {
    this.client = client
    this.server = server
    this.clientPort = clientPort
    this.serverPort = serverPort
    this.clientSeq = this.serverSeq = this.clientIpId = this.serverIpId = this.clientTs = this.serverTs = 0
    this.clientTtl = this.serverTtl = this.mss = 0
    this.timestamps = true
    this.reset(client, server, clientPort, serverPort, options)
  }

  /** Starts a new conversation on this object (the generator reuses one per flow slot). */
  reset(client: Endpoint, server: Endpoint, clientPort: number, serverPort: number, options: ConversationOptions = NO_OPTIONS): this {
    this.client = client
    this.server = server
    this.clientPort = clientPort
    this.serverPort = serverPort
    const mix = Math.imul((clientPort << 16) ^ serverPort ^ (client.ip[client.ip.length - 1] << 8), 0x9e3779b1) >>> 0
    this.clientSeq = (options.clientIsn ?? mix) >>> 0
    this.serverSeq = (options.serverIsn ?? Math.imul(mix, 0x85ebca6b) >>> 0) >>> 0
    this.clientIpId = mix & 0xffff
    this.serverIpId = (mix >>> 16) & 0xffff
    this.clientTs = mix >>> 8
    this.serverTs = mix >>> 4
    this.clientTtl = options.clientTtl ?? 64
    this.serverTtl = options.serverTtl ?? 64
    this.timestamps = options.timestamps ?? true
    this.mss = options.mss ?? 1460
    this.tlsRecords = false
    return this
  }

  private network(fromClient: boolean, protocol: number): FrameCrafter {
    const c = this.crafter.begin()
    const src = fromClient ? this.client : this.server
    const dst = fromClient ? this.server : this.client
    c.ethernet(dst.mac, src.mac)
    if (src.ip.length === 16) c.ipv6(src.ip, dst.ip, protocol, fromClient ? this.clientTtl : this.serverTtl)
    else {
      const id = fromClient ? (this.clientIpId = (this.clientIpId + 1) & 0xffff) : (this.serverIpId = (this.serverIpId + 1) & 0xffff)
      c.ipv4(src.ip, dst.ip, protocol, fromClient ? this.clientTtl : this.serverTtl, id)
    }
    return c
  }

  /**
   * A TCP segment with `flags`. The payload is `payload` when given, else `length` pool bytes. SYN segments carry
   * MSS, SACK permitted, timestamps and window scale; others carry timestamps. The sender's sequence number
   * advances by the payload length plus one for SYN and for FIN.
   */
  tcp(fromClient: boolean, flags: number, payload: Uint8Array | null = null, length = payload ? payload.length : 0): number {
    return payload ? this.tcpWith(fromClient, flags, payload, 0) : this.tcpWith(fromClient, flags, null, length)
  }

  /** A TCP segment whose payload is `head` (may be null) followed by `poolLength` pool bytes. */
  tcpWith(fromClient: boolean, flags: number, head: Uint8Array | null, poolLength: number): number {
    const c = this.network(fromClient, IPPROTO_TCP)
    const seq = fromClient ? this.clientSeq : this.serverSeq
    const ack = flags & ACK ? (fromClient ? this.serverSeq : this.clientSeq) : 0
    const syn = (flags & SYN) !== 0
    c.tcp(fromClient ? this.clientPort : this.serverPort, fromClient ? this.serverPort : this.clientPort, seq, ack, flags, syn ? 64240 : 502)
    let tsVal = 0
    let tsEcr = 0
    if (this.timestamps) {
      if (fromClient) {
        tsVal = this.clientTs = (this.clientTs + 1) >>> 0
        tsEcr = flags & ACK ? this.serverTs : 0
      } else {
        tsVal = this.serverTs = (this.serverTs + 1) >>> 0
        tsEcr = flags & ACK ? this.clientTs : 0
      }
    }
    if (syn) {
      c.tcpMss(this.mss).tcpSackPermitted()
      if (this.timestamps) c.tcpTimestamps(tsVal, tsEcr)
      c.tcpNop().tcpWindowScale(7)
    } else if (this.timestamps) {
      c.tcpNop().tcpNop().tcpTimestamps(tsVal, tsEcr)
    }
    const headLength = head ? head.length : 0
    if (head) c.bytes(head)
    if (poolLength > 0) this.poolPayload(c, seq + headLength, poolLength)
    const advance = headLength + poolLength + (syn ? 1 : 0) + (flags & FIN ? 1 : 0)
    if (fromClient) this.clientSeq = (this.clientSeq + advance) >>> 0
    else this.serverSeq = (this.serverSeq + advance) >>> 0
    return c.finish()
  }

  private poolPayload(c: FrameCrafter, seed: number, length: number): void {
    if (length > MAX_POOL_SEGMENT) throw new RangeError(`segment payload over ${MAX_POOL_SEGMENT} bytes`)
    const at = c.cursor
    // Same parity as the frame offset, so the pool's precomputed checksum words line up (frame-crafter.ts).
    c.bytesFrom(PAYLOAD_POOL, (poolOffset(seed) & ~1) | (at & 1), length)
    if (this.tlsRecords && length > 5) {
      // RFC 8446 5.2: a TLSCiphertext fragment is at most 2^14 + 256 bytes, so long segments hold several records.
      const records = Math.ceil(length / (TLS_RECORD_MAX + 5))
      const each = Math.floor(length / records) & ~1
      for (let i = 0, r = at; i < records; i++) {
        const size = i === records - 1 ? at + length - r : each
        c.patchPool(r, r + 5, false)
        c.buf[r] = 23 // ContentType application_data
        c.view.setUint16(r + 1, 0x0303) // legacy_record_version
        c.view.setUint16(r + 3, size - 5) // length
        c.patchPool(r, r + 5, true)
        r += size
      }
    }
  }

  /** A UDP datagram with `payload`, or `length` pool bytes. */
  udp(fromClient: boolean, payload: Uint8Array | null = null, length = payload ? payload.length : 0): number {
    const c = this.network(fromClient, IPPROTO_UDP)
    c.udp(fromClient ? this.clientPort : this.serverPort, fromClient ? this.serverPort : this.clientPort)
    if (payload) c.bytes(payload)
    else if (length > 0) {
      const at = c.cursor
      c.bytesFrom(PAYLOAD_POOL, poolOffset(this.clientIpId * 31 + length) & ~1, length)
      // Pool bytes start with two zero bytes, which the content heuristics of analysers (RTCP, STUN, DTLS, QUIC)
      // reject, so random payload on an unassigned port is not taken for a protocol and reported malformed.
      const n = Math.min(2, length)
      c.patchPool(at, at + n, false)
      c.buf.fill(0, at, at + n)
      c.patchPool(at, at + n, true)
    }
    return c.finish()
  }

  /** Starts a UDP datagram and returns the crafter positioned at the payload (write it, then call finish()). */
  beginUdp(fromClient: boolean): FrameCrafter {
    const c = this.network(fromClient, IPPROTO_UDP)
    c.udp(fromClient ? this.clientPort : this.serverPort, fromClient ? this.serverPort : this.clientPort)
    return c
  }

  /** An ICMP/ICMPv6 echo request (from the client) or reply (from the server) with `dataLength` pattern bytes. */
  echo(fromClient: boolean, identifier: number, sequence: number, dataLength: number): number {
    const c = this.network(fromClient, this.client.ip.length === 16 ? IPPROTO_ICMPV6 : IPPROTO_ICMP)
    c.icmpEcho(fromClient, identifier, sequence)
    const at = c.cursor
    c.fill(dataLength)
    for (let i = 0; i < dataLength; i++) c.buf[at + i] = (0x10 + i) & 0xff // the classic ping pattern
    return c.finish()
  }

  /**
   * An ICMP error from the client about a UDP datagram the server had sent it (destination unreachable, time
   * exceeded; RFC 792, RFC 4443 3.1): the message quotes the datagram's IP header and its first 8 bytes (RFC 1812
   * 4.3.2.3 allows more; the minimum keeps frames small), with a valid IPv4 header checksum in the quote.
   */
  icmpError(type: number, code: number, quotedLength = 32): number {
    const v6 = this.client.ip.length === 16
    const c = this.network(true, v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP)
    c.icmpMessage(type, code, 0)
    const q = c.cursor
    const udpLength = 8 + quotedLength
    if (v6) {
      c.u32(0x60000000).u16(udpLength).u8(IPPROTO_UDP).u8(64).bytes(this.server.ip).bytes(this.client.ip)
    } else {
      c.u8(0x45).u8(0).u16(20 + udpLength).u16(this.serverIpId).u16(0).u8(64).u8(IPPROTO_UDP).u16(0).bytes(this.server.ip).bytes(this.client.ip)
      c.view.setUint16(q + 10, internetChecksum(c.buf, q, q + 20))
    }
    // The quoted UDP header; its checksum is 0 ("none") for IPv4, and for IPv6 covers bytes the quote omits.
    c.u16(this.serverPort).u16(this.clientPort).u16(udpLength).u16(v6 ? 0xffff : 0)
    return c.finish()
  }

  /** Hands the frame just crafted to the sink. */
  emit(sink: FrameSink, timeUs: number): void {
    sink.frame(timeUs, this.crafter.frame, this.crafter.length)
  }
}
