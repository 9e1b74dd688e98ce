/**
 * ARCNET with Linux headers (https://www.tcpdump.org/linktypes/LINKTYPE_ARCNET_LINUX.html): source, destination,
 * a 2-byte offset, then the protocol id. RFC 1201 protocols (IP 212, ARP 213) add a split flag and a 2-byte
 * sequence number, plus 4 more bytes for an exception packet (split flag 0xFF); RFC 1051 ones (IP 240, ARP 241)
 * do not.
 */
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

const ARC_P_IP = 212
const ARC_P_ARP = 213
const ARC_P_IP_RFC1051 = 240
const ARC_P_ARP_RFC1051 = 241
const EXCEPTION_SPLIT_FLAG = 0xff

export function decodeArcnetLinux(s: FrameState): number {
  s.truncCode = 'arcnet.truncated'
  const r = s.reader
  const at = s.off
  const protocol = r.u8(at + 4)
  if (protocol === ARC_P_IP_RFC1051 || protocol === ARC_P_ARP_RFC1051) {
    s.off = at + 5
    return protocol === ARC_P_IP_RFC1051 ? Step.IPv4 : Step.ARP
  }
  if (protocol === ARC_P_IP || protocol === ARC_P_ARP) {
    s.off = at + 8 + (r.u8(at + 5) === EXCEPTION_SPLIT_FLAG ? 4 : 0)
    return protocol === ARC_P_IP ? Step.IPv4 : Step.ARP
  }
  return Step.Done
}
