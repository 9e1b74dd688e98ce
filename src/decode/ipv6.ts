/**
 * IPv6 (RFC 8200 section 3, https://www.rfc-editor.org/rfc/rfc8200#section-3): Version, Traffic Class, Flow
 * Label, Payload Length, Next Header, Hop Limit, Source Address, Destination Address; then the extension
 * header chain (section 4): Hop-by-Hop Options (0), Routing (43), Fragment (44), Destination Options (60),
 * Mobility (135), HIP (139), Shim6 (140) with Hdr Ext Len in 8-byte units not counting the first 8, and AH (51)
 * in 4-byte units minus 2. The chain is capped at MAX_IPV6_EXT_HEADERS; every step moves >= 8 bytes.
 *
 * The address pair is added to ctx.ipPairs where tshark's `-z conv,ipv6` registers a conversation: once the
 * extension header chain has been read whole. A fragment only counts when its datagram could be whole, which
 * tshark decides by reassembly; without reassembly the last fragment (offset > 0, M = 0) stands in for it.
 * Like tshark, a Mobility header ends the chain without a conversation, and a zero Payload Length is only
 * taken as a jumbogram when a Hop-by-Hop Jumbo Payload option (RFC 2675) says how long the packet is.
 *
 * The packet's addresses are those of its end points, as tshark's conversations and Zeek's connections have
 * them: a Routing header with Segments Left > 0 names the final destination (type 0, RFC 2460 4.4: the last
 * Address; type 2, RFC 6275 6.4: the home address; type 4, RFC 8754 2: Segment List[0]), and a Home Address
 * destination option (RFC 6275 6.3) names the mobile node's source address.
 */
import { Layer } from '../model/layers.ts'
import { Net } from '../model/packet-batch.ts'
import type { FrameState } from './frame-state.ts'
import { IpProto, stepForIpProto } from './ip-protocols.ts'
import { MAX_IP_HEADERS, MAX_IPV6_EXT_HEADERS, Step } from './step.ts'

export const IPV6_HEADER_LENGTH = 40
const EXT_HOP_BY_HOP = 0
const EXT_ROUTING = 43
const EXT_FRAGMENT = 44
const EXT_DESTINATION = 60
const EXT_MOBILITY = 135
const EXT_HIP = 139
const EXT_SHIM6 = 140
const FRAGMENT_HEADER_LENGTH = 8

function isExtensionHeader(nh: number): boolean {
  return (
    nh === EXT_HOP_BY_HOP || nh === EXT_ROUTING || nh === EXT_FRAGMENT || nh === EXT_DESTINATION || nh === IpProto.AH ||
    nh === EXT_MOBILITY || nh === EXT_HIP || nh === EXT_SHIM6
  )
}

