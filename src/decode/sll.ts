/**
 * Linux "cooked" captures: SLL (https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html, 16 bytes: packet
 * type, ARPHRD_ type, link-layer address length, 8 bytes of address, protocol type) and SLL2
 * (https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html, 20 bytes: protocol type, reserved, interface
 * index, ARPHRD_ type, packet type, address length, 8 bytes of address). The protocol type is an EtherType
 * except for a few small values (LINUX_SLL_P_*) and for ARPHRD types whose payload is not an Ethernet payload.
 */
import { Layer } from '../model/layers.ts'
import { stepForEtherType } from './ethertype.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

export const SLL_HEADER_LENGTH = 16
export const SLL2_HEADER_LENGTH = 20

const ARPHRD_ETHER = 1
const ARPHRD_IEEE80211 = 801
const ARPHRD_IEEE80211_RADIOTAP = 803
const ARPHRD_NETLINK = 824
/** LINUX_SLL_P_802_2: an 802.2 LLC frame follows. */
const SLL_P_802_2 = 0x0004

/** Source link-layer address of an Ethernet device: used as the source MAC when nothing outer set one. */
function takeSourceMac(s: FrameState, arphrd: number, addressLength: number, at: number): void {
  if (arphrd !== ARPHRD_ETHER || addressLength !== 6 || s.macsSet) return
  s.batch.srcMac[s.row] = s.ctx.addresses.mac(s.reader.buf, at)
}

function stepForSllPayload(s: FrameState, arphrd: number, protocol: number, payload: number): number {
  s.off = payload
  if (arphrd === ARPHRD_IEEE80211_RADIOTAP) return Step.Radiotap
  if (arphrd === ARPHRD_IEEE80211) return Step.WLAN
  if (arphrd === ARPHRD_NETLINK) return Step.Done
  if (protocol === SLL_P_802_2) return Step.LLC
  return stepForEtherType(s, protocol, payload)
}

export function decodeSll(s: FrameState): number {
  s.truncCode = 'sll.truncated'
  const r = s.reader
  const at = s.off
  r.need(at, SLL_HEADER_LENGTH)
  s.layers |= Layer.sll
  const arphrd = r.u16(at + 2)
  const addressLength = r.u16(at + 4)
  takeSourceMac(s, arphrd, addressLength, at + 6)
  return stepForSllPayload(s, arphrd, r.u16(at + 14), at + SLL_HEADER_LENGTH)
}

export function decodeSll2(s: FrameState): number {
  s.truncCode = 'sll.truncated'
  const r = s.reader
  const at = s.off
  r.need(at, SLL2_HEADER_LENGTH)
  s.layers |= Layer.sll
  const arphrd = r.u16(at + 8)
  const addressLength = r.u8(at + 11)
  takeSourceMac(s, arphrd, addressLength, at + 12)
  return stepForSllPayload(s, arphrd, r.u16(at), at + SLL2_HEADER_LENGTH)
}
