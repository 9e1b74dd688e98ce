/**
 * Cisco HDLC (https://www.tcpdump.org/linktypes/LINKTYPE_C_HDLC.html): address (0x0F unicast, 0x8F
 * broadcast), control (0x00), then a 2-byte EtherType. 0x8035 is Cisco's SLARP here, not RARP.
 */
import { Layer } from '../model/layers.ts'
import { stepForEtherType } from './ethertype.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

const CHDLC_HEADER_LENGTH = 4
const SLARP = 0x8035

export function decodeChdlc(s: FrameState): number {
  s.truncCode = 'chdlc.truncated'
  s.layers |= Layer.chdlc
  const at = s.off
  const protocol = s.reader.u16(at + 2)
  if (protocol === SLARP) return Step.Done
  return stepForEtherType(s, protocol, at + CHDLC_HEADER_LENGTH)
}
