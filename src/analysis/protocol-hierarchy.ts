/**
 * Protocol hierarchy in the manner of Wireshark's Statistics > Protocol Hierarchy and `tshark -z io,phs`
 * (https://www.wireshark.org/docs/wsug_html_chunked/ChStatHierarchy.html): a tree of layer paths where each
 * node counts the frames (and their bytes on the wire) whose path starts with it.
 *
 * PacketBatch.layers is a bitmask, not an ordered list, so a frame's path is derived from its mask in the fixed
 * order of CANONICAL_LAYER_ORDER (link > tags > network > tunnel-ish > transport > application). That is right
 * for ordinary frames; a tunnel that repeats a layer (eth > ip > udp > vxlan > eth > ip > tcp) collapses to one
 * occurrence of each (eth > ip > udp > vxlan > tcp). An exact tree for tunnels would need the decoders to record
 * the layer sequence (e.g. an extra column of up to eight 4-bit layer codes per packet).
 *
 * Per packet the work is one lookup of the mask in a small table (frames share few distinct masks); the tree
 * is built once, at the end.
 */
import { LAYER_NAMES, Layer, type LayerName } from '../model/layers.ts'
import type { PacketBatch } from '../model/packet-batch.ts'

/** The order layers appear in a path. Every name of LAYER_NAMES appears exactly once. */
export const CANONICAL_LAYER_ORDER: readonly LayerName[] = [
  'pktap', 'nflog', 'radiotap', 'wlan', 'null', 'sll', 'ppp', 'chdlc', 'eth', 'llc', 'vlan', 'mpls',
  'arp', 'ip', 'ipv6', 'gre', 'esp', 'ah', 'icmp', 'icmpv6', 'igmp', 'sctp', 'udp', 'vxlan', 'geneve', 'tcp',
  'dhcp', 'dns', 'quic', 'tls', 'http',
]

export interface ProtocolNode {
  readonly name: string
  readonly packets: number
  readonly bytes: number
  readonly children: readonly ProtocolNode[]
}

/** Hard cap on distinct masks kept; further masks are counted at the root only (never reached in practice). */
const MAX_MASKS = 1 << 14

export class ProtocolHierarchy {
  private keys = new Uint32Array(256)
  private used = new Uint8Array(256)
  private packets = new Float64Array(256)
  private bytes = new Float64Array(256)
  private mask = 255
  private size = 0
  private lastMask = -1
  private lastSlot = -1
  totalPackets = 0
  totalBytes = 0

  consume(batch: PacketBatch): void {
    const n = batch.count
    const layers = batch.layers
    const len = batch.origLen
    let bytes = 0
    for (let i = 0; i < n; i++) {
      const m = layers[i]
      const slot = m === this.lastMask ? this.lastSlot : this.slotFor(m)
      if (slot >= 0) {
        this.packets[slot]++
        this.bytes[slot] += len[i]
      }
      bytes += len[i]
    }
    this.totalPackets += n
    this.totalBytes += bytes
  }

  private slotFor(m: number): number {
    const mask = this.mask
    let i = Math.imul(m ^ (m >>> 15), 0x2c1b3c6d) >>> 0
    for (i &= mask; ; i = (i + 1) & mask) {
      if (this.used[i] === 0) {
        if (this.size >= MAX_MASKS) return -1
        this.used[i] = 1
        this.keys[i] = m
        this.size++
        if (this.size * 2 > mask) {
          this.grow()
          return this.slotFor(m)
        }
        break
      }
      if (this.keys[i] === m) break
    }
    this.lastMask = m
    this.lastSlot = i
    return i
  }

  private grow(): void {
    const { keys, used, packets, bytes } = this
    const cap = used.length * 2
    this.keys = new Uint32Array(cap)
    this.used = new Uint8Array(cap)
    this.packets = new Float64Array(cap)
    this.bytes = new Float64Array(cap)
    this.mask = cap - 1
    this.lastMask = -1
    for (let j = 0; j < used.length; j++) {
      if (!used[j]) continue
      let i = Math.imul(keys[j] ^ (keys[j] >>> 15), 0x2c1b3c6d) >>> 0
      for (i &= this.mask; this.used[i] !== 0; i = (i + 1) & this.mask);
      this.used[i] = 1
      this.keys[i] = keys[j]
      this.packets[i] = packets[j]
      this.bytes[i] = bytes[j]
    }
  }

  /** The tree: root "frame" with every packet; children sorted by packets, largest first. */
  tree(): ProtocolNode {
    interface Mutable { name: string; packets: number; bytes: number; children: Map<string, Mutable> }
    const root: Mutable = { name: 'frame', packets: this.totalPackets, bytes: this.totalBytes, children: new Map() }
    for (let s = 0; s <= this.mask; s++) {
      if (!this.used[s]) continue
      const m = this.keys[s]
      let node = root
      for (const name of CANONICAL_LAYER_ORDER) {
        if ((m & Layer[name]) === 0) continue
        let child = node.children.get(name)
        if (!child) {
          child = { name, packets: 0, bytes: 0, children: new Map() }
          node.children.set(name, child)
        }
        child.packets += this.packets[s]
        child.bytes += this.bytes[s]
        node = child
      }
    }
    // Depth is bounded by the number of layer names (31), so recursion here is not data-controlled.
    const freeze = (n: Mutable): ProtocolNode => ({
      name: n.name,
      packets: n.packets,
      bytes: n.bytes,
      children: [...n.children.values()].sort((a, b) => b.packets - a.packets || (a.name < b.name ? -1 : 1)).map(freeze),
    })
    return freeze(root)
  }

  /** Flat rows (path joined with ':', as tshark prints "eth:ip:tcp"), depth-first, for tables and the CLI. */
  rows(): { path: string; depth: number; packets: number; bytes: number }[] {
    const out: { path: string; depth: number; packets: number; bytes: number }[] = []
    const stack: { node: ProtocolNode; path: string; depth: number }[] = [{ node: this.tree(), path: 'frame', depth: 0 }]
    while (stack.length > 0) {
      const top = stack.pop()
      if (!top) break
      out.push({ path: top.path, depth: top.depth, packets: top.node.packets, bytes: top.node.bytes })
      const kids = top.node.children
      for (let k = kids.length - 1; k >= 0; k--) stack.push({ node: kids[k], path: `${top.path}:${kids[k].name}`, depth: top.depth + 1 })
    }
    return out
  }
}

/** Checks the canonical order covers every layer exactly once (used by the tests). */
export function canonicalOrderIsComplete(): boolean {
  return CANONICAL_LAYER_ORDER.length === LAYER_NAMES.length && new Set(CANONICAL_LAYER_ORDER).size === LAYER_NAMES.length &&
    LAYER_NAMES.every((n) => CANONICAL_LAYER_ORDER.includes(n))
}
