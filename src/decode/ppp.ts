/**
 * PPP (RFC 1661 section 2, https://www.rfc-editor.org/rfc/rfc1661#section-2) with the HDLC-like framing of
 * RFC 1662 (address 0xFF, control 0x03, both optional after address/control field compression), and PPPoE
 * session frames (RFC 2516 section 4: VER/TYPE, CODE, SESSION_ID, LENGTH, then a PPP protocol field).
 * Protocol numbers: https://www.iana.org/assignments/ppp-numbers/.
 */
import { Layer } from '../model/layers.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

export const PppProtocol = Object.freeze({
  IPV4: 0x0021,
  IPV6: 0x0057,
  MPLS_UNICAST: 0x0281,
  MPLS_MULTICAST: 0x0283,
})

const ALL_STATIONS = 0xff
const UI_CONTROL = 0x03
const PPPOE_HEADER_LENGTH = 6
const CISCO_HDLC_UNICAST = 0x0f
const CISCO_HDLC_MULTICAST = 0x8f

/** PPP frame at s.off, with or without the 0xFF 0x03 address and control bytes. */
export function decodePpp(s: FrameState): number {
  s.truncCode = 'ppp.truncated'
  s.layers |= Layer.ppp
  const r = s.reader
  let at = s.off
  if (r.u8(at) === ALL_STATIONS && r.u8(at + 1) === UI_CONTROL) at += 2
  return stepForPppProtocol(s, at)
}

/** Link type 50 holds PPP in HDLC-like framing, but some writers put Cisco HDLC frames there too. */
export function decodePppSerial(s: FrameState): number {
  s.truncCode = 'ppp.truncated'
  const first = s.reader.u8(s.off)
  if (first === CISCO_HDLC_UNICAST || first === CISCO_HDLC_MULTICAST) return Step.CHDLC
  return decodePpp(s)
}

/** PPPoE session stage; the LENGTH field bounds the PPP payload. */
export function decodePppoe(s: FrameState): number {
  s.truncCode = 'pppoe.truncated'
  s.layers |= Layer.ppp
  const r = s.reader
  const at = s.off
  const verType = r.u8(at)
  if (verType !== 0x11) {
    s.anomaly('pppoe.wrong_version')
    return Step.Done
  }
  const length = r.u16(at + 4)
  const payload = at + PPPOE_HEADER_LENGTH
  // The LENGTH is only checked, not used to trim: writers get it wrong, and the IP length that follows (the
  // usual payload) trims any Ethernet padding anyway.
  if (payload + length > s.wireEnd) s.anomaly('pppoe.len_invalid')
  return stepForPppProtocol(s, payload)
}

/** Reads the 1- or 2-byte protocol field at `at` (RFC 1661 section 6.5: an odd first byte means 1 byte). */
function stepForPppProtocol(s: FrameState, at: number): number {
  const r = s.reader
  let protocol = r.u8(at)
  let payload = at + 1
  if ((protocol & 1) === 0) {
    protocol = (protocol << 8) | r.u8(at + 1)
    payload = at + 2
  }
  s.off = payload
  switch (protocol) {
    case PppProtocol.IPV4:
      return Step.IPv4
    case PppProtocol.IPV6:
      return Step.IPv6
    case PppProtocol.MPLS_UNICAST:
    case PppProtocol.MPLS_MULTICAST:
      return Step.MPLS
    default:
      return Step.Done
  }
}
