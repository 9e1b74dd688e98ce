/**
 * Frame Relay (https://www.tcpdump.org/linktypes/LINKTYPE_FRELAY.html): a Q.922 address of 2 to 4 bytes
 * (the EA bit, 0x01, marks its last byte), then either RFC 2427 multiprotocol encapsulation (control 0x03,
 * optional 0x00 pad, NLPID: 0xCC IPv4, 0x8E IPv6, 0x80 SNAP) or Cisco's encapsulation (a 2-byte EtherType).
 */
import { stepForEtherType } from './ethertype.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

const MAX_ADDRESS_LENGTH = 4
const EA_BIT = 0x01
const UI_CONTROL = 0x03
const NLPID_PAD = 0x00
const NLPID_SNAP = 0x80
const NLPID_IPV4 = 0xcc
const NLPID_IPV6 = 0x8e

export function decodeFrameRelay(s: FrameState): number {
  s.truncCode = 'fr.truncated'
  const r = s.reader
  let at = s.off
  for (let n = 1; ; n++) {
    const last = (r.u8(at) & EA_BIT) !== 0
    at++
    if (last) break
    if (n >= MAX_ADDRESS_LENGTH) {
      s.anomaly('fr.address_invalid')
      return Step.Done
    }
  }
  if (r.u8(at) !== UI_CONTROL) return stepForEtherType(s, r.u16(at), at + 2)
  at++
  if (r.u8(at) === NLPID_PAD) at++
  const nlpid = r.u8(at)
  s.off = at + 1
  switch (nlpid) {
    case NLPID_IPV4:
      return Step.IPv4
    case NLPID_IPV6:
      return Step.IPv6
    case NLPID_SNAP:
      return r.u24(at + 1) === 0 ? stepForEtherType(s, r.u16(at + 4), at + 6) : Step.Done
    default:
      return Step.Done
  }
}
