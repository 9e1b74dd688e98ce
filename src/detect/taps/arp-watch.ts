/**
 * IP-to-MAC bindings seen in ARP packets (RFC 826), for ARP spoofing detection. The flow table keeps only the
 * first packet's MACs per ARP flow, which hides a later reply claiming someone else's address, so this watch
 * reads every ARP row of every batch: the sender's claim (sender IP is at the frame's source MAC) and, when the
 * frame is unicast, the target binding it implies (target IP is at the destination MAC: replies and refresh
 * requests go straight to the host that owns the target address). Bounded: at most MAX_IPS addresses with
 * MAX_MACS_PER_IP MACs each.
 */
import type { DecodeContext } from '../../decode/context.ts'
import { Layer } from '../../model/layers.ts'
import { Net, type PacketBatch } from '../../model/packet-batch.ts'

/** ARP carried in a tunnel (ERSPAN/GRE, VXLAN, Geneve): the MAC columns hold the outer frame's addresses, not the host's. */
const TUNNELLED = Layer.ip | Layer.ipv6 | Layer.gre | Layer.vxlan | Layer.geneve | Layer.mpls

const MAX_IPS = 65536
const MAX_MACS_PER_IP = 8
const MAX_IPS_PER_MAC = 256

export const BindingKind = Object.freeze({ Claim: 1, Target: 2 })

export interface MacBinding {
  readonly mac: number
  first: number
  last: number
  /** ARP packets in which the IP claimed (or was addressed at) this MAC. */
  claims: number
  targets: number
}

export class ArpWatch {
  /** IP address id -> MACs bound to it. */
  readonly byIp = new Map<number, MacBinding[]>()
  /** MAC id -> IP address ids it claimed as sender. */
  readonly claimsByMac = new Map<number, Set<number>>()
  /** ARP packets per sender MAC. */
  readonly packetsByMac = new Map<number, number>()
  packets = 0
  /** Bindings not recorded because a cap was reached. */
  dropped = 0
  private readonly special = new Map<number, boolean>()

  consume(batch: PacketBatch, ctx: DecodeContext): void {
    const n = batch.count
    const { net, srcAddr, dstAddr, srcMac, dstMac, time, layers } = batch
    for (let i = 0; i < n; i++) {
      if (net[i] !== Net.ARP || (layers[i] & TUNNELLED) !== 0) continue
      this.packets++
      const t = time[i]
      const sMac = srcMac[i]
      if (sMac !== 0) this.packetsByMac.set(sMac, (this.packetsByMac.get(sMac) ?? 0) + 1)
      const sIp = srcAddr[i]
      if (sIp !== 0 && sMac !== 0 && ctx.addresses.ipv4Value(sIp) !== 0 && !this.isSpecialMac(sMac, ctx)) {
        this.bind(sIp, sMac, t, BindingKind.Claim)
        let set = this.claimsByMac.get(sMac)
        if (set === undefined) {
          set = new Set()
          this.claimsByMac.set(sMac, set)
        }
        if (set.size < MAX_IPS_PER_MAC) set.add(sIp)
      }
      const dIp = dstAddr[i]
      const dMac = dstMac[i]
      if (dIp !== 0 && dMac !== 0 && dIp !== sIp && ctx.addresses.ipv4Value(dIp) !== 0 && !this.isSpecialMac(dMac, ctx)) {
        this.bind(dIp, dMac, t, BindingKind.Target)
      }
    }
  }

  private bind(ip: number, mac: number, t: number, kind: number): void {
    let list = this.byIp.get(ip)
    if (list === undefined) {
      if (this.byIp.size >= MAX_IPS) {
        this.dropped++
        return
      }
      list = []
      this.byIp.set(ip, list)
    }
    let b = list.find((x) => x.mac === mac)
    if (b === undefined) {
      if (list.length >= MAX_MACS_PER_IP) {
        this.dropped++
        return
      }
      b = { mac, first: t, last: t, claims: 0, targets: 0 }
      list.push(b)
    }
    if (t < b.first) b.first = t
    if (t > b.last) b.last = t
    if (kind === BindingKind.Claim) b.claims++
    else b.targets++
  }

  /** Broadcast, all-zero and multicast MACs bind nothing (a request's target MAC is usually all zeros). */
  private isSpecialMac(mac: number, ctx: DecodeContext): boolean {
    let s = this.special.get(mac)
    if (s === undefined) {
      const text = ctx.addresses.format(mac)
      const firstOctet = parseInt(text.slice(0, 2), 16)
      s = text === 'ff:ff:ff:ff:ff:ff' || text === '00:00:00:00:00:00' || (Number.isFinite(firstOctet) && (firstOctet & 1) === 1)
      this.special.set(mac, s)
    }
    return s
  }
}
