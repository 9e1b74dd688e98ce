/**
 * IEEE 802.11 MAC frames (IEEE Std 802.11-2020 clause 9.2/9.3): Frame Control (protocol version 2 bits, type
 * 2, subtype 4; flags To DS, From DS, More Fragments, Retry, Power Management, More Data, Protected Frame,
 * +HTC/Order), Duration, Address 1-3, Sequence Control, Address 4 (when To DS and From DS are both set),
 * QoS Control (QoS data subtypes), HT Control (QoS frames with +HTC). Only data frames carry an LLC payload;
 * protected frames are encrypted and end decoding at 802.11. A-MSDUs are followed into their first subframe.
 */
import { Layer } from '../model/layers.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

const TYPE_MANAGEMENT = 0
const TYPE_DATA = 2
const FLAG_TO_DS = 0x01
const FLAG_FROM_DS = 0x02
const FLAG_MORE_FRAGMENTS = 0x04
const FLAG_PROTECTED = 0x40
const FLAG_ORDER = 0x80
/** Data subtypes with bit 3 set carry a QoS Control field; bit 2 set means no payload (Null, QoS Null, CF-*). */
const SUBTYPE_QOS = 0x08
const SUBTYPE_NO_DATA = 0x04
const QOS_AMSDU_PRESENT = 0x80
const BASE_HEADER_LENGTH = 24
const AMSDU_SUBFRAME_HEADER_LENGTH = 14

export function decodeIeee80211(s: FrameState): number {
  s.truncCode = 'wlan.truncated'
  const r = s.reader
  const at = s.off
  const fc0 = r.u8(at)
  const flags = r.u8(at + 1)
  if ((fc0 & 3) !== 0) {
    s.anomaly('wlan.wrong_version')
    return Step.Done
  }
  s.layers |= Layer.wlan
  const type = (fc0 >> 2) & 3
  const subtype = fc0 >> 4
  if (type === TYPE_MANAGEMENT) {
    takeMacs(s, at + 4, at + 10)
    return Step.Done
  }
  if (type !== TYPE_DATA) return Step.Done
  const toDs = (flags & FLAG_TO_DS) !== 0
  const fromDs = (flags & FLAG_FROM_DS) !== 0
  // Destination and source addresses by the To DS / From DS combination (Table 9-30 of 802.11-2020).
  const da = toDs ? at + 16 : at + 4
  const sa = fromDs ? (toDs ? at + 24 : at + 16) : at + 10
  let header = toDs && fromDs ? BASE_HEADER_LENGTH + 6 : BASE_HEADER_LENGTH
  let amsdu = false
  if ((subtype & SUBTYPE_QOS) !== 0) {
    amsdu = (r.u8(at + header) & QOS_AMSDU_PRESENT) !== 0
    header += 2
    if ((flags & FLAG_ORDER) !== 0) header += 4
  }
  r.need(at, header)
  takeMacs(s, da, sa)
  if ((subtype & SUBTYPE_NO_DATA) !== 0 || (flags & FLAG_PROTECTED) !== 0) return Step.Done
  // A fragmented MSDU is only whole after reassembly (Sequence Control's fragment number, More Fragments),
  // which nettwin does not do; like Wireshark before reassembly, its payload stays undecoded.
  if ((flags & FLAG_MORE_FRAGMENTS) !== 0 || (r.u16le(at + 22) & 0x0f) !== 0) return Step.Done
  if (s.wlanDataPad) header = (header + 3) & ~3
  let payload = at + header
  if (amsdu) {
    const length = r.u16(payload + 12)
    payload += AMSDU_SUBFRAME_HEADER_LENGTH
    if (payload + length <= s.wireEnd) s.narrow(payload + length)
  }
  s.off = payload
  return Step.LLC
}

function takeMacs(s: FrameState, da: number, sa: number): void {
  if (s.macsSet) return
  const r = s.reader
  r.need(sa, 6)
  r.need(da, 6)
  s.batch.dstMac[s.row] = s.ctx.addresses.mac(r.buf, da)
  s.batch.srcMac[s.row] = s.ctx.addresses.mac(r.buf, sa)
  s.macsSet = true
}
