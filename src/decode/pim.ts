/**
 * PIM Register messages (RFC 7761 section 4.9.3, https://www.rfc-editor.org/rfc/rfc7761#section-4.9.3):
 * PIM Ver (2), Type (1 = Register), Reserved, Checksum, then the B and N bits with 30 reserved bits, then the
 * multicast data packet being registered, whose version nibble says IPv4 or IPv6. Other PIM messages are not
 * decoded.
 */
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

const PIM_REGISTER = 1
const REGISTER_HEADER_LENGTH = 8

export function decodePim(s: FrameState): number {
  s.truncCode = 'pim.truncated'
  const r = s.reader
  const at = s.off
  // A Null-Register carries just an IP header claiming PIM with nothing after it: nothing to read, not an error.
  if (at >= s.wireEnd) return Step.Done
  const versionType = r.u8(at)
  if (versionType !== (0x20 | PIM_REGISTER)) return Step.Done
  const inner = at + REGISTER_HEADER_LENGTH
  if (inner >= s.wireEnd) return Step.Done
  const version = r.u8(inner) >> 4
  s.off = inner
  if (version === 4) return Step.IPv4
  if (version === 6) return Step.IPv6
  return Step.Done
}
