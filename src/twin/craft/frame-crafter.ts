/**
 * Crafts one frame at a time into a reused buffer, outermost header first: Ethernet II (IEEE 802.3 clause 3.2.6),
 * ARP (RFC 826), IPv4 (RFC 791), IPv6 (RFC 8200), TCP with options (RFC 9293 section 3.1), UDP (RFC 768), ICMP
 * echo (RFC 792) and ICMPv6 echo (RFC 4443 section 4). Each header method writes its fixed part at the cursor;
 * payload methods append; finish() fills every length and checksum the headers need, innermost first, and
 * returns the frame length. No object is created per frame: addresses are Uint8Array views the caller keeps.
 */
import { foldChecksum, internetChecksum, pseudoHeaderSum, sum16 } from './checksum.ts'
import { PAYLOAD_POOL, POOL_WORD_SUMS } from './payload-pool.ts'

export const ETHERTYPE_IPV4 = 0x0800
export const ETHERTYPE_ARP = 0x0806
export const ETHERTYPE_IPV6 = 0x86dd
export const IPPROTO_ICMP = 1
export const IPPROTO_TCP = 6
export const IPPROTO_UDP = 17
export const IPPROTO_ICMPV6 = 58

/** ARP operations (RFC 826). */
export const ARP_REQUEST = 1
export const ARP_REPLY = 2

/** TCP control bits (RFC 9293 section 3.1). */
export const FIN = 0x01
export const SYN = 0x02
export const RST = 0x04
export const PSH = 0x08
export const ACK = 0x10
export const URG = 0x20

/** IPv4 payloads beyond this do not fit one frame on a 1500-byte MTU; craft() allows up to 64 KiB (TSO-style). */
export const MAX_FRAME = 65535 + 14

const NONE = -1
/** Where the copy of the payload pool starts in a crafter's buffer. */
const POOL_BASE = MAX_FRAME + 64

function makeBuffer(): Uint8Array {
  const b = new Uint8Array(POOL_BASE + PAYLOAD_POOL.length)
  b.set(PAYLOAD_POOL, POOL_BASE)
  return b
}

export class FrameCrafter {
  /**
   * The frame under construction is buf[0, length), valid until the next begin(). A copy of the payload pool
   * sits behind the frame area (at POOL_BASE), so pool payloads are copied within one buffer (copyWithin, no view
   * object per packet).
   */
  readonly buf = makeBuffer()
  readonly view = new DataView(this.buf.buffer)
  length = 0
  private etherTypeAt = NONE
  private ipAt = NONE
  private ipVersion = 0
  private l4At = NONE
  private l4Proto = 0
  /** True while TCP options are still open (payload not yet written). */
  private optionsOpen = false
  /** An even-aligned run of pool bytes buf[fastFrom, fastTo) whose word sum is already known (fastSum). */
  private fastFrom = 0
  private fastTo = 0
  private fastSum = 0

  /** Starts a new frame. */
  begin(): this {
    this.length = 0
    this.etherTypeAt = NONE
    this.ipAt = NONE
    this.ipVersion = 0
    this.l4At = NONE
    this.l4Proto = 0
    this.optionsOpen = false
    this.fastFrom = this.fastTo = 0
    return this
  }

  /** Views buf[0, n) by length, made once each: handing a frame on allocates nothing per packet. */
  private readonly views: Uint8Array[] = []

  /** The finished frame as a view (valid until the next begin()). */
  get frame(): Uint8Array {
    const n = this.length
    let v = this.views[n]
    if (v === undefined) this.views[n] = v = this.buf.subarray(0, n)
    return v
  }

  private room(n: number): number {
    const at = this.length
    if (at + n > MAX_FRAME) throw new RangeError(`frame would exceed ${MAX_FRAME} bytes`)
    this.length = at + n
    return at
  }

  /** Ethernet II header; the EtherType is filled by the next ipv4/ipv6/arp call unless given here. */
  ethernet(dst: Uint8Array, src: Uint8Array, etherType = 0): this {
    const at = this.room(14)
    this.buf.set(dst, at) // destination
    this.buf.set(src, at + 6) // source
    this.view.setUint16(at + 12, etherType)
    this.etherTypeAt = at + 12
    return this
  }

