/**
 * Builds the frames of the synthetic benchmark capture into one reused buffer: Ethernet II, IPv4 (RFC 791) or
 * IPv6 (RFC 8200), then TCP (RFC 9293), UDP (RFC 768) or ICMP echo (RFC 792). Header fields carry real values
 * (sequence numbers, IPv4 header and ICMP checksums, TCP options on handshakes); TCP and UDP checksums are left
 * 0 as in captures taken with checksum offload.
 */
import type { Rng } from './synthetic-rng.ts'

export interface Endpoint {
  readonly mac: Uint8Array
  readonly v4: number
  readonly v6: Uint8Array
}

/** One conversation between a client and a server, with the TCP state both directions need. */
export interface Conn {
  readonly client: Endpoint
  readonly server: Endpoint
  /** Layer-2 peers: the server's own MAC on the LAN, the gateway's for a remote server. */
  readonly clientMac: Uint8Array
  readonly serverMac: Uint8Array
  readonly v6: boolean
  readonly sport: number
  readonly dport: number
  /** Random payloads are framed as TLS 1.2/1.3 application_data records (one record per segment). */
  readonly tls: boolean
  clientSeq: number
  serverSeq: number
  ipId: number
  tsVal: number
}

export const TCP_FIN = 0x01
export const TCP_SYN = 0x02
export const TCP_RST = 0x04
export const TCP_PSH = 0x08
export const TCP_ACK = 0x10
/** TCP payload of a full-size segment on a 1500-byte MTU with the timestamps option. */
export const MSS = 1448

const POOL_BYTES = 64 * 1024

export class FrameWriter {
  readonly buf = new Uint8Array(2048)
  private readonly view = new DataView(this.buf.buffer)
  /** Random bytes that stand in for encrypted or compressed payload. */
  private readonly pool = new Uint8Array(POOL_BYTES + 2048)

  constructor(private readonly rng: Rng) {
    rng.fill(this.pool)
  }

  /** A random-looking payload of n bytes (a view into the pool; valid until the next call). */
  randomBytes(n: number): Uint8Array {
    const at = this.rng.int(0, POOL_BYTES - 1)
    return this.pool.subarray(at, at + n)
  }

  /** Ethernet + IP headers; returns the offset where the transport header starts. */
  private network(c: Conn, fromClient: boolean, proto: number, l4Bytes: number): number {
    const b = this.buf
    const v = this.view
    b.set(fromClient ? c.serverMac : c.clientMac, 0) // destination
    b.set(fromClient ? c.clientMac : c.serverMac, 6) // source
    const src = fromClient ? c.client : c.server
    const dst = fromClient ? c.server : c.client
    if (c.v6) {
      v.setUint16(12, 0x86dd)
      v.setUint32(14, 0x60000000 | (c.sport & 0xfffff)) // version 6, flow label from the port
      v.setUint16(18, l4Bytes) // payload length
      b[20] = proto // next header
      b[21] = fromClient ? 64 : 57 // hop limit
      b.set(src.v6, 22)
      b.set(dst.v6, 38)
      return 54
    }
    v.setUint16(12, 0x0800)
    b[14] = 0x45 // version 4, IHL 5
    b[15] = 0 // DSCP/ECN
    v.setUint16(16, 20 + l4Bytes) // total length
    v.setUint16(18, c.ipId = (c.ipId + 1) & 0xffff) // identification
    v.setUint16(20, 0x4000) // don't fragment
    b[22] = fromClient ? 64 : 52 // TTL
    b[23] = proto
    v.setUint16(24, 0) // header checksum, filled below
    v.setUint32(26, src.v4)
    v.setUint32(30, dst.v4)
    v.setUint16(24, checksum(b, 14, 34))
    return 34
  }

