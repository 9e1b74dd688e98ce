/**
 * Dispatch on the IPv4 Protocol / IPv6 Next Header field (https://www.iana.org/assignments/protocol-numbers/),
 * and the IP Authentication Header (RFC 4302 section 2, https://www.rfc-editor.org/rfc/rfc4302#section-2:
 * Next Header, Payload Len in 4-byte words minus 2, ...), which only wraps the next protocol.
 * Tunnels are followed out of a first fragment too: the inner headers sit at its start, and tshark (whose
 * conversation counts the corpus is checked against) finds them there once it has reassembled the datagram.
 */
import { Layer } from '../model/layers.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

export const IpProto = Object.freeze({
  ICMP: 1,
  IGMP: 2,
  IPV4: 4,
  TCP: 6,
  UDP: 17,
  IPV6: 41,
  GRE: 47,
  ESP: 50,
  AH: 51,
  ICMPV6: 58,
  ETHERIP: 97,
  PIM: 103,
  SCTP: 132,
  MPLS_IN_IP: 137,
  /** RFC 8986 section 10.1: an Ethernet frame carried directly in IPv6 (SRv6 L2 services). */
  ETHERNET: 143,
})

/** Sets s.off to `at` and returns the step for an IP payload of this protocol. */
export function stepForIpProto(s: FrameState, protocol: number, at: number): number {
  s.off = at
  switch (protocol) {
    case IpProto.TCP:
      return Step.TCP
    case IpProto.UDP:
      return Step.UDP
    case IpProto.ICMP:
      return Step.ICMP
    case IpProto.ICMPV6:
      return Step.ICMPv6
    case IpProto.SCTP:
      return Step.SCTP
    case IpProto.AH:
      return Step.AH
    case IpProto.IGMP:
      s.layers |= Layer.igmp
      return Step.Done
    case IpProto.ESP:
      s.layers |= Layer.esp
      return Step.Done
    case IpProto.IPV4:
      return Step.IPv4
    case IpProto.IPV6:
      return Step.IPv6
    case IpProto.GRE:
      return Step.GRE
    case IpProto.ETHERIP:
      return Step.EtherIP
    case IpProto.MPLS_IN_IP:
      return Step.MPLS
    case IpProto.ETHERNET:
      return Step.Ethernet
    case IpProto.PIM:
      return Step.PIM
    default:
      return Step.Done
  }
}

/** IPv4 AH (in IPv6 it is walked as an extension header). Each AH is at least 8 bytes, so the walk moves on. */
export function decodeAh(s: FrameState): number {
  s.truncCode = 'ah.truncated'
  s.layers |= Layer.ah
  const r = s.reader
  const at = s.off
  const next = r.u8(at)
  const length = (r.u8(at + 1) + 2) * 4
  if (at + length > s.wireEnd) {
    s.anomaly('ah.len_invalid')
    return Step.Done
  }
  s.batch.ipProto[s.row] = next
  return stepForIpProto(s, next, at + length)
}

/** EtherIP (RFC 3378): a 2-byte header (version 3 in the top 4 bits) before an Ethernet frame. */
export function decodeEtherIp(s: FrameState): number {
  s.truncCode = 'etherip.truncated'
  const version = s.reader.u8(s.off) >> 4
  if (version !== 3) {
    s.anomaly('etherip.wrong_version')
    return Step.Done
  }
  s.off += 2
  return Step.Ethernet
}
