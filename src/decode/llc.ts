/**
 * IEEE 802.2 LLC and SNAP (RFC 1042, https://www.rfc-editor.org/rfc/rfc1042): DSAP, SSAP, control; with
 * DSAP = SSAP = 0xAA a SNAP header follows (3-byte OUI, 2-byte protocol id). OUI 00-00-00 (RFC 1042) and
 * 00-00-F8 (802.1H bridge tunnel) mean the protocol id is an EtherType.
 */
import { Layer } from '../model/layers.ts'
import { stepForEtherType } from './ethertype.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

const SAP_SNAP = 0xaa
/** DSAP 0x06: IPv4 directly over LLC (RFC 948 era). */
const SAP_IP = 0x06
const OUI_ENCAPSULATED_ETHERNET = 0x000000
const OUI_BRIDGE_TUNNEL = 0x0000f8

export function decodeLlc(s: FrameState): number {
  s.truncCode = 'llc.truncated'
  const r = s.reader
  const at = s.off
  const dsap = r.u8(at)
  const ssap = r.u8(at + 1)
  const control = r.u8(at + 2)
  s.layers |= Layer.llc
  // Unnumbered (U) frames have a 1-byte control field; information and supervisory frames a 2-byte one.
  const headerLength = (control & 3) === 3 ? 3 : 4
  if (dsap === SAP_SNAP && ssap === SAP_SNAP) {
    const oui = r.u24(at + 3)
    const pid = r.u16(at + 6)
    if (oui === OUI_ENCAPSULATED_ETHERNET || oui === OUI_BRIDGE_TUNNEL) return stepForEtherType(s, pid, at + 8)
    return Step.Done
  }
  if (dsap === SAP_IP && ssap === SAP_IP) {
    s.off = at + headerLength
    return Step.IPv4
  }
  return Step.Done
}
