/**
 * IPv4 (RFC 791 section 3.1, https://www.rfc-editor.org/rfc/rfc791#section-3.1): Version, IHL, Type of
 * Service, Total Length, Identification, Flags, Fragment Offset, Time to Live, Protocol, Header Checksum,
 * Source Address, Destination Address, Options.
 *
 * Checks follow Suricata's ipv4.* decode events. The address pair is added to ctx.ipPairs under the same
 * conditions as tshark's `-z conv,ip` registers a conversation: a version-4 header with IHL >= 5 that was
 * captured whole and whose Total Length is 0 (TCP segmentation offload) or at least the header length.
 * Only the first fragment (offset 0) is followed into its transport header (RELIABILITY.md row 28); fragments
 * are not reassembled.
 */
import { Layer } from '../model/layers.ts'
import { Net } from '../model/packet-batch.ts'
import type { FrameState } from './frame-state.ts'
import { stepForIpProto } from './ip-protocols.ts'
import { MAX_IP_HEADERS, Step } from './step.ts'

export const IPV4_MIN_HEADER_LENGTH = 20
const MORE_FRAGMENTS = 0x2000
const FRAGMENT_OFFSET_MASK = 0x1fff
const OPT_EOL = 0
const OPT_NOP = 1
const OPT_LSRR = 131
const OPT_SSRR = 137

export function decodeIpv4(s: FrameState): number {
  s.truncCode = 'ipv4.truncated'
  const r = s.reader
  const at = s.off
  const versionIhl = r.u8(at)
  if (versionIhl >> 4 !== 4) {
    s.anomaly('ipv4.wrong_ip_version')
    // An IPv6 packet labelled IPv4 is still an IPv6 packet; Wireshark decodes it as one, and so do we.
    return versionIhl >> 4 === 6 ? Step.IPv6 : Step.Done
  }
  s.layers |= Layer.ip
  if (s.ipHeaders >= MAX_IP_HEADERS) {
    s.anomaly('tunnel.too_deep')
    return Step.Done
  }
  const headerLength = (versionIhl & 15) << 2
  if (headerLength < IPV4_MIN_HEADER_LENGTH) {
    s.anomaly('ipv4.hlen_too_small')
    return Step.Done
  }
  const onWire = s.wireLeft(at)
  if (onWire < headerLength) {
    s.anomaly(onWire < IPV4_MIN_HEADER_LENGTH ? 'ipv4.pkt_too_small' : 'ipv4.trunc_pkt')
    return Step.Done
  }
  r.need(at, headerLength)
  // The fixed fields lie inside the header need() has just accepted: read straight from the buffer. (The
  // reader's accessors each repeat the check, and this function's inlining budget runs out before they are
  // inlined: six real calls per packet.)
  const h = r.buf
  const totalLength = (h[at + 2] << 8) | h[at + 3]
  let end: number
  if (totalLength === 0) {
    end = s.wireEnd // TCP segmentation offload: the NIC fills the length in later; the frame says how long it is.
  } else if (totalLength < headerLength) {
    s.anomaly('ipv4.iplen_smaller_than_hlen')
    return Step.Done
  } else if (totalLength > onWire) {
    if (!s.fragmented) s.anomaly('ipv4.trunc_pkt')
    end = s.wireEnd
  } else {
    end = at + totalLength
  }
  s.narrow(end)

  const fragment = (h[at + 6] << 8) | h[at + 7]
  const protocol = h[at + 9]
  const ctx = s.ctx
  // As int32 (no `>>> 0`): addresses are interned as int32 anyway (AddressTable.ipv4), and an int32 is never boxed.
  const src = ctx.addresses.ipv4((h[at + 12] << 24) | (h[at + 13] << 16) | (h[at + 14] << 8) | h[at + 15])
  const dst = ctx.addresses.ipv4((h[at + 16] << 24) | (h[at + 17] << 16) | (h[at + 18] << 8) | h[at + 19])
  const routeEnd =
    headerLength > IPV4_MIN_HEADER_LENGTH ? walkOptions(s, at + IPV4_MIN_HEADER_LENGTH, at + headerLength) : -1
  // With a source route option, Wireshark's conversation ends at the route's final destination.
  ctx.ipPairs.add(src, routeEnd < 0 ? dst : ctx.addresses.ipv4(routeEnd))
  s.ipHeaders++
  s.startNetworkLayer()
  const b = s.batch
  const row = s.row
  b.net[row] = Net.IPv4
  b.ipProto[row] = protocol
  b.srcAddr[row] = src
  b.dstAddr[row] = dst
  b.ttl[row] = h[at + 8]

  if ((fragment & FRAGMENT_OFFSET_MASK) !== 0) {
    s.fragmented = true
    return Step.Done
  }
  if ((fragment & MORE_FRAGMENTS) !== 0) s.fragmented = true
  return stepForIpProto(s, protocol, at + headerLength)
}

/**
 * Walks the options: End of Option List stops, No-Operation is 1 byte, every other option has a length byte
 * that must be at least 2 and stay inside the header, so each step moves >= 1 byte. Returns the last address
 * of a Loose or Strict Source and Record Route option (RFC 791: route data of 4-byte addresses after type,
 * length and pointer), the datagram's final destination, or -1 when there is none.
 */
function walkOptions(s: FrameState, at: number, end: number): number {
  const r = s.reader
  let routeEnd = -1
  let o = at
  while (o < end) {
    const type = r.u8(o)
    if (type === OPT_EOL) break
    if (type === OPT_NOP) {
      o++
      continue
    }
    if (o + 1 >= end) {
      s.anomaly('ipv4.opt_invalid_len')
      break
    }
    const length = r.u8(o + 1)
    if (length < 2 || o + length > end) {
      s.anomaly('ipv4.opt_invalid_len')
      break
    }
    if ((type === OPT_LSRR || type === OPT_SSRR) && length >= 7 && (length - 3) % 4 === 0) routeEnd = r.u32(o + length - 4)
    o += length
  }
  return routeEnd
}
