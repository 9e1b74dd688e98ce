/**
 * The IP header an ICMP or ICMPv6 error quotes (RFC 792 "Internet Header + 64 bits of Original Data Datagram";
 * RFC 4443 section 2.4 "as much of invoking packet as possible"). It is read one level deep and never followed
 * further (no recursion into a quoted ICMP error), and it writes no columns: the row describes the error itself.
 * Its address pair is not added to ctx.ipPairs because tshark's conversation tables leave it out too.
 */
import type { FrameState } from './frame-state.ts'

const IPV4_MIN_HEADER_LENGTH = 20
const IPV6_HEADER_LENGTH = 40

/** Checks the quoted IPv4 header at `at`; problems become icmpv4.* anomalies. */
export function checkQuotedIpv4(s: FrameState, at: number): void {
  const r = s.reader
  const available = r.left(at)
  if (available === 0) return // the error quotes nothing captured (snaplen or an empty quote)
  const version = r.u8(at) >> 4
  if (version !== 4) {
    s.anomaly('icmpv4.ipv4_unknown_ver')
    return
  }
  const headerLength = (r.u8(at) & 15) << 2
  if (headerLength < IPV4_MIN_HEADER_LENGTH) s.anomaly('icmpv4.ipv4_hlen_too_small')
  else if (s.wireLeft(at) < headerLength) s.anomaly('icmpv4.ipv4_trunc_pkt')
}

/** Checks the quoted IPv6 header at `at`; problems become icmpv6.* anomalies. */
export function checkQuotedIpv6(s: FrameState, at: number): void {
  const r = s.reader
  if (r.left(at) === 0) return
  if (r.u8(at) >> 4 !== 6) {
    s.anomaly('icmpv6.ipv6_unknown_version')
    return
  }
  if (s.wireLeft(at) < IPV6_HEADER_LENGTH) s.anomaly('icmpv6.ipv6_trunc_pkt')
}
