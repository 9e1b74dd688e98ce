/**
 * IEEE 802.1Q VLAN tags and 802.1ad (QinQ) service tags: after the TPID, a 2-byte TCI (priority 3 bits, DEI
 * 1 bit, VLAN id 12 bits) and the next length/type. Stacked tags are walked in a loop capped at
 * MAX_VLAN_TAGS (shared/RELIABILITY.md row 25); the vlan column keeps the outermost id.
 */
import { Layer } from '../model/layers.ts'
import { NO_VLAN } from '../model/packet-batch.ts'
import { stepFor8023Payload } from './ethernet.ts'
import { isVlanTpid, stepForEtherType } from './ethertype.ts'
import type { FrameState } from './frame-state.ts'
import { MAX_VLAN_TAGS, Step } from './step.ts'

export const VLAN_TAG_LENGTH = 4

/** Decodes the tag whose TCI is at s.off (the TPID was read by the layer before) and any tags stacked after it. */
export function decodeVlan(s: FrameState): number {
  s.truncCode = 'vlan.truncated'
  s.layers |= Layer.vlan
  const r = s.reader
  const vlan = s.batch.vlan
  let at = s.off
  for (let tags = 1; ; tags++) {
    const tci = r.u16(at)
    const type = r.u16(at + 2)
    if (vlan[s.row] === NO_VLAN) vlan[s.row] = tci & 0x0fff
    at += VLAN_TAG_LENGTH
    if (!isVlanTpid(type)) {
      if (type >= 0x0600) return stepForEtherType(s, type, at)
      if (type <= 1500) return stepFor8023Payload(s, type, at)
      return Step.Done
    }
    if (tags >= MAX_VLAN_TAGS) {
      s.anomaly('vlan.too_many_layers')
      return Step.Done
    }
  }
}