export function decodeIpv6(s: FrameState): number {
  s.truncCode = 'ipv6.truncated'
  const r = s.reader
  const at = s.off
  if (r.u8(at) >> 4 !== 6) {
    s.anomaly('ipv6.wrong_ip_version')
    return Step.Done
  }
  s.layers |= Layer.ipv6
  if (s.ipHeaders >= MAX_IP_HEADERS) {
    s.anomaly('tunnel.too_deep')
    return Step.Done
  }
  const onWire = s.wireLeft(at)
  if (onWire < IPV6_HEADER_LENGTH) {
    s.anomaly('ipv6.pkt_too_small')
    return Step.Done
  }
  r.need(at, IPV6_HEADER_LENGTH)
  const payloadLength = r.u16(at + 4)
  let nh = r.u8(at + 6)
  if (payloadLength === 0 && nh === EXT_HOP_BY_HOP) {
    // A jumbogram (RFC 2675): the length is in the Hop-by-Hop Jumbo Payload option. Without one the payload
    // is empty and the Hop-by-Hop header runs past it (tshark sees it that way too).
    const jumbo = jumboPayloadLength(s, at + IPV6_HEADER_LENGTH)
    if (jumbo < 0) s.narrow(at + IPV6_HEADER_LENGTH)
    else if (IPV6_HEADER_LENGTH + jumbo > onWire) s.anomaly('ipv6.trunc_pkt')
    else s.narrow(at + IPV6_HEADER_LENGTH + jumbo)
  } else if (IPV6_HEADER_LENGTH + payloadLength > onWire) {
    if (!s.fragmented) s.anomaly('ipv6.trunc_pkt')
  } else {
    s.narrow(at + IPV6_HEADER_LENGTH + payloadLength)
  }

  const ctx = s.ctx
  let src = ctx.addresses.ipv6(r.buf, at + 8)
  let dst = ctx.addresses.ipv6(r.buf, at + 24)
  s.ipHeaders++
  s.startNetworkLayer()
  const b = s.batch
  const row = s.row
  b.net[row] = Net.IPv6
  b.ipProto[row] = nh
  b.srcAddr[row] = src
  b.dstAddr[row] = dst
  b.ttl[row] = r.u8(at + 7)

  let o = at + IPV6_HEADER_LENGTH
  let firstFragment = false
  for (let headers = 0; isExtensionHeader(nh); headers++) {
    if (headers >= MAX_IPV6_EXT_HEADERS) {
      s.anomaly('ipv6.exthdr_too_many')
      return Step.Done
    }
    if (o + 2 > s.wireEnd) {
      s.anomaly('ipv6.trunc_exthdr')
      return Step.Done
    }
    const next = r.u8(o)
    let length: number
    if (nh === EXT_FRAGMENT) length = FRAGMENT_HEADER_LENGTH
    else if (nh === IpProto.AH) length = (r.u8(o + 1) + 2) * 4
    else length = (r.u8(o + 1) + 1) * 8
    if (o + length > s.wireEnd) {
      s.anomaly('ipv6.trunc_exthdr')
      return Step.Done
    }
    r.need(o, length)
    if (nh === IpProto.AH) s.layers |= Layer.ah
    if (nh === EXT_ROUTING) {
      const final = finalDestinationAt(s, o, length)
      if (final >= 0) b.dstAddr[row] = dst = ctx.addresses.ipv6(r.buf, final)
    } else if (nh === EXT_DESTINATION) {
      const home = homeAddressAt(s, o, length)
      if (home >= 0) b.srcAddr[row] = src = ctx.addresses.ipv6(r.buf, home)
    }
    if (nh === EXT_MOBILITY) {
      // The Mobility header ends the chain (its Payload Proto is always No Next Header in practice) and tshark
      // registers no conversation for it.
      b.ipProto[row] = nh
      return Step.Done
    }
    if (nh === EXT_FRAGMENT) {
      const offsetAndFlags = r.u16(o + 2)
      const offset = offsetAndFlags >> 3
      const more = (offsetAndFlags & 1) !== 0
      if (offset !== 0) {
        // A later fragment: no transport header here.
        if (!more) ctx.ipPairs.add(src, dst)
        s.fragmented = true
        b.ipProto[row] = next
        return Step.Done
      }
      if (more) firstFragment = true
    }
    nh = next
    o += length
  }
  b.ipProto[row] = nh
  if (firstFragment) s.fragmented = true
  else ctx.ipPairs.add(src, dst)
  return stepForIpProto(s, nh, o)
}

const OPT_PAD1 = 0
const OPT_JUMBO = 0xc2
const OPT_HOME_ADDRESS = 0xc9
const ROUTING_SOURCE_ROUTE = 0
const ROUTING_MOBILE_IPV6 = 2
const ROUTING_SEGMENT_ROUTING = 4

/**
 * Where the final destination address sits in the Routing header at `at` (`length` bytes, already checked to
 * be present), or -1 when the header names none (Segments Left 0, another type, or a length that does not fit).
 */
function finalDestinationAt(s: FrameState, at: number, length: number): number {
  const r = s.reader
  const type = r.u8(at + 2)
  if (r.u8(at + 3) === 0) return -1 // Segments Left: the destination field already holds the final address
  if (type === ROUTING_SOURCE_ROUTE) {
    const addresses = (length - 8) / 16
    return Number.isInteger(addresses) && addresses >= 1 ? at + 8 + 16 * (addresses - 1) : -1
  }
  if (type === ROUTING_MOBILE_IPV6) return length === 24 ? at + 8 : -1
  if (type === ROUTING_SEGMENT_ROUTING) return length >= 24 ? at + 8 : -1
  return -1
}

/** Where the Home Address option's address sits in the Destination Options header at `at`, or -1. */
function homeAddressAt(s: FrameState, at: number, length: number): number {
  const r = s.reader
  const end = at + length
  let o = at + 2
  // Every step moves at least one byte; the header was checked to be present up to `end`.
  while (o < end) {
    const type = r.u8(o)
    if (type === OPT_PAD1) {
      o++
      continue
    }
    if (o + 2 > end) return -1
    const optionLength = r.u8(o + 1)
    if (o + 2 + optionLength > end) return -1
    if (type === OPT_HOME_ADDRESS && optionLength === 16) return o + 2
    o += 2 + optionLength
  }
  return -1
}

/** The Jumbo Payload Length from the Hop-by-Hop header at `at`, or -1 when it has none (or is cut short). */
function jumboPayloadLength(s: FrameState, at: number): number {
  const r = s.reader
  if (!r.has(at, 2)) return -1
  const end = at + (r.u8(at + 1) + 1) * 8
  let o = at + 2
  while (o < end && r.has(o, 1)) {
    const type = r.u8(o)
    if (type === OPT_PAD1) {
      o++
      continue
    }
    if (!r.has(o, 2)) return -1
    const length = r.u8(o + 1)
    if (type === OPT_JUMBO && length === 4 && r.has(o + 2, 4)) return r.u32(o + 2)
    o += 2 + length
  }
  return -1
}