  /** A TCP segment; payload null means `length` random bytes. Advances the sender's sequence number. */
  tcp(c: Conn, fromClient: boolean, flags: number, payload: Uint8Array | null, length = payload ? payload.length : 0): number {
    const handshake = (flags & TCP_SYN) !== 0
    const optionBytes = handshake ? 20 : 12
    const at = this.network(c, fromClient, 6, 20 + optionBytes + length)
    const b = this.buf
    const v = this.view
    v.setUint16(at, fromClient ? c.sport : c.dport)
    v.setUint16(at + 2, fromClient ? c.dport : c.sport)
    v.setUint32(at + 4, fromClient ? c.clientSeq : c.serverSeq)
    v.setUint32(at + 8, flags & TCP_ACK ? (fromClient ? c.serverSeq : c.clientSeq) : 0)
    b[at + 12] = ((20 + optionBytes) / 4) << 4 // data offset
    b[at + 13] = flags
    v.setUint16(at + 14, handshake ? 64240 : 501) // window
    v.setUint32(at + 16, 0) // checksum (offloaded), urgent pointer
    let o = at + 20
    c.tsVal = (c.tsVal + 1) >>> 0
    if (handshake) {
      b[o++] = 2; b[o++] = 4; v.setUint16(o, 1460); o += 2 // MSS
      b[o++] = 4; b[o++] = 2 // SACK permitted
      b[o++] = 8; b[o++] = 10; v.setUint32(o, c.tsVal); v.setUint32(o + 4, 0); o += 8 // timestamps
      b[o++] = 1; b[o++] = 3; b[o++] = 3; b[o++] = 7 // NOP, window scale 7
    } else {
      b[o++] = 1; b[o++] = 1; b[o++] = 8; b[o++] = 10 // NOP, NOP, timestamps
      v.setUint32(o, c.tsVal); v.setUint32(o + 4, (c.tsVal - 3) >>> 0); o += 8
    }
    b.set(payload ?? this.randomBytes(length), o)
    if (!payload && c.tls && length > 5) {
      b[o] = 23 // ContentType application_data
      v.setUint16(o + 1, 0x0303) // legacy_record_version
      v.setUint16(o + 3, length - 5)
    }
    const advance = length + (flags & TCP_SYN ? 1 : 0) + (flags & TCP_FIN ? 1 : 0)
    if (fromClient) c.clientSeq = (c.clientSeq + advance) >>> 0
    else c.serverSeq = (c.serverSeq + advance) >>> 0
    return o + length
  }

  udp(c: Conn, fromClient: boolean, payload: Uint8Array | null, length = payload ? payload.length : 0): number {
    const at = this.network(c, fromClient, 17, 8 + length)
    const v = this.view
    v.setUint16(at, fromClient ? c.sport : c.dport)
    v.setUint16(at + 2, fromClient ? c.dport : c.sport)
    v.setUint16(at + 4, 8 + length)
    v.setUint16(at + 6, 0) // checksum (offloaded)
    this.buf.set(payload ?? this.randomBytes(length), at + 8)
    return at + 8 + length
  }

  /** ICMP echo request (client) or reply (server) with `length` data bytes (RFC 792; ICMPv6 RFC 4443 for v6). */
  echo(c: Conn, fromClient: boolean, id: number, seq: number, length: number): number {
    const at = this.network(c, fromClient, c.v6 ? 58 : 1, 8 + length)
    const b = this.buf
    const v = this.view
    b[at] = c.v6 ? (fromClient ? 128 : 129) : fromClient ? 8 : 0 // type
    b[at + 1] = 0 // code
    v.setUint16(at + 2, 0)
    v.setUint16(at + 4, id)
    v.setUint16(at + 6, seq)
    for (let i = 0; i < length; i++) b[at + 8 + i] = 0x10 + i // the classic ping pattern
    // ICMPv6 checksums cover a pseudo-header; like TCP's they are left to offload here.
    if (!c.v6) v.setUint16(at + 2, checksum(b, at, at + 8 + length))
    return at + 8 + length
  }
}

/** The Internet checksum (RFC 1071) of buf[from, to). */
export function checksum(buf: Uint8Array, from: number, to: number): number {
  let sum = 0
  for (let i = from; i + 1 < to; i += 2) sum += (buf[i] << 8) | buf[i + 1]
  if ((to - from) & 1) sum += buf[to - 1] << 8
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16)
  return ~sum & 0xffff
}
