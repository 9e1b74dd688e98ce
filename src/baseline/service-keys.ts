/**
 * Service keys: the responder side of a flow as one number (for maps in hot loops) and as text for the JSON
 * artifact and alerts: "tcp/443", "udp/53", "icmp/8" (ICMP by message type), "ip/47" (other IP protocols),
 * "arp", "l2". TCP, UDP and SCTP use the responder's port; a flow's originator port is ephemeral.
 */
import { FlowFlag, type FlowColumns } from '../flows/flow-columns.ts'
import { FlowKind, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP } from '../flows/flow-key.ts'

const ARP_KEY = 256 * 65536
const L2_KEY = ARP_KEY + 1

const PROTO_NAMES: Readonly<Record<number, string>> = { [IPPROTO_TCP]: 'tcp', [IPPROTO_UDP]: 'udp', [IPPROTO_SCTP]: 'sctp', [IPPROTO_ICMP]: 'icmp', [IPPROTO_ICMPV6]: 'icmpv6' }

function hasPorts(proto: number): boolean {
  return proto === IPPROTO_TCP || proto === IPPROTO_UDP || proto === IPPROTO_SCTP
}

/** The numeric service key of flow `id`. */
export function serviceKeyOf(c: FlowColumns, id: number): number {
  const kind = c.kind[id]
  if (kind === FlowKind.ARP) return ARP_KEY
  if (kind !== FlowKind.IP) return L2_KEY
  const proto = c.proto[id]
  if ((c.flags[id] & FlowFlag.NoTransport) !== 0) return proto * 65536
  if (hasPorts(proto)) return proto * 65536 + c.respPort[id]
  if (proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6) return proto * 65536 + c.origPort[id]
  return proto * 65536
}

/** Text of a numeric service key. */
export function serviceName(key: number): string {
  if (key === ARP_KEY) return 'arp'
  if (key === L2_KEY) return 'l2'
  const proto = Math.floor(key / 65536)
  const port = key % 65536
  const name = PROTO_NAMES[proto]
  if (name === undefined) return `ip/${proto}`
  return `${name}/${port}`
}

/** The port of a TCP/UDP/SCTP service key, or null for other keys. */
export function servicePort(key: number): number | null {
  return hasPorts(Math.floor(key / 65536)) && key < ARP_KEY ? key % 65536 : null
}

/** The IP protocol of a service key (0 for ARP and other non-IP). */
export function serviceProto(key: number): number {
  return key >= ARP_KEY ? 0 : Math.floor(key / 65536)
}

/** Protocol mix bucket of a flow: tcp, udp, icmp, other-ip, non-ip (the window series' five columns). */
export function protocolBucket(c: FlowColumns, id: number): 'tcp' | 'udp' | 'icmp' | 'other-ip' | 'non-ip' {
  if (c.kind[id] !== FlowKind.IP) return 'non-ip'
  const p = c.proto[id]
  if (p === IPPROTO_TCP) return 'tcp'
  if (p === IPPROTO_UDP) return 'udp'
  if (p === IPPROTO_ICMP || p === IPPROTO_ICMPV6) return 'icmp'
  return 'other-ip'
}

/**
 * Splits `amount` of a flow lasting [first, last] over the bins of `binSeconds` it spans, proportionally to
 * the time in each (a one-bin flow puts it all in its bin). At most `maxBins` calls: a longer flow is cut into
 * `maxBins` equal parts, each credited to the bin of its middle.
 */
export function spreadOverBins(first: number, last: number, amount: number, binSeconds: number, add: (bin: number, amount: number) => void, maxBins = 64): void {
  const b0 = Math.floor(first / binSeconds)
  const b1 = Math.floor(last / binSeconds)
  if (!(last > first) || b1 === b0) {
    add(b0, amount)
    return
  }
  const span = last - first
  if (b1 - b0 + 1 <= maxBins) {
    for (let b = b0; b <= b1; b++) {
      const lo = Math.max(first, b * binSeconds)
      const hi = Math.min(last, (b + 1) * binSeconds)
      if (hi > lo) add(b, (amount * (hi - lo)) / span)
    }
    return
  }
  for (let k = 0; k < maxBins; k++) add(Math.floor((first + ((k + 0.5) * span) / maxBins) / binSeconds), amount / maxBins)
}
