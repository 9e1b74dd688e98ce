/**
 * ARP spoofing: an IPv4 address bound to more than one MAC while both bindings are in use, from the ARP
 * bindings the packet taps saw (taps/arp-watch.ts: sender claims and the target bindings unicast ARP implies).
 * The classic man-in-the-middle pattern, one MAC claiming the addresses of two or more hosts that are bound
 * elsewhere, is the strongest evidence; an address that simply moved to a new MAC (the old one never seen
 * again) is not reported. Virtual router MACs (VRRP 00:00:5e:00:01:xx, HSRP 00:00:0c:07:ac:xx) share addresses
 * by design and are ignored. Without taps, the first sender MAC of each ARP flow is used (weaker).
 */
import { FlowKind } from '../flows/flow-key.ts'
import { MITRE, type Alert } from './alert.ts'
import type { DetectContext } from './context.ts'
import type { Detector } from './detector.ts'
import type { MacBinding } from './taps/arp-watch.ts'

export type ArpSpoofParams = {
  minClaims: number
}

export const arpSpoof: Detector<ArpSpoofParams> = {
  id: 'arp-spoof',
  name: 'ARP spoofing',
  method: 'IP-to-MAC binding changes in ARP traffic, with overlapping use of both bindings and MACs claiming several addresses',
  categories: ['arp-spoof'],
  modes: 'both',
  optIn: false,
  params: {
    minClaims: { default: 1, min: 1, max: 10000, integer: true, label: 'Claims', help: 'ARP packets in which the second MAC claimed the address.' },
  },
  run(ctx, p) {
    const byIp = ctx.taps !== null ? ctx.taps.arp.byIp : bindingsFromFlows(ctx)
    const virtual = (mac: number): boolean => {
      const t = ctx.addr(mac)
      return t.startsWith('00:00:5e:00:01:') || t.startsWith('00:00:0c:07:ac:')
    }
    // Conflicts: addresses with two MACs in use at once, at least one of them claimed by its sender.
    const conflicts: { ip: number; claimants: MacBinding[] }[] = []
    const conflictsPerMac = new Map<number, number>()
    for (const [ip, list] of byIp) {
      const real = list.filter((b) => !virtual(b.mac))
      const claimants = real.filter((b) => b.claims >= p.minClaims && real.some((o) => o.mac !== b.mac && overlaps(o, b)))
      if (claimants.length === 0) continue
      conflicts.push({ ip, claimants })
      for (const b of claimants) conflictsPerMac.set(b.mac, (conflictsPerMac.get(b.mac) ?? 0) + 1)
    }
    // Per conflict one suspect: the MAC claiming the most conflicted addresses (the man in the middle), else the
    // binding that appeared last (the newcomer); the address's owner claimed it first.
    const suspects = new Map<number, { ips: Set<number>; first: number; last: number; claims: number }>()
    for (const { ip, claimants } of conflicts) {
      const b = claimants.reduce((x, y) => {
        const cx = conflictsPerMac.get(x.mac) ?? 0
        const cy = conflictsPerMac.get(y.mac) ?? 0
        return cy > cx || (cy === cx && y.first > x.first) ? y : x
      })
      let s = suspects.get(b.mac)
      if (s === undefined) {
        s = { ips: new Set(), first: b.first, last: b.last, claims: 0 }
        suspects.set(b.mac, s)
      }
      s.ips.add(ip)
      s.first = Math.min(s.first, b.first)
      s.last = Math.max(s.last, b.last)
      s.claims += b.claims
    }
    const out: Alert[] = []
    for (const [mac, s] of suspects) {
      const claimedByMac = ctx.taps?.arp.claimsByMac.get(mac)?.size ?? s.ips.size
      const mitm = s.ips.size >= 2
      const ips = [...s.ips]
      const others = ips.map((ip) => (byIp.get(ip) ?? []).filter((b) => b.mac !== mac).map((b) => ctx.addr(b.mac)).join('/'))
      out.push(ctx.alert({
        detector: 'arp-spoof',
        category: 'arp-spoof',
        severity: mitm ? 'high' : 'medium',
        confidence: mitm ? 0.9 : Math.min(0.8, 0.4 + 0.05 * s.claims),
        start: s.first,
        end: s.last,
        src: [mac],
        dst: ips,
        metric: 'addresses claimed while bound to another MAC',
        unit: 'addresses',
        observed: s.ips.size,
        baseline: 0,
        baselineSource: 'default',
        evidence: arpFlows(ctx, s.ips),
        explanation: `${ctx.addr(mac)} claimed in ${s.claims} ARP packets to be ${ips.map((ip) => ctx.addr(ip)).join(', ')}, which ${ips.length === 1 ? 'is' : 'are'} also bound to ${others.join(', ')} at the same time${mitm ? `; one MAC answering for ${claimedByMac} addresses is the man-in-the-middle pattern of ARP cache poisoning` : ''}.`,
        mitre: MITRE.arpPoisoning,
      }))
    }
    return out
  },
}

/** Two bindings in use at overlapping times (or the older one seen again after the newer appeared). */
function overlaps(a: MacBinding, b: MacBinding): boolean {
  return a.first <= b.last && b.first <= a.last
}

function bindingsFromFlows(ctx: DetectContext): Map<number, MacBinding[]> {
  const c = ctx.c
  const out = new Map<number, MacBinding[]>()
  for (let id = 0; id < ctx.count; id++) {
    if (c.kind[id] !== FlowKind.ARP || c.origMac[id] === 0) continue
    const ip = c.origAddr[id]
    let list = out.get(ip)
    if (list === undefined) {
      list = []
      out.set(ip, list)
    }
    let b = list.find((x) => x.mac === c.origMac[id])
    if (b === undefined) {
      if (list.length >= 8) continue
      b = { mac: c.origMac[id], first: c.first[id], last: c.last[id], claims: 0, targets: 0 }
      list.push(b)
    }
    b.first = Math.min(b.first, c.first[id])
    b.last = Math.max(b.last, c.last[id])
    b.claims += c.origPkts[id]
  }
  return out
}

function arpFlows(ctx: DetectContext, ips: ReadonlySet<number>): number[] {
  const c = ctx.c
  const out: number[] = []
  for (let id = 0; id < ctx.count && out.length < 200; id++) {
    if (c.kind[id] === FlowKind.ARP && (ips.has(c.origAddr[id]) || ips.has(c.respAddr[id]))) out.push(id)
  }
  return out
}
