/**
 * The flow key of one packet row, read into a reused scratch object (no object per packet).
 *
 * IP traffic is keyed by addresses, IP protocol and ports (TCP, UDP, SCTP), plus the outer VLAN when the mode asks.
 * ICMP/ICMPv6 use Zeek's "ports": the source port is the message type and the destination port is the counterpart
 * type for request/reply pairs (echo 8 <-> 0, timestamp 13 <-> 14, ICMPv6 echo 128 <-> 129, ND 135 <-> 136, ...),
 * so a reply lands in its request's flow; other types are one-way and use the code as the destination port
 * (Zeek ICMP.cc, ICMP4_counterpart / ICMP6_counterpart). In `echo-id` keying the echo identifier is part of the
 * key too, so each ping session is its own flow. Non-IP frames are accounted per host pair: ARP by sender and
 * target protocol address, anything else by MAC pair.
 */
import type { PacketBatch } from '../model/packet-batch.ts'
import { Layer } from '../model/layers.ts'
import type { FlowModeParams } from './flow-modes.ts'

export const enum FlowKind {
  IP = 0,
  ARP = 1,
  L2 = 2,
}

export const FLOW_KIND_NAMES = ['ip', 'arp', 'l2'] as const

export const IPPROTO_ICMP = 1
export const IPPROTO_TCP = 6
export const IPPROTO_UDP = 17
export const IPPROTO_ICMPV6 = 58
export const IPPROTO_SCTP = 132
/** IPv6 No Next Header (RFC 8200 section 4.7). */
export const IPPROTO_NONE = 59

const NET_IPV4 = 4
const NET_IPV6 = 6
const NET_ARP = 8

/** One packet's key; `src*` is the packet's sender. */
export class PacketKey {
  kind = 0
  proto = 0
  vlan = 0
  /** Extra key part: the ICMP echo identifier in echo-id keying, else 0. */
  aux = 0
  /** Zeek keeps one-way ICMP messages direction-sensitive: a message the other way is another flow. */
  oneWay = false
  /** The transport header was decoded (false for e.g. a truncated TCP header or a non-first fragment). */
  hasL4 = false
  srcAddr = 0
  dstAddr = 0
  srcPort = 0
  dstPort = 0
  /** Direction-independent hash of the key. */
  hash = 0
}

/** Counterpart ICMPv4 type for request/reply pairs, or -1 for one-way types. */
export function icmp4Counterpart(type: number): number {
  switch (type) {
    case 8: return 0
    case 0: return 8
    case 13: return 14
    case 14: return 13
    case 15: return 16
    case 16: return 15
    case 10: return 9
    case 9: return 10
    case 17: return 18
    case 18: return 17
    default: return -1
  }
}

/** Counterpart ICMPv6 type for request/reply pairs, or -1 for one-way types. */
export function icmp6Counterpart(type: number): number {
  switch (type) {
    case 128: return 129
    case 129: return 128
    case 133: return 134
    case 134: return 133
    case 135: return 136
    case 136: return 135
    case 130: return 131
    case 131: return 130
    case 139: return 140
    case 140: return 139
    case 144: return 145
    case 145: return 144
    default: return -1
  }
}

function isEcho(proto: number, type: number): boolean {
  return proto === IPPROTO_ICMP ? type === 8 || type === 0 : type === 128 || type === 129
}

const L4_LAYERS = Layer.tcp | Layer.udp | Layer.sctp

