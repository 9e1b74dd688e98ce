/**
 * VXLAN (RFC 7348 section 5, https://www.rfc-editor.org/rfc/rfc7348#section-5): Flags (I = 0x08), 24 reserved
 * bits, VNI (24 bits), 8 reserved bits, then an Ethernet frame. VXLAN-GPE
 * (draft-ietf-nvo3-vxlan-gpe section 3.1) keeps the layout but the fourth byte is Next Protocol
 * (1 IPv4, 2 IPv6, 3 Ethernet, 4 NSH, 5 MPLS) when the P flag (0x04) is set.
 */
import { Layer } from '../model/layers.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

export const VXLAN_HEADER_LENGTH = 8
const GPE_FLAG_NEXT_PROTOCOL = 0x04

export function decodeVxlan(s: FrameState): number {
  s.truncCode = 'vxlan.truncated'
  s.layers |= Layer.vxlan
  if (s.wireLeft(s.off) < VXLAN_HEADER_LENGTH) {
    s.anomaly('vxlan.pkt_too_small')
    return Step.Done
  }
  s.reader.need(s.off, VXLAN_HEADER_LENGTH)
  s.off += VXLAN_HEADER_LENGTH
  return Step.Ethernet
}

export function decodeVxlanGpe(s: FrameState): number {
  s.truncCode = 'vxlan.truncated'
  s.layers |= Layer.vxlan
  const r = s.reader
  const at = s.off
  if (s.wireLeft(at) < VXLAN_HEADER_LENGTH) {
    s.anomaly('vxlan.pkt_too_small')
    return Step.Done
  }
  const flags = r.u8(at)
  const nextProtocol = r.u8(at + 3)
  s.off = at + VXLAN_HEADER_LENGTH
  if ((flags & GPE_FLAG_NEXT_PROTOCOL) === 0) return Step.Ethernet
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
