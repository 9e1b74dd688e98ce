/**
 * Names of capture link types for display, from the tcpdump.org registry
 * (https://www.tcpdump.org/linktypes.html, LINKTYPE_* without the prefix). A number missing here is still shown,
 * as its number; nothing decides anything by these names.
 */
const NAMES: Readonly<Record<number, string>> = {
  0: 'NULL',
  1: 'ETHERNET',
  6: 'IEEE802_5',
  8: 'SLIP',
  9: 'PPP',
  10: 'FDDI',
  50: 'PPP_HDLC',
  51: 'PPP_ETHER',
  100: 'ATM_RFC1483',
  101: 'RAW',
  104: 'C_HDLC',
  105: 'IEEE802_11',
  107: 'FRELAY',
  108: 'LOOP',
  113: 'LINUX_SLL',
  117: 'PFLOG',
  119: 'IEEE802_11_PRISM',
  127: 'IEEE802_11_RADIOTAP',
  129: 'ARCNET_LINUX',
  143: 'DOCSIS',
  163: 'IEEE802_11_AVS',
  187: 'BLUETOOTH_HCI_H4',
  189: 'USB_LINUX',
  192: 'PPI',
  195: 'IEEE802_15_4_WITHFCS',
  197: 'ERF',
  220: 'USB_LINUX_MMAPPED',
  226: 'IPNET',
  227: 'CAN_SOCKETCAN',
  228: 'IPV4',
  229: 'IPV6',
  230: 'IEEE802_15_4_NOFCS',
  231: 'DBUS',
  239: 'NFLOG',
  242: 'IPOIB',
  249: 'USBPCAP',
  251: 'BLUETOOTH_LE_LL',
  253: 'NETLINK',
  258: 'PKTAP',
  271: 'VSOCK',
  276: 'LINUX_SLL2',
}

/** "ETHERNET" for 1; "USER2" for 149; "LINKTYPE 9999" for an unregistered number. */
export function linkTypeName(linkType: number): string {
  const known = NAMES[linkType]
  if (known !== undefined) return known
  // LINKTYPE_USER0..USER15 are reserved for private use (147-162).
  if (Number.isInteger(linkType) && linkType >= 147 && linkType <= 162) return `USER${linkType - 147}`
  return `LINKTYPE ${linkType}`
}