  private setEtherType(type: number): void {
    if (this.etherTypeAt !== NONE) this.view.setUint16(this.etherTypeAt, type)
  }

  /** ARP over Ethernet/IPv4 (RFC 826): op 1 request, 2 reply. */
  arp(op: number, senderMac: Uint8Array, senderIp: Uint8Array, targetMac: Uint8Array, targetIp: Uint8Array): this {
    this.setEtherType(ETHERTYPE_ARP)
    const at = this.room(28)
    const v = this.view
    v.setUint16(at, 1) // htype: Ethernet
    v.setUint16(at + 2, ETHERTYPE_IPV4) // ptype
    this.buf[at + 4] = 6 // hlen
    this.buf[at + 5] = 4 // plen
    v.setUint16(at + 6, op) // oper
    this.buf.set(senderMac, at + 8) // sha
    this.buf.set(senderIp, at + 14) // spa
    this.buf.set(targetMac, at + 18) // tha
    this.buf.set(targetIp, at + 24) // tpa
    return this
  }

  /** IPv4 header without options; Total Length and Header Checksum are filled by finish(). Flags: DF set. */
  ipv4(src: Uint8Array, dst: Uint8Array, protocol: number, ttl = 64, identification = 0, dscp = 0): this {
    this.setEtherType(ETHERTYPE_IPV4)
    const at = this.room(20)
    const b = this.buf
    const v = this.view
    b[at] = 0x45 // Version 4, IHL 5
    b[at + 1] = dscp << 2 // DSCP, ECN 0
    v.setUint16(at + 2, 0) // Total Length (finish)
    v.setUint16(at + 4, identification & 0xffff)
    v.setUint16(at + 6, 0x4000) // Flags: DF; Fragment Offset 0
    b[at + 8] = ttl
    b[at + 9] = protocol
    v.setUint16(at + 10, 0) // Header Checksum (finish)
    b.set(src, at + 12)
    b.set(dst, at + 16)
    this.ipAt = at
    this.ipVersion = 4
    this.l4Proto = protocol
    return this
  }

  /** IPv6 header without extension headers; Payload Length is filled by finish(). */
  ipv6(src: Uint8Array, dst: Uint8Array, nextHeader: number, hopLimit = 64, flowLabel = 0, trafficClass = 0): this {
    this.setEtherType(ETHERTYPE_IPV6)
    const at = this.room(40)
    const v = this.view
    v.setUint32(at, (0x60000000 | ((trafficClass & 0xff) << 20) | (flowLabel & 0xfffff)) >>> 0)
    v.setUint16(at + 4, 0) // Payload Length (finish)
    this.buf[at + 6] = nextHeader
    this.buf[at + 7] = hopLimit
    this.buf.set(src, at + 8)
    this.buf.set(dst, at + 24)
    this.ipAt = at
    this.ipVersion = 6
    this.l4Proto = nextHeader
    return this
  }

  /** IP header for either family, chosen by the address length (4 or 16 bytes). */
  ip(src: Uint8Array, dst: Uint8Array, protocol: number, ttl = 64, identification = 0): this {
    return src.length === 16 ? this.ipv6(src, dst, protocol, ttl) : this.ipv4(src, dst, protocol, ttl, identification)
  }

  /**
   * TCP header; options may follow (tcpMss, tcpSackPermitted, tcpWindowScale, tcpTimestamps, tcpNop) before the
   * payload. Data Offset and Checksum are filled when the payload starts / by finish().
   */
  tcp(srcPort: number, dstPort: number, seq: number, ack: number, flags: number, window: number): this {
    const at = this.room(20)
    const v = this.view
    v.setUint16(at, srcPort)
    v.setUint16(at + 2, dstPort)
    v.setUint32(at + 4, seq >>> 0) // Sequence Number
    v.setUint32(at + 8, ack >>> 0) // Acknowledgment Number
    v.setUint16(at + 12, 0x5000 | (flags & 0x1ff)) // Data Offset 5 (options extend it), control bits
    v.setUint16(at + 14, window & 0xffff)
    v.setUint32(at + 16, 0) // Checksum (finish), Urgent Pointer 0
    this.l4At = at
    this.l4Proto = IPPROTO_TCP
    this.optionsOpen = true
    return this
  }

