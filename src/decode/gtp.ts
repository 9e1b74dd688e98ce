/**
 * GTP-U (3GPP TS 29.281 section 5.1): flags (Version 3 bits = 1, PT, spare, E, S, PN), Message Type, Length,
 * TEID; Sequence Number, N-PDU Number and Next Extension Header Type when any of E, S, PN is set; then
 * extension headers (Length in 4-byte units including itself, contents, next type), walked with a cap. A G-PDU
 * (message type 255) carries a user IP packet, whose version nibble says IPv4 or IPv6.
 * GTPv0 (GSM 09.60, UDP port 3386) has a fixed 20-byte header (flags with version 0, message type, length,
 * sequence number, flow label, SNDCP N-PDU number, 3 spare bytes, TID) before the T-PDU.
 */
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

const GTP_HEADER_LENGTH = 8
const GTP_OPTIONAL_LENGTH = 4
const FLAGS_E_S_PN = 0x07
const FLAG_E = 0x04
const MESSAGE_G_PDU = 0xff
const MAX_EXTENSION_HEADERS = 8

export function decodeGtpU(s: FrameState): number {
  s.truncCode = 'gtp.truncated'
  const r = s.reader
  const at = s.off
  const flags = r.u8(at)
  if (flags >> 5 !== 1 || (flags & 0x10) === 0) return Step.Done // not GTPv1 (GTP' and v2 are not user plane)
  if (r.u8(at + 1) !== MESSAGE_G_PDU) return Step.Done
  let o = at + GTP_HEADER_LENGTH
  if ((flags & FLAGS_E_S_PN) !== 0) {
    let next = (flags & FLAG_E) !== 0 ? r.u8(o + 3) : 0
    o += GTP_OPTIONAL_LENGTH
    for (let n = 0; next !== 0; n++) {
      const length = r.u8(o) * 4
      if (n >= MAX_EXTENSION_HEADERS || length === 0) {
        s.anomaly('gtp.ext_hdr_invalid')
        return Step.Done
      }
      next = r.u8(o + length - 1)
      o += length
    }
  }
  return stepForUserPacket(s, o)
}

const GTP_V0_HEADER_LENGTH = 20

export function decodeGtpV0(s: FrameState): number {
  s.truncCode = 'gtp.truncated'
  const r = s.reader
  const at = s.off
  if (r.u8(at) >> 5 !== 0 || r.u8(at + 1) !== MESSAGE_G_PDU) return Step.Done
  return stepForUserPacket(s, at + GTP_V0_HEADER_LENGTH)
}

function stepForUserPacket(s: FrameState, at: number): number {
  if (at >= s.wireEnd) return Step.Done
  const version = s.reader.u8(at) >> 4
  s.off = at
  if (version === 4) return Step.IPv4
  if (version === 6) return Step.IPv6
  return Step.Done
}