/** Fills `out` from batch row `i`. */
export function readPacketKey(b: PacketBatch, i: number, mode: FlowModeParams, out: PacketKey): void {
  const net = b.net[i]
  out.vlan = mode.keyByVlan ? b.vlan[i] : 0
  out.aux = 0
  out.oneWay = false
  out.hasL4 = false
  if (net === NET_IPV4 || net === NET_IPV6) {
    const proto = b.ipProto[i]
    out.kind = FlowKind.IP
    out.proto = proto
    out.srcAddr = b.srcAddr[i]
    out.dstAddr = b.dstAddr[i]
    out.srcPort = 0
    out.dstPort = 0
    const layers = b.layers[i]
    if (proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6) {
      if ((layers & (Layer.icmp | Layer.icmpv6)) !== 0) {
        out.hasL4 = true
        const type = b.srcPort[i]
        const counterpart = proto === IPPROTO_ICMP ? icmp4Counterpart(type) : icmp6Counterpart(type)
        out.srcPort = type
        if (counterpart < 0) {
          out.dstPort = b.dstPort[i]
          out.oneWay = true
        } else {
          out.dstPort = counterpart
          if (mode.icmpKey === 'echo-id' && isEcho(proto, type)) out.aux = b.icmpId[i]
        }
      }
    } else if ((layers & L4_LAYERS) !== 0 && (proto === IPPROTO_TCP || proto === IPPROTO_UDP || (proto === IPPROTO_SCTP && !mode.zeekTcpTimers))) {
      // Zeek logs SCTP as unknown_transport without ports; the others key SCTP by its ports.
      out.srcPort = b.srcPort[i]
      out.dstPort = b.dstPort[i]
      // The transport layer bit is also set for a header too short to read; its ports then stay 0 (port 0 is
      // reserved and never a real endpoint), and Zeek and Wireshark make no TCP/UDP conversation of it.
      out.hasL4 = out.srcPort !== 0 || out.dstPort !== 0
    }
  } else if (net === NET_ARP && (b.srcAddr[i] !== 0 || b.dstAddr[i] !== 0)) {
    out.kind = FlowKind.ARP
    out.proto = 0
    out.srcAddr = b.srcAddr[i]
    out.dstAddr = b.dstAddr[i]
    out.srcPort = 0
    out.dstPort = 0
  } else {
    out.kind = FlowKind.L2
    out.proto = 0
    out.srcAddr = b.srcMac[i]
    out.dstAddr = b.dstMac[i]
    out.srcPort = 0
    out.dstPort = 0
  }
  out.hash = hashKey(out)
}

function endpointHash(addr: number, port: number): number {
  let h = Math.imul(addr ^ 0x5bd1e995, 0xcc9e2d51)
  h = Math.imul((h << 15) | (h >>> 17), 0x1b873593)
  h ^= Math.imul(port + 0x9e37, 0x85ebca6b)
  h ^= h >>> 13
  return Math.imul(h, 0xc2b2ae35)
}

/** Symmetric in (src, dst) so both directions of a flow hash alike. */
export function hashKey(k: PacketKey): number {
  let h = (endpointHash(k.srcAddr, k.srcPort) + endpointHash(k.dstAddr, k.dstPort)) | 0
  h ^= Math.imul(k.proto | (k.kind << 8) | (k.vlan << 16), 0x27d4eb2f)
  h ^= Math.imul(k.aux + 1, 0x165667b1)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  return h >>> 0
}

/**
 * Fills `out` with the outer UDP tuple of a tunnelled packet (PacketBatch.tunnel* columns) and returns true,
 * or returns false when row `i` was not carried in a UDP tunnel.
 */
export function readTunnelKey(b: PacketBatch, i: number, mode: FlowModeParams, out: PacketKey): boolean {
  if (b.tunnelProto[i] !== IPPROTO_UDP || (b.tunnelSrcPort[i] === 0 && b.tunnelDstPort[i] === 0)) return false
  out.kind = FlowKind.IP
  out.proto = IPPROTO_UDP
  out.vlan = mode.keyByVlan ? b.vlan[i] : 0
  out.aux = 0
  out.oneWay = false
  out.hasL4 = true
  out.srcAddr = b.tunnelSrcAddr[i]
  out.dstAddr = b.tunnelDstAddr[i]
  out.srcPort = b.tunnelSrcPort[i]
  out.dstPort = b.tunnelDstPort[i]
  out.hash = hashKey(out)
  return true
}
