/**
 * The steps of the frame decoder's loop (frame.ts). Every layer decoder reads the header at FrameState.off and
 * returns the step for what follows it, so nested encapsulations (VXLAN in UDP in IPv4 in VLAN ...) are walked
 * by one loop with a cap instead of by recursion on data-controlled depth (shared/RELIABILITY.md row 40).
 */
export const enum Step {
  Done = 0,
  Ethernet,
  LLC,
  VLAN,
  MPLS,
  PPPoE,
  /** PPP starting at its (optional) address/control bytes. */
  PPP,
  /** Link type 50: PPP in HDLC-like framing, or Cisco HDLC frames some writers put under that link type. */
  PPPSerial,
  CHDLC,
  ARP,
  IPv4,
  IPv6,
  /** A raw IP packet whose version nibble decides between IPv4 and IPv6. */
  RawIP,
  AH,
  TCP,
  UDP,
  ICMP,
  ICMPv6,
  SCTP,
  GRE,
  EtherIP,
  VXLAN,
  VXLANGPE,
  Geneve,
  Teredo,
  SLL,
  SLL2,
  NullLoopback,
  Loop,
  Radiotap,
  WLAN,
  NFLOG,
  PKTAP,
  MACsec,
  PBB,
  ETag,
  VNTag,
  FabricPath,
  Arista,
  CiscoMetadata,
  NSH,
  GTPU,
  GTPv0,
  PIM,
  AYIYA,
  FrameRelay,
  ArcnetLinux,
  FDDI,
  IPNET,
  IPoIB,
  PPI,
}

/** Steps per frame before decoding gives up (anomaly decoder.too_many_layers); far above any real stack. */
export const MAX_STEPS = 64
/** IP headers per frame (outer plus tunnelled) before decoding stops (anomaly tunnel.too_deep). */
export const MAX_IP_HEADERS = 8
/** 802.1Q/802.1ad tags walked in one stack (anomaly vlan.too_many_layers). */
export const MAX_VLAN_TAGS = 8
/** MPLS labels walked in one stack (anomaly mpls.too_many_labels). */
export const MAX_MPLS_LABELS = 16
/** IPv6 extension headers walked after one IPv6 header (anomaly ipv6.exthdr_too_many). */
export const MAX_IPV6_EXT_HEADERS = 16
