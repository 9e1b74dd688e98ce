/**
 * ARP and RARP (RFC 826, https://www.rfc-editor.org/rfc/rfc826): ar$hrd, ar$pro, ar$hln, ar$pln, ar$op, then
 * sender hardware address, sender protocol address, target hardware address, target protocol address. For
 * IPv4 over 6-byte hardware addresses the protocol addresses fill srcAddr/dstAddr, and the hardware addresses
 * fill the MAC columns when no Ethernet header did.
 */
import { Layer } from '../model/layers.ts'
import { Net } from '../model/packet-batch.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

const ARP_FIXED_LENGTH = 8
const PROTOCOL_IPV4 = 0x0800

export function decodeArp(s: FrameState): number {
  s.truncCode = 'arp.truncated'
  const r = s.reader
  const at = s.off
  r.need(at, ARP_FIXED_LENGTH)
  s.layers |= Layer.arp
  s.startNetworkLayer()
  const b = s.batch
  const row = s.row
  b.net[row] = Net.ARP
  const protocol = r.u16(at + 2)
  const hln = r.u8(at + 4)
  const pln = r.u8(at + 5)
  const sha = at + ARP_FIXED_LENGTH
  const spa = sha + hln
  const tha = spa + pln
  const tpa = tha + hln
  r.need(sha, 2 * (hln + pln))
  if (protocol === PROTOCOL_IPV4 && pln === 4) {
    const addresses = s.ctx.addresses
    b.srcAddr[row] = addresses.ipv4(r.i32(spa))
    b.dstAddr[row] = addresses.ipv4(r.i32(tpa))
  }
  if (hln === 6 && !s.macsSet) {
    b.srcMac[row] = s.ctx.addresses.mac(r.buf, sha)
    b.dstMac[row] = s.ctx.addresses.mac(r.buf, tha)
    s.macsSet = true
  }
  return Step.Done
}
