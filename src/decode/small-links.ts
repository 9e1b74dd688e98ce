/**
 * Link layers with a fixed header and nothing to decode in it but the next protocol:
 * - FDDI (https://www.tcpdump.org/linktypes/LINKTYPE_FDDI.html): frame control, destination, source (13 bytes),
 *   then LLC.
 * - Solaris ipnet (https://www.tcpdump.org/linktypes/LINKTYPE_IPNET.html): version, family (2 IPv4, 26 IPv6),
 *   hook type, packet length, interface index, group index, zone source, zone destination (24 bytes).
 * - IP over InfiniBand (https://www.tcpdump.org/linktypes/LINKTYPE_IPOIB.html): two 20-byte hardware
 *   addresses (queue pair number and GID; the second is the destination), then RFC 4391 section 6's
 *   encapsulation header: an EtherType and 2 reserved bytes.
 * - PPI (https://www.tcpdump.org/linktypes/LINKTYPE_PPI.html): pph_version, pph_flags, pph_len and pph_dlt
 *   (little-endian), then a packet of link type pph_dlt after pph_len bytes.
 */
import { stepForEtherType } from './ethertype.ts'
import type { FrameState } from './frame-state.ts'
import { firstStep } from './link-types.ts'
import { Step } from './step.ts'

const FDDI_HEADER_LENGTH = 13
const IPNET_HEADER_LENGTH = 24
const IPNET_AF_INET = 2
const IPNET_AF_INET6 = 26
const IPOIB_ADDRESSES_LENGTH = 40
const IPOIB_HEADER_LENGTH = 4
const PPI_MIN_LENGTH = 8
const LINKTYPE_PPI = 192

export function decodeFddi(s: FrameState): number {
  s.truncCode = 'fddi.truncated'
  s.reader.need(s.off, FDDI_HEADER_LENGTH)
  s.off += FDDI_HEADER_LENGTH
  return Step.LLC
}

export function decodeIpnet(s: FrameState): number {
  s.truncCode = 'ipnet.truncated'
  const r = s.reader
  const at = s.off
  r.need(at, IPNET_HEADER_LENGTH)
  const family = r.u8(at + 1)
  s.off = at + IPNET_HEADER_LENGTH
  if (family === IPNET_AF_INET) return Step.IPv4
  if (family === IPNET_AF_INET6) return Step.IPv6
  return Step.Done
}

export function decodeIpoib(s: FrameState): number {
  s.truncCode = 'ipoib.truncated'
  const at = s.off + IPOIB_ADDRESSES_LENGTH
  return stepForEtherType(s, s.reader.u16(at), at + IPOIB_HEADER_LENGTH)
}

export function decodePpi(s: FrameState): number {
  s.truncCode = 'ppi.truncated'
  const r = s.reader
  const at = s.off
  const length = r.u16le(at + 2)
  const innerLinkType = r.u32le(at + 4)
  if (r.u8(at) !== 0 || length < PPI_MIN_LENGTH || at + length > s.wireEnd) {
    s.anomaly('ppi.hdr_len_invalid')
    return Step.Done
  }
  const step = innerLinkType === LINKTYPE_PPI ? -1 : firstStep(innerLinkType)
  if (step < 0) {
    s.anomaly('link.unsupported')
    return Step.Done
  }
  s.off = at + length
  return step
}
