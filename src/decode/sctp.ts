/**
 * SCTP common header (RFC 9260 section 3.1, https://www.rfc-editor.org/rfc/rfc9260#section-3.1): Source Port
 * Number, Destination Port Number, Verification Tag, Checksum. Chunks are not decoded.
 */
import { Layer } from '../model/layers.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

export const SCTP_COMMON_HEADER_LENGTH = 12

export function decodeSctp(s: FrameState): number {
  s.truncCode = 'sctp.truncated'
  const r = s.reader
  const at = s.off
  s.layers |= Layer.sctp
  const packet = s.wireLeft(at)
  if (packet < SCTP_COMMON_HEADER_LENGTH) {
    s.anomaly('sctp.pkt_too_small')
    return Step.Done
  }
  const b = s.batch
  b.srcPort[s.row] = r.u16(at)
  b.dstPort[s.row] = r.u16(at + 2)
  b.payloadLen[s.row] = packet - SCTP_COMMON_HEADER_LENGTH
  return Step.Done
}
