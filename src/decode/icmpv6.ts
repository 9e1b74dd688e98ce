/**
 * ICMPv6 (RFC 4443 section 2.1, https://www.rfc-editor.org/rfc/rfc4443#section-2.1): Type, Code, Checksum,
 * Message Body. Echo Request/Reply (128/129) carry an Identifier; error messages (types 1-4) carry 4 bytes and
 * then as much of the invoking packet as fits, whose IPv6 header is checked one level deep (icmp-quote.ts).
 */
import { Layer } from '../model/layers.ts'
import type { FrameState } from './frame-state.ts'
import { checkQuotedIpv6 } from './icmp-quote.ts'
import { Step } from './step.ts'

export const ICMPV6_HEADER_LENGTH = 8
/** Types below 128 are errors (RFC 4443 section 2.1). */
const FIRST_INFORMATIONAL_TYPE = 128
const ECHO_REQUEST = 128
const ECHO_REPLY = 129

export function decodeIcmpv6(s: FrameState): number {
  s.truncCode = 'icmpv6.truncated'
  const r = s.reader
  const at = s.off
  s.layers |= Layer.icmpv6
  const onWire = s.wireLeft(at)
  if (onWire < 4) {
    s.anomaly('icmpv6.pkt_too_small')
    if (onWire < 2) return Step.Done
  }
  const type = r.u8(at)
  const b = s.batch
  const row = s.row
  b.srcPort[row] = type
  b.dstPort[row] = r.u8(at + 1)
  if (onWire < 4) return Step.Done
  b.payloadLen[row] = onWire > ICMPV6_HEADER_LENGTH ? onWire - ICMPV6_HEADER_LENGTH : 0
  if (type === ECHO_REQUEST || type === ECHO_REPLY) {
    if (onWire >= ICMPV6_HEADER_LENGTH) b.icmpId[row] = r.u16(at + 4)
  } else if (type < FIRST_INFORMATIONAL_TYPE) {
    if (onWire <= ICMPV6_HEADER_LENGTH) s.anomaly('icmpv6.trunc_pkt')
    else checkQuotedIpv6(s, at + ICMPV6_HEADER_LENGTH)
  }
  return Step.Done
}
