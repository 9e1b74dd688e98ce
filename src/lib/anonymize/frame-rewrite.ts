/**
 * Rewrites the addresses in one captured frame, in place, for an anonymised capture export: Ethernet MACs
 * (IEEE 802.3), ARP sender/target (RFC 826), IPv4 (RFC 791) and IPv6 (RFC 8200) source and destination, the IPv4
 * header quoted by an ICMP error (RFC 792), NDP target addresses and link-layer options (RFC 4861), through VLAN
 * tags, IP-in-IP and VXLAN (RFC 7348), behind the Ethernet, Linux cooked (SLL, SLL2), raw IP and BSD loopback link
 * types. Every checksum that covers a changed field (IPv4 header, TCP/UDP/ICMPv6 pseudo-header, ICMP) is updated
 * incrementally (RFC 1624), so it stays right even when the payload it covers was not captured.
 *
 * What is not rewritten is left as it is and listed in docs/privacy.md: addresses inside application payloads
 * (DNS answers, HTTP, DHCP client hardware address), IPv6 routing headers, GRE and other tunnels.
 * Every read is bounds-checked against `end`; the walk is a loop with a step cap.
 */
import type { Anonymizer } from './anonymizer.ts'

const MAX_STEPS = 16

const enum Next {
  Ethernet,
  EtherType,
  IPv4,
  IPv6,
  Arp,
  Done,
}

/** Adds the one's-complement difference of replacing `before` by `after` (even-length, word-aligned) to the checksum at `at`. */
function adjustChecksum(buf: Uint8Array, at: number, before: Uint8Array, after: Uint8Array, zeroMeansNone: boolean): void {
  const old = (buf[at] << 8) | buf[at + 1]
  if (zeroMeansNone && old === 0) return
  let sum = ~old & 0xffff
  for (let i = 0; i + 1 < before.length; i += 2) {
    sum += ~((before[i] << 8) | before[i + 1]) & 0xffff
    sum += (after[i] << 8) | after[i + 1]
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16)
  let updated = ~sum & 0xffff
  if (zeroMeansNone && updated === 0) updated = 0xffff // UDP: 0 would mean "no checksum"
  buf[at] = updated >> 8
  buf[at + 1] = updated & 0xff
}

interface Checksum {
  readonly at: number
  readonly zeroMeansNone: boolean
}

/** Replaces the address at buf[at, at + n) by its image and updates the checksums that cover it. */
function replaceAddress(buf: Uint8Array, at: number, n: 4 | 6 | 16, anon: Anonymizer, sums: readonly Checksum[], end: number): void {
  if (at + n > end) return
  const before = buf.slice(at, at + n)
  const after = n === 6 ? anon.macBytes(before) : anon.ipBytes(before)
  buf.set(after, at)
  for (const s of sums) if (s.at + 2 <= end) adjustChecksum(buf, s.at, before, after, s.zeroMeansNone)
}

const u16 = (buf: Uint8Array, at: number): number => (buf[at] << 8) | buf[at + 1]

/** Transport checksums that include the IP pseudo-header, for protocol `proto` at `l4` (first fragment only). */
function pseudoHeaderSums(proto: number, l4: number, end: number, v6: boolean): Checksum[] {
  if (proto === 6 && l4 + 18 <= end) return [{ at: l4 + 16, zeroMeansNone: false }]
  if (proto === 17 && l4 + 8 <= end) return [{ at: l4 + 6, zeroMeansNone: !v6 }]
  if (proto === 58 && v6 && l4 + 4 <= end) return [{ at: l4 + 2, zeroMeansNone: false }]
  return []
}

/** NDP (ICMPv6 133-136): the target address and the source/target link-layer address options. */
function rewriteNdp(buf: Uint8Array, icmp: number, end: number, anon: Anonymizer): void {
  const type = buf[icmp]
  const sums = [{ at: icmp + 2, zeroMeansNone: false }]
  let options: number
  if (type === 135 || type === 136) {
    replaceAddress(buf, icmp + 8, 16, anon, sums, end)
    options = icmp + 24
  } else if (type === 134) options = icmp + 16
  else if (type === 133) options = icmp + 8
  else return
  for (let steps = 0; options + 8 <= end && steps < 32; steps++) {
    const kind = buf[options]
    const units = buf[options + 1]
    if (units === 0) return // a zero length would never move on
    if ((kind === 1 || kind === 2) && units === 1) replaceAddress(buf, options + 2, 6, anon, sums, end)
    options += units * 8
  }
}

/**
 * Rewrites the addresses of the frame at buf[start, start + capLen) of link type `linkType` in place. Returns
 * false when the link type is not one it knows (the frame is then left as it is: the caller decides).
 */
