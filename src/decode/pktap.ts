/**
 * Apple PKTAP (https://www.tcpdump.org/linktypes/LINKTYPE_PKTAP.html): a header whose first fields are
 * pth_length (the header's own length) and pth_type_next (the link type of the packet that follows), both
 * little-endian. The inner link type is decoded like a file's; PKTAP inside PKTAP is not followed.
 */
import { Layer } from '../model/layers.ts'
import type { FrameState } from './frame-state.ts'
import { firstStep, LinkType } from './link-types.ts'
import { Step } from './step.ts'

/** pth_length, pth_type_next and at least the fields up to pth_ifname (libpcap's struct pktap_header is 108 bytes). */
const MIN_PKTAP_LENGTH = 8

export function decodePktap(s: FrameState): number {
  s.truncCode = 'pktap.truncated'
  const r = s.reader
  const at = s.off
  const length = r.u32le(at)
  const innerLinkType = r.u32le(at + 4)
  s.layers |= Layer.pktap
  if (length < MIN_PKTAP_LENGTH || at + length > s.wireEnd) {
    s.anomaly('pktap.hdr_len_invalid')
    return Step.Done
  }
  const step = innerLinkType === LinkType.PKTAP ? -1 : firstStep(innerLinkType)
  if (step < 0) {
    s.anomaly('link.unsupported')
    const counts = s.ctx.unsupportedLinkTypes
    counts.set(innerLinkType, (counts.get(innerLinkType) ?? 0) + 1)
    return Step.Done
  }
  s.off = at + length
  return step
}
