/**
 * ICMP for IPv4 (RFC 792, https://www.rfc-editor.org/rfc/rfc792): Type, Code, Checksum, then 4 bytes whose
 * meaning depends on the type (Identifier and Sequence Number for echo), then data. Type and code go to the
 * port columns (srcPort = type, dstPort = code), the echo identifier to icmpId. Error messages quote the IP
 * header of the packet that caused them; it is checked one level deep (icmp-quote.ts).
 */
import { Layer } from '../model/layers.ts'
import type { FrameState } from './frame-state.ts'
import { checkQuotedIpv4 } from './icmp-quote.ts'
import { Step } from './step.ts'

export const ICMP_HEADER_LENGTH = 8
const ECHO_REPLY = 0
const DESTINATION_UNREACHABLE = 3
const SOURCE_QUENCH = 4
const REDIRECT = 5
const ECHO_REQUEST = 8
const TIME_EXCEEDED = 11
const PARAMETER_PROBLEM = 12

function isError(type: number): boolean {
  return (
    type === DESTINATION_UNREACHABLE ||
    type === SOURCE_QUENCH ||
    type === REDIRECT ||
    type === TIME_EXCEEDED ||
    type === PARAMETER_PROBLEM
  )
}

export function decodeIcmp(s: FrameState): number {
  s.truncCode = 'icmpv4.truncated'
  const r = s.reader
  const at = s.off
  s.layers |= Layer.icmp
  const onWire = s.wireLeft(at)
  if (onWire < ICMP_HEADER_LENGTH) {
    s.anomaly('icmpv4.pkt_too_small')
    if (onWire < 2) return Step.Done
  }
  const type = r.u8(at)
  const b = s.batch
  const row = s.row
  b.srcPort[row] = type
  b.dstPort[row] = r.u8(at + 1)
  if (onWire < ICMP_HEADER_LENGTH) return Step.Done
  b.payloadLen[row] = onWire - ICMP_HEADER_LENGTH
  if (type === ECHO_REQUEST || type === ECHO_REPLY) b.icmpId[row] = r.u16(at + 4)
  else if (isError(type)) {
    if (onWire === ICMP_HEADER_LENGTH) s.anomaly('icmpv4.trunc_pkt')
    else checkQuotedIpv4(s, at + ICMP_HEADER_LENGTH)
  }
  return Step.Done
}
