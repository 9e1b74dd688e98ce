/**
 * Link-layer header types: https://www.tcpdump.org/linktypes.html (LINKTYPE_* values as stored in pcap and
 * pcapng files). Maps each supported type to the first decoding step; anything else is unsupported and counted,
 * never assumed to be Ethernet (shared/RELIABILITY.md row 5).
 */
import { Step } from './step.ts'

export const LinkType = Object.freeze({
  NULL: 0,
  ETHERNET: 1,
  PPP: 9,
  FDDI: 10,
  /** DLT_RAW as OpenBSD and some other systems number it. */
  RAW_12: 12,
  RAW_14: 14,
  PPP_HDLC: 50,
  RAW: 101,
  C_HDLC: 104,
  IEEE802_11: 105,
  FRELAY: 107,
  LOOP: 108,
  LINUX_SLL: 113,
  IEEE802_11_RADIOTAP: 127,
  ARCNET_LINUX: 129,
  PPI: 192,
  IPNET: 226,
  IPV4: 228,
  IPV6: 229,
  NFLOG: 239,
  IPOIB: 242,
  PKTAP: 258,
  /** LINKTYPE_USER2: macOS wrote Apple PKTAP under it before 258 was assigned; Wireshark reads it as PKTAP too. */
  USER2_PKTAP: 149,
  LINUX_SLL2: 276,
})

/** The step that decodes a frame of this link type, or -1 when nettwin has no decoder for it. */
export function firstStep(linkType: number): number {
  switch (linkType) {
    case LinkType.ETHERNET:
      return Step.Ethernet
    case LinkType.NULL:
      return Step.NullLoopback
    case LinkType.LOOP:
      return Step.Loop
    case LinkType.RAW:
    case LinkType.RAW_12:
    case LinkType.RAW_14:
      return Step.RawIP
    case LinkType.IPV4:
      return Step.IPv4
    case LinkType.IPV6:
      return Step.IPv6
    case LinkType.LINUX_SLL:
      return Step.SLL
    case LinkType.LINUX_SLL2:
      return Step.SLL2
    case LinkType.PPP:
      return Step.PPP
    case LinkType.PPP_HDLC:
      return Step.PPPSerial
    case LinkType.C_HDLC:
      return Step.CHDLC
    case LinkType.IEEE802_11:
      return Step.WLAN
    case LinkType.IEEE802_11_RADIOTAP:
      return Step.Radiotap
    case LinkType.NFLOG:
      return Step.NFLOG
    case LinkType.PKTAP:
    case LinkType.USER2_PKTAP:
      return Step.PKTAP
    case LinkType.FRELAY:
      return Step.FrameRelay
    case LinkType.ARCNET_LINUX:
      return Step.ArcnetLinux
    case LinkType.FDDI:
      return Step.FDDI
    case LinkType.IPNET:
      return Step.IPNET
    case LinkType.IPOIB:
      return Step.IPoIB
    case LinkType.PPI:
      return Step.PPI
    default:
      return -1
  }
}

/** True when decodeFrame has a decoder for this link type. */
export function isSupportedLinkType(linkType: number): boolean {
  return firstStep(linkType) >= 0
}
