/**
 * MPLS label stack entries (RFC 3032 section 2.1, https://www.rfc-editor.org/rfc/rfc3032#section-2.1): label
 * 20 bits, traffic class 3, bottom of stack (S) 1, TTL 8. The stack is walked in a loop capped at
 * MAX_MPLS_LABELS. MPLS does not say what follows the bottom label, so, as routers and Wireshark do, the
 * first nibble decides: 4 is IPv4, 6 is IPv6, 0 is a pseudowire control word (RFC 4385) before an Ethernet
 * frame, and anything else is taken as an Ethernet pseudowire without a control word (RFC 4448).
 */
import { Layer } from '../model/layers.ts'
import type { FrameState } from './frame-state.ts'
import { MAX_MPLS_LABELS, Step } from './step.ts'

const BOTTOM_OF_STACK = 0x100
const PW_CONTROL_WORD_LENGTH = 4
/** First nibble 1: a pseudowire associated channel (RFC 4385 section 3), not user traffic. */
const PW_ACH_NIBBLE = 1

export function decodeMpls(s: FrameState): number {
  s.truncCode = 'mpls.truncated'
  s.layers |= Layer.mpls
  const r = s.reader
  let at = s.off
  for (let labels = 1; ; labels++) {
    const entry = r.u32(at)
    at += 4
    if ((entry & BOTTOM_OF_STACK) !== 0) break
    if (labels >= MAX_MPLS_LABELS) {
      s.anomaly('mpls.too_many_labels')
      return Step.Done
    }
  }
  if (at >= s.wireEnd) return Step.Done
  const nibble = r.u8(at) >> 4
  s.off = at
  if (nibble === 4) return Step.IPv4
  if (nibble === 6) return Step.IPv6
  if (nibble === PW_ACH_NIBBLE) return Step.Done
  if (nibble === 0) s.off = at + PW_CONTROL_WORD_LENGTH
  return Step.Ethernet
}