export function rewriteFrameAddresses(anon: Anonymizer, linkType: number, buf: Uint8Array, start: number, capLen: number): boolean {
  const end = Math.min(buf.length, start + capLen)
  // Checksums of outer headers whose payload holds the layer being rewritten (the UDP checksum around VXLAN).
  let enclosing: Checksum[] = []
  const put = (offset: number, n: 4 | 6 | 16, sums: readonly Checksum[] = []): void =>
    replaceAddress(buf, offset, n, anon, enclosing.length === 0 ? sums : [...sums, ...enclosing], end)
  let at = start
  let next: Next
  let etherType = 0
  switch (linkType & 0xffff) {
    case 1: // LINKTYPE_ETHERNET
      next = Next.Ethernet
      break
    case 101: // LINKTYPE_RAW
    case 228: // LINKTYPE_IPV4
    case 229: // LINKTYPE_IPV6
      next = at < end && buf[at] >> 4 === 6 ? Next.IPv6 : Next.IPv4
      break
    case 0: { // LINKTYPE_NULL: 4-byte address family in the writer's byte order
      if (at + 4 > end) return true
      const family = buf[at] !== 0 ? buf[at] : buf[at + 3]
      at += 4
      next = family === 2 ? Next.IPv4 : family === 24 || family === 28 || family === 30 ? Next.IPv6 : Next.Done
      break
    }
    case 113: // LINKTYPE_LINUX_SLL: the sender's link-layer address at 6, protocol at 14
      if (at + 16 > end) return true
      if (u16(buf, at + 4) === 6) put(at + 6, 6)
      etherType = u16(buf, at + 14)
      at += 16
      next = Next.EtherType
      break
    case 276: // LINKTYPE_LINUX_SLL2: protocol at 0, the link-layer address at 12
      if (at + 20 > end) return true
      if (buf[at + 11] === 6) put(at + 12, 6)
      etherType = u16(buf, at)
      at += 20
      next = Next.EtherType
      break
    default:
      return false
  }
  for (let step = 0; step < MAX_STEPS && next !== Next.Done; step++) {
    switch (next) {
      case Next.Ethernet:
        if (at + 14 > end) return true
        put(at, 6)
        put(at + 6, 6)
        etherType = u16(buf, at + 12)
        at += 14
        next = Next.EtherType
        break
      case Next.EtherType:
        if (etherType === 0x8100 || etherType === 0x88a8 || etherType === 0x9100) {
          if (at + 4 > end) return true
          etherType = u16(buf, at + 2)
          at += 4
        } else next = etherType === 0x0800 ? Next.IPv4 : etherType === 0x86dd ? Next.IPv6 : etherType === 0x0806 ? Next.Arp : Next.Done
        break
      case Next.Arp:
        // Ethernet/IPv4 ARP only (hardware type 1, protocol 0x0800, lengths 6 and 4).
        if (at + 28 <= end && u16(buf, at) === 1 && u16(buf, at + 2) === 0x0800 && buf[at + 4] === 6 && buf[at + 5] === 4) {
          put(at + 8, 6)
          put(at + 14, 4)
          put(at + 18, 6)
          put(at + 24, 4)
        }
        next = Next.Done
        break
      case Next.IPv4: {
        if (at + 20 > end || buf[at] >> 4 !== 4) return true
        const ihl = (buf[at] & 0x0f) * 4
        const proto = buf[at + 9]
        const firstFragment = (u16(buf, at + 6) & 0x1fff) === 0
        const l4 = at + ihl
        const sums: Checksum[] = [{ at: at + 10, zeroMeansNone: false }]
        if (firstFragment && ihl >= 20) sums.push(...pseudoHeaderSums(proto, l4, end, false))
        put(at + 12, 4, sums)
        put(at + 16, 4, sums)
        if (!firstFragment || ihl < 20) return true
        if (proto === 1 && l4 + 8 + 20 <= end && [3, 4, 5, 11, 12].includes(buf[l4])) {
          // An ICMP error quotes the start of the offending IPv4 packet: its addresses too (one level only).
          const q = l4 + 8
          const quotedSums = [{ at: l4 + 2, zeroMeansNone: false }, { at: q + 10, zeroMeansNone: false }]
          if (buf[q] >> 4 === 4) {
            put(q + 12, 4, quotedSums)
            put(q + 16, 4, quotedSums)
          }
          return true
        }
        if (proto === 4 || proto === 41) {
          at = l4
          next = proto === 4 ? Next.IPv4 : Next.IPv6
        } else if (proto === 17 && l4 + 16 <= end && u16(buf, l4 + 2) === 4789) {
          enclosing = [...enclosing, ...pseudoHeaderSums(proto, l4, end, false)]
          at = l4 + 16 // UDP header, then the 8-byte VXLAN header, then Ethernet
          next = Next.Ethernet
        } else next = Next.Done
        break
      }
      case Next.IPv6: {
        if (at + 40 > end || buf[at] >> 4 !== 6) return true
        let proto = buf[at + 6]
        let l4 = at + 40
        let fragmentOffset = 0
        for (let i = 0; i < 16 && (proto === 0 || proto === 43 || proto === 60 || proto === 44); i++) {
          if (l4 + 8 > end) break
          if (proto === 44) fragmentOffset = u16(buf, l4 + 2) & 0xfff8
          const length = proto === 44 ? 8 : (buf[l4 + 1] + 1) * 8
          proto = buf[l4]
          l4 += length
        }
        const sums = fragmentOffset === 0 ? pseudoHeaderSums(proto, l4, end, true) : []
        put(at + 8, 16, sums)
        put(at + 24, 16, sums)
        if (fragmentOffset !== 0) return true
        if (proto === 58 && l4 + 8 <= end) rewriteNdp(buf, l4, end, anon)
        if (proto === 4 || proto === 41) {
          at = l4
          next = proto === 4 ? Next.IPv4 : Next.IPv6
        } else if (proto === 17 && l4 + 16 <= end && u16(buf, l4 + 2) === 4789) {
          enclosing = [...enclosing, ...pseudoHeaderSums(proto, l4, end, true)]
          at = l4 + 16
          next = Next.Ethernet
        } else next = Next.Done
        break
      }
    }
  }
  return true
}