  /** Kind 2: Maximum Segment Size. */
  tcpMss(mss: number): this {
    const at = this.room(4)
    this.buf[at] = 2
    this.buf[at + 1] = 4
    this.view.setUint16(at + 2, mss)
    return this
  }

  /** Kind 4: SACK permitted. */
  tcpSackPermitted(): this {
    const at = this.room(2)
    this.buf[at] = 4
    this.buf[at + 1] = 2
    return this
  }

  /** Kind 3: window scale (RFC 7323). */
  tcpWindowScale(shift: number): this {
    const at = this.room(3)
    this.buf[at] = 3
    this.buf[at + 1] = 3
    this.buf[at + 2] = shift
    return this
  }

  /** Kind 8: timestamps (RFC 7323). */
  tcpTimestamps(tsVal: number, tsEcr: number): this {
    const at = this.room(10)
    this.buf[at] = 8
    this.buf[at + 1] = 10
    this.view.setUint32(at + 2, tsVal >>> 0)
    this.view.setUint32(at + 6, tsEcr >>> 0)
    return this
  }

  /** Kind 1: no-operation (alignment). */
  tcpNop(): this {
    this.buf[this.room(1)] = 1
    return this
  }

  /** Pads the options with End of Option List bytes to a 32-bit boundary and sets Data Offset. */
  private closeOptions(): void {
    if (!this.optionsOpen) return
    this.optionsOpen = false
    while ((this.length - this.l4At) % 4 !== 0) this.buf[this.room(1)] = 0
    const offsetWords = (this.length - this.l4At) / 4
    if (offsetWords > 15) throw new RangeError('TCP options exceed 40 bytes')
    this.buf[this.l4At + 12] = (offsetWords << 4) | (this.buf[this.l4At + 12] & 0x0f)
  }

  /** UDP header; Length and Checksum are filled by finish(). */
  udp(srcPort: number, dstPort: number): this {
    const at = this.room(8)
    this.view.setUint16(at, srcPort)
    this.view.setUint16(at + 2, dstPort)
    this.view.setUint32(at + 4, 0)
    this.l4At = at
    this.l4Proto = IPPROTO_UDP
    return this
  }

  /**
   * ICMP echo (type 8 request / 0 reply) or, after an IPv6 header, ICMPv6 echo (128 / 129): `request` picks the
   * direction. The checksum is filled by finish().
   */
  icmpEcho(request: boolean, identifier: number, sequence: number): this {
    const at = this.room(8)
    const v6 = this.ipVersion === 6
    this.buf[at] = v6 ? (request ? 128 : 129) : request ? 8 : 0 // Type
    this.buf[at + 1] = 0 // Code
    this.view.setUint16(at + 2, 0) // Checksum (finish)
    this.view.setUint16(at + 4, identifier)
    this.view.setUint16(at + 6, sequence)
    this.l4At = at
    this.l4Proto = v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP
    return this
  }

  /**
   * An ICMP (RFC 792) or, after an IPv6 header, ICMPv6 (RFC 4443) message header: type, code, checksum (filled
   * by finish()) and the 4-byte rest of header; the body follows with the payload methods.
   */
  icmpMessage(type: number, code: number, rest = 0): this {
    const at = this.room(8)
    this.buf[at] = type
    this.buf[at + 1] = code
    this.view.setUint16(at + 2, 0)
    this.view.setUint32(at + 4, rest >>> 0)
    this.l4At = at
    this.l4Proto = this.ipVersion === 6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP
    return this
  }

  /** Appends bytes. */
  bytes(data: Uint8Array): this {
    this.closeOptions()
    this.buf.set(data, this.room(data.length))
    return this
  }

