/**
 * EtherType dispatch (IEEE 802 numbers: https://www.iana.org/assignments/ieee-802-numbers/): the step for the
 * payload of Ethernet, 802.1Q, LLC/SNAP, Linux cooked capture, Cisco HDLC, GRE and Geneve headers.
 */
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

export const EtherType = Object.freeze({
  IPV4: 0x0800,
  ARP: 0x0806,
  /** Transparent Ethernet bridging: an Ethernet frame follows (GRE, Geneve, NVGRE). */
  TEB: 0x6558,
  RARP: 0x8035,
  VLAN: 0x8100,
  IPV6: 0x86dd,
  MPLS: 0x8847,
  MPLS_MULTICAST: 0x8848,
  PPPOE_DISCOVERY: 0x8863,
  PPPOE_SESSION: 0x8864,
  QINQ: 0x88a8,
  /** Pre-standard QinQ outer tags still seen in the wild. */
  QINQ_OLD_9100: 0x9100,
  QINQ_OLD_9200: 0x9200,
  QINQ_OLD_9300: 0x9300,
  MACSEC: 0x88e5,
  PBB: 0x88e7,
  VN_TAG: 0x8926,
  FABRICPATH: 0x8903,
  CISCO_METADATA: 0x8909,
  E_TAG: 0x893f,
  NSH: 0x894f,
  ARISTA: 0xd28b,
})

export function isVlanTpid(type: number): boolean {
  return (
    type === EtherType.VLAN ||
    type === EtherType.QINQ ||
    type === EtherType.QINQ_OLD_9100 ||
    type === EtherType.QINQ_OLD_9200 ||
    type === EtherType.QINQ_OLD_9300
  )
}

/** Sets s.off to `at` and returns the step for an EtherType; unknown types end decoding (the frame stays L2). */
export function stepForEtherType(s: FrameState, type: number, at: number): number {
  s.off = at
  switch (type) {
    case EtherType.IPV4:
      return Step.IPv4
    case EtherType.IPV6:
      return Step.IPv6
    case EtherType.ARP:
    case EtherType.RARP:
      return Step.ARP
    case EtherType.VLAN:
    case EtherType.QINQ:
    case EtherType.QINQ_OLD_9100:
    case EtherType.QINQ_OLD_9200:
    case EtherType.QINQ_OLD_9300:
      return Step.VLAN
    case EtherType.MPLS:
    case EtherType.MPLS_MULTICAST:
      return Step.MPLS
    case EtherType.PPPOE_SESSION:
      return Step.PPPoE
    case EtherType.TEB:
      return Step.Ethernet
    case EtherType.MACSEC:
      return Step.MACsec
    case EtherType.PBB:
      return Step.PBB
    case EtherType.E_TAG:
      return Step.ETag
    case EtherType.VN_TAG:
      return Step.VNTag
    case EtherType.FABRICPATH:
      return Step.FabricPath
    case EtherType.ARISTA:
      return Step.Arista
    case EtherType.CISCO_METADATA:
      return Step.CiscoMetadata
    case EtherType.NSH:
      return Step.NSH
    default:
      return Step.Done
  }
}
