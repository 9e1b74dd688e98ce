/**
 * Network Service Header (RFC 8300 section 2.2, https://www.rfc-editor.org/rfc/rfc8300#section-2.2): Ver, O,
 * U, TTL, Length (whole NSH in 4-byte words), MD Type, Next Protocol (1 IPv4, 2 IPv6, 3 Ethernet, 4 NSH,
 * 5 MPLS), then the Service Path Header and context headers.
 */
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

/** Base header plus Service Path Header. */
const NSH_MIN_LENGTH = 8

export function decodeNsh(s: FrameState): number {
  s.truncCode = 'nsh.truncated'
  const r = s.reader
  const at = s.off
  const first = r.u16(at)
  if (first >> 14 !== 0) {
    s.anomaly('nsh.wrong_version')
    return Step.Done
  }
  const length = (first & 0x3f) * 4
  if (length < NSH_MIN_LENGTH || at + length > s.wireEnd) {
    s.anomaly('nsh.len_invalid')
    return Step.Done
  }
  const nextProtocol = r.u8(at + 3)
  s.off = at + length
  switch (nextProtocol) {
    case 1:
      return Step.IPv4
    case 2:
      return Step.IPv6
    case 3:
      return Step.Ethernet
    case 4:
      return Step.NSH
    case 5:
      return Step.MPLS
    default:
      return Step.Done
  }
}
