/**
 * GRE (RFC 2784 section 2, https://www.rfc-editor.org/rfc/rfc2784#section-2, with the Key and Sequence Number
 * of RFC 2890 and the routing fields of RFC 1701): C, R, K, S, s flags, Recur, Flags, Ver, Protocol Type, then
 * Checksum and Offset (if C or R), Key (K), Sequence Number (S), Routing (R, a list of Source Route Entries).
 * Version 1 is the enhanced GRE of PPTP (RFC 2637 section 4.1): Key (payload length, call id) always, Sequence
 * Number (S) and Acknowledgment Number (A) optional, carrying PPP.
 * Protocol Type is an EtherType: 0x6558 an Ethernet frame (NVGRE too), 0x880B PPP, 0x88BE ERSPAN type II (an
 * 8-byte ERSPAN header when S is set, none for type I) and 0x22EB ERSPAN type III (12 bytes, plus 8 with O; only frame type 0
 * is Ethernet), 0x883E WCCP (an IPv4 packet, after a 4-byte redirect
 * header in WCCPv2), 0x8909 Cisco MetaData (EtherType, version, length, option, SGT), and Aruba's 802.11-in-GRE.
 */
import { Layer } from '../model/layers.ts'
import { stepForEtherType } from './ethertype.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

export const GRE_MIN_HEADER_LENGTH = 4
const FLAG_CHECKSUM = 0x8000
const FLAG_ROUTING = 0x4000
const FLAG_KEY = 0x2000
const FLAG_SEQUENCE = 0x1000
const FLAG_ACK = 0x0080
const MAX_SOURCE_ROUTE_ENTRIES = 16
const PROTO_PPP = 0x880b
const PROTO_ERSPAN_2 = 0x88be
const PROTO_ERSPAN_3 = 0x22eb
const PROTO_WCCP = 0x883e
const PROTO_CISCO_METADATA = 0x8909
/** Aruba access points tunnel 802.11 frames in GRE with protocol types 0x8200 to 0x83F0 (steps of 0x10). */
const PROTO_ARUBA_FIRST = 0x8200
const PROTO_ARUBA_LAST = 0x83f0
const CISCO_METADATA_LENGTH = 8
const WCCP_REDIRECT_HEADER_LENGTH = 4
const ERSPAN_2_HEADER_LENGTH = 8
const ERSPAN_3_HEADER_LENGTH = 12
const ERSPAN_3_PLATFORM_LENGTH = 8
const ERSPAN_FRAME_TYPE_ETHERNET = 0

export function decodeGre(s: FrameState): number {
  s.truncCode = 'gre.truncated'
  const r = s.reader
  const start = s.off
  s.layers |= Layer.gre
  if (s.wireLeft(start) < GRE_MIN_HEADER_LENGTH) {
    s.anomaly('gre.pkt_too_small')
    return Step.Done
  }
  const flags = r.u16(start)
  const protocol = r.u16(start + 2)
  const version = flags & 7
  let at = start + GRE_MIN_HEADER_LENGTH
  if (version === 0) {
    if ((flags & (FLAG_CHECKSUM | FLAG_ROUTING)) !== 0) at += 4
    if ((flags & FLAG_KEY) !== 0) at += 4
    if ((flags & FLAG_SEQUENCE) !== 0) at += 4
    if ((flags & FLAG_ROUTING) !== 0) {
      at = skipSourceRoutes(s, at)
      if (at < 0) return Step.Done
    }
  } else if (version === 1) {
    if (protocol !== PROTO_PPP || (flags & FLAG_KEY) === 0) {
      s.anomaly('gre.version1_malformed')
      return Step.Done
    }
    at += 4
    if ((flags & FLAG_SEQUENCE) !== 0) at += 4
    if ((flags & FLAG_ACK) !== 0) at += 4
  } else {
    s.anomaly('gre.wrong_version')
    return Step.Done
  }
  if (at > s.wireEnd) {
    s.anomaly('gre.pkt_too_small')
    return Step.Done
  }
  s.off = at
  switch (protocol) {
    case PROTO_PPP:
      return Step.PPP
    case PROTO_ERSPAN_2:
      if ((flags & FLAG_SEQUENCE) === 0) return Step.Ethernet
      s.off = at + ERSPAN_2_HEADER_LENGTH
      return Step.Ethernet
    case PROTO_ERSPAN_3: {
      // The last 16 bits: P, FT (frame type, 5 bits), Hw ID, D, Gra, O (an 8-byte platform sub-header follows).
      const bits = r.u16(at + ERSPAN_3_HEADER_LENGTH - 2)
      s.off = at + ERSPAN_3_HEADER_LENGTH + ((bits & 1) !== 0 ? ERSPAN_3_PLATFORM_LENGTH : 0)
      return ((bits >> 10) & 0x1f) === ERSPAN_FRAME_TYPE_ETHERNET ? Step.Ethernet : Step.Done
    }
    case PROTO_CISCO_METADATA:
      // Inside GRE the Cisco MetaData header puts its EtherType first (after Ethernet it comes last).
      return stepForEtherType(s, r.u16(at), at + CISCO_METADATA_LENGTH)
    case PROTO_WCCP:
      // WCCPv2 puts a 4-byte redirect header before the IPv4 packet, WCCPv1 does not: the version nibble tells.
      if (r.u8(at) >> 4 !== 4) s.off = at + WCCP_REDIRECT_HEADER_LENGTH
      return Step.IPv4
    default:
      if (protocol >= PROTO_ARUBA_FIRST && protocol <= PROTO_ARUBA_LAST && (protocol & 0x0f) === 0) return Step.WLAN
      return stepForEtherType(s, protocol, at)
  }
}

/** RFC 1701 Source Route Entries: Address Family, SRE Offset, SRE Length; a null SRE (family 0, length 0) ends. */
function skipSourceRoutes(s: FrameState, at: number): number {
  const r = s.reader
  for (let n = 0; n < MAX_SOURCE_ROUTE_ENTRIES; n++) {
    const family = r.u16(at)
    const length = r.u8(at + 3)
    at += 4 + length
    if (family === 0 && length === 0) return at
  }
  s.anomaly('gre.too_many_source_routes')
  return -1
}