  /** Appends n bytes taken from `pool` at `offset` (a view of random bytes stands in for encrypted payload). */
  bytesFrom(pool: Uint8Array, offset: number, n: number): this {
    this.closeOptions()
    const at = this.room(n)
    if (pool === PAYLOAD_POOL) this.buf.copyWithin(at, POOL_BASE + offset, POOL_BASE + offset + n)
    else this.buf.set(pool.subarray(offset, offset + n), at)
    // Payload pool bytes at an even frame offset and even pool offset: their checksum words are precomputed.
    if (pool === PAYLOAD_POOL && (at & 1) === 0 && (offset & 1) === 0 && this.fastTo === this.fastFrom && n >= 2) {
      const words = n >> 1
      this.fastFrom = at
      this.fastTo = at + 2 * words
      this.fastSum = POOL_WORD_SUMS[(offset >> 1) + words] - POOL_WORD_SUMS[offset >> 1]
    }
    return this
  }

  /**
   * Keeps the precomputed pool sum right when bytes inside it are overwritten (a record header written over
   * pool bytes): call with after = false before writing buf[from, to) and with after = true once written.
   */
  patchPool(from: number, to: number, after: boolean): void {
    const a = Math.max(this.fastFrom, from & ~1)
    const b = Math.min(this.fastTo, (to + 1) & ~1)
    if (a >= b) return
    const s = sum16(this.buf, a, b)
    this.fastSum += after ? s : -s
  }

  /** Appends n copies of one byte. */
  fill(n: number, value = 0): this {
    this.closeOptions()
    const at = this.room(n)
    this.buf.fill(value, at, at + n)
    return this
  }

  u8(v: number): this {
    this.closeOptions()
    this.buf[this.room(1)] = v
    return this
  }

  u16(v: number): this {
    this.closeOptions()
    this.view.setUint16(this.room(2), v)
    return this
  }

  u32(v: number): this {
    this.closeOptions()
    this.view.setUint32(this.room(4), v >>> 0)
    return this
  }

  /** Offset where the next byte goes (payload writers that back-patch lengths keep it). */
  get cursor(): number {
    this.closeOptions()
    return this.length
  }

  /** Fills IP lengths and checksums and the transport length and checksum; returns the frame length. */
  finish(): number {
    this.closeOptions()
    const b = this.buf
    const v = this.view
    const end = this.length
    const ip = this.ipAt
    if (this.l4At !== NONE && ip !== NONE) {
      const l4 = this.l4At
      const segLen = end - l4
      const proto = this.l4Proto
      const addrLen = this.ipVersion === 6 ? 16 : 4
      const srcAt = this.ipVersion === 6 ? ip + 8 : ip + 12
      let csAt: number
      if (proto === IPPROTO_TCP) csAt = l4 + 16
      else if (proto === IPPROTO_UDP) {
        v.setUint16(l4 + 4, segLen) // Length
        csAt = l4 + 6
      } else csAt = l4 + 2
      v.setUint16(csAt, 0)
      const pseudo = proto === IPPROTO_ICMP ? 0 : pseudoHeaderSum(b, srcAt, srcAt + addrLen, addrLen, proto, segLen)
      let sum: number
      if (this.fastTo > this.fastFrom && this.fastFrom >= l4 && this.fastTo <= end && ((this.fastFrom - l4) & 1) === 0) {
        sum = sum16(b, l4, this.fastFrom, pseudo) + this.fastSum
        sum = sum16(b, this.fastTo, end, sum)
      } else sum = sum16(b, l4, end, pseudo)
      let cs = foldChecksum(sum)
      // RFC 768: a computed 0 is sent as all ones (0 means "no checksum" for UDP over IPv4).
      if (proto === IPPROTO_UDP && cs === 0) cs = 0xffff
      v.setUint16(csAt, cs)
    }
    if (ip !== NONE && this.ipVersion === 4) {
      v.setUint16(ip + 2, end - ip) // Total Length
      v.setUint16(ip + 10, 0)
      v.setUint16(ip + 10, internetChecksum(b, ip, ip + 20))
    } else if (ip !== NONE) {
      v.setUint16(ip + 4, end - ip - 40) // Payload Length
    }
    return end
  }
}
