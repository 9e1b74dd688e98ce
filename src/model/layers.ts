/**
 * Protocol layers a packet can carry, one bit each in PacketBatch.layers.
 * Names follow Wireshark's protocol filter names so counts read like its Protocol Hierarchy.
 */
export const LAYER_NAMES = [
  'eth', 'sll', 'null', 'ppp', 'chdlc', 'wlan', 'radiotap', 'llc', 'nflog', 'pktap',
  'vlan', 'mpls', 'arp', 'ip', 'ipv6', 'icmp', 'icmpv6', 'tcp', 'udp', 'gre',
  'vxlan', 'geneve', 'dns', 'tls', 'http', 'dhcp', 'quic', 'sctp', 'igmp', 'esp', 'ah',
] as const

export type LayerName = (typeof LAYER_NAMES)[number]

/** Bit for each layer: Layer.tcp === 1 << LAYER_NAMES.indexOf('tcp'). */
export const Layer = Object.freeze(
  Object.fromEntries(LAYER_NAMES.map((name, i) => [name, (1 << i) >>> 0])) as Record<LayerName, number>,
)

/** Adds one to counts[i] for every bit i set in mask; counts is indexed like LAYER_NAMES. */
export function countLayers(mask: number, counts: Float64Array): void {
  let m = mask >>> 0
  while (m !== 0) {
    const low = m & -m
    counts[31 - Math.clz32(low)]++
    m = (m ^ low) >>> 0
  }
}

/** Turns a counts array (indexed like LAYER_NAMES) into { name: count } without zero entries. */
export function layerCountsToRecord(counts: Float64Array): Record<string, number> {
  const out: Record<string, number> = {}
  for (let i = 0; i < LAYER_NAMES.length; i++) if (counts[i] > 0) out[LAYER_NAMES[i]] = counts[i]
  return out
}
