/**
 * Geneve (RFC 8926 section 3.4, https://www.rfc-editor.org/rfc/rfc8926#section-3.4): Ver (2 bits), Opt Len
 * (6 bits, in 4-byte words), O and C flags, Protocol Type (an EtherType; 0x6558 is Ethernet), VNI (24 bits),
 * reserved, then Opt Len * 4 bytes of options and the payload.
 */
import { Layer } from '../model/layers.ts'
import { stepForEtherType } from './ethertype.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

export const GENEVE_HEADER_LENGTH = 8

export function decodeGeneve(s: FrameState): number {
  s.truncCode = 'geneve.truncated'
  const r = s.reader
  const at = s.off
  s.layers |= Layer.geneve
  if (s.wireLeft(at) < GENEVE_HEADER_LENGTH) {
    s.anomaly('geneve.pkt_too_small')
    return Step.Done
  }
  const first = r.u8(at)
  if (first >> 6 !== 0) {
    s.anomaly('geneve.unknown_version')
    return Step.Done
  }
  const headerLength = GENEVE_HEADER_LENGTH + (first & 0x3f) * 4
  if (s.wireLeft(at) < headerLength) {
    s.anomaly('geneve.opt_len_invalid')
    return Step.Done
  }
  return stepForEtherType(s, r.u16(at + 2), at + headerLength)
}
