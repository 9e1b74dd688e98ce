/**
 * Ethernet II and IEEE 802.3 frames (IEEE Std 802.3 clause 3.2: destination address, source address,
 * length/type). A length/type value of 1500 or less is an 802.3 length and an LLC header follows; 1536 and up
 * is an EtherType. The frame check sequence is never assumed: IP lengths trim any trailer or padding.
 */
import { Layer } from '../model/layers.ts'
import { stepForEtherType } from './ethertype.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

export const ETHERNET_HEADER_LENGTH = 14
/** Largest 802.3 length field; values from 1536 (0x0600) up are EtherTypes. */
const MAX_8023_LENGTH = 1500
const MIN_ETHERTYPE = 0x0600

export function decodeEthernet(s: FrameState): number {
  s.truncCode = 'eth.truncated'
  const r = s.reader
  const at = s.off
  if (s.wireLeft(at) < ETHERNET_HEADER_LENGTH) {
    s.anomaly('eth.too_small')
    return Step.Done
  }
  r.need(at, ETHERNET_HEADER_LENGTH)
  s.layers |= Layer.eth
  if (!s.macsSet) {
    const addresses = s.ctx.addresses
    s.batch.dstMac[s.row] = addresses.mac(r.buf, at)
    s.batch.srcMac[s.row] = addresses.mac(r.buf, at + 6)
    s.macsSet = true
  }
  // Inside the header need() has accepted (as addresses.mac above reads the buffer straight too).
  const lengthOrType = (r.buf[at + 12] << 8) | r.buf[at + 13]
  const payload = at + ETHERNET_HEADER_LENGTH
  if (lengthOrType >= MIN_ETHERTYPE) return stepForEtherType(s, lengthOrType, payload)
  if (lengthOrType > MAX_8023_LENGTH) return Step.Done // 1501..1535: neither a length nor a type
  return stepFor8023Payload(s, lengthOrType, payload)
}

/**
 * An 802.3 length field: the LLC PDU is that long (shorter frames were padded to 64 bytes). "Raw" Novell IPX
 * frames carry no LLC header and start with the IPX checksum 0xFFFF.
 */
export function stepFor8023Payload(s: FrameState, length: number, at: number): number {
  if (at + length <= s.wireEnd) s.narrow(at + length)
  else s.anomaly('eth.len_invalid')
  s.off = at
  if (s.reader.has(at, 2) && s.reader.u16(at) === 0xffff) return Step.Done
  return Step.LLC
}
