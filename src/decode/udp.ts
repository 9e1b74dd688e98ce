/**
 * UDP (RFC 768, https://www.rfc-editor.org/rfc/rfc768): Source Port, Destination Port, Length (header plus
 * data), Checksum. payloadLen is the smaller of what the UDP length and the IP length say. Well-known tunnel
 * ports (VXLAN 4789, VXLAN-GPE 4790, Geneve 6081, Teredo 3544, GTP-U 2152, GTPv0 3386, MPLS-in-UDP 6635 of RFC 7510, GRE-in-UDP 4754 of RFC 8086, AYIYA 5072) continue into the tunnel; other payloads go to
 * the application decoders.
 */
import { Layer } from '../model/layers.ts'
import { decodeApp } from './app.ts'
import { payloadEntropyCode } from './payload-entropy.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

export const UDP_HEADER_LENGTH = 8
export const UdpPort = Object.freeze({
  GTP_U: 2152,
  GTP_V0: 3386,
  TEREDO: 3544,
  GRE: 4754,
  VXLAN: 4789,
  VXLAN_GPE: 4790,
  AYIYA: 5072,
  GENEVE: 6081,
  MPLS: 6635,
})

export function decodeUdp(s: FrameState): number {
  s.truncCode = 'udp.truncated'
  const r = s.reader
  const at = s.off
  s.layers |= Layer.udp
  const datagram = s.wireLeft(at)
  if (datagram < UDP_HEADER_LENGTH) {
    s.anomaly('udp.pkt_too_small')
    return Step.Done
  }
  r.need(at, UDP_HEADER_LENGTH)
  // Inside the range need() has just accepted: read straight from the buffer (as decodeIpv4 and decodeTcp do).
  const h = r.buf
  const srcPort = (h[at] << 8) | h[at + 1]
  const dstPort = (h[at + 2] << 8) | h[at + 3]
  const length = (h[at + 4] << 8) | h[at + 5]
  const b = s.batch
  const row = s.row
  b.srcPort[row] = srcPort
  b.dstPort[row] = dstPort
  let payloadLen = datagram - UDP_HEADER_LENGTH
  if (length < UDP_HEADER_LENGTH) {
    // 0 is legal in IPv6 jumbograms (RFC 2675 section 4) and seen with segmentation offload; anything else
    // below 8 cannot be right. Either way the payload is not looked into (tshark does not either).
    if (length !== 0) s.anomaly('udp.hlen_invalid')
    b.payloadLen[row] = payloadLen
    return Step.Done
  } else if (length > datagram) {
    // The first fragment of a datagram only holds its start: the length covers the whole datagram.
    if (!s.fragmented) s.anomaly('udp.len_invalid')
  } else {
    payloadLen = length - UDP_HEADER_LENGTH
    s.narrow(at + length)
  }
  b.payloadLen[row] = payloadLen
  const payload = at + UDP_HEADER_LENGTH
  s.off = payload
  // The destination port decides first; a source port only when the destination is not a well-known service
  // port (a DNS query from ephemeral port 4789 is DNS, not VXLAN).
  let tunnel = tunnelStep(dstPort)
  if (tunnel === Step.Done && dstPort >= 1024) tunnel = tunnelStep(srcPort)
  if (tunnel !== Step.Done) return tunnel
  const capturedEnd = r.end
  if (payload < capturedEnd) {
    b.payloadEntropy[row] = payloadEntropyCode(r.buf, payload, capturedEnd)
    s.truncCode = 'app.truncated'
    decodeApp(s.ctx, b, row, payload, capturedEnd)
  }
  return Step.Done
}

function tunnelStep(port: number): number {
  switch (port) {
    case UdpPort.VXLAN:
      return Step.VXLAN
    case UdpPort.VXLAN_GPE:
      return Step.VXLANGPE
    case UdpPort.GENEVE:
      return Step.Geneve
    case UdpPort.TEREDO:
      return Step.Teredo
    case UdpPort.GTP_U:
      return Step.GTPU
    case UdpPort.MPLS:
      return Step.MPLS
    case UdpPort.GRE:
      return Step.GRE
    case UdpPort.GTP_V0:
      return Step.GTPv0
    case UdpPort.AYIYA:
      return Step.AYIYA
    default:
      return Step.Done
  }
}
