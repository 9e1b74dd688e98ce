/**
 * Per-host totals over every IP flow of the capture, and each host's inferred role, as columns indexed by a
 * host row (rowOf maps an address id to its row). Roles, for colouring the topology and for learners:
 * - gateway: its MAC address is also the MAC of several other IP addresses (a router forwards their traffic,
 *   so off-link hosts all appear behind its MAC), and it is in the subnet of the hosts that send to that MAC;
 * - dns: it answers DNS (port 53) for others;
 * - server: it mostly receives connections on well-known service ports (Zeek's likely_server_ports);
 * - client: it mostly opens connections; peer: both in equal measure;
 * - group: a multicast or broadcast address (224.0.0.0/4, 255.255.255.255, ff00::/8), which is no one host.
 * Hosts behind a gateway's MAC are marked `offLink` (reached through a router, not on the local link).
 */
import { subnetKey } from '../../charts/topology-collapse.ts'
import { isLikelyServerPort } from '../../flows/well-known-ports.ts'
import type { ExploreData } from './explore-types.ts'

export const ROLE_NAMES = ['other', 'client', 'server', 'dns', 'gateway', 'peer', 'group'] as const
export type HostRole = (typeof ROLE_NAMES)[number]
const Role = { Other: 0, Client: 1, Server: 2, Dns: 3, Gateway: 4, Peer: 5, Group: 6 } as const

/** Distinct IP addresses behind one MAC from which that MAC is taken to be a router's. */
export const GATEWAY_MIN_ADDRESSES = 3

export interface HostTable {
  readonly count: number
  /** Address id of each host row. */
  readonly addr: Uint32Array
  /** Address id -> host row, -1 when the address is not a host of an IP flow. */
  readonly rowOf: Int32Array
  readonly bytesOut: Float64Array
  readonly bytesIn: Float64Array
  readonly packetsOut: Float64Array
  readonly packetsIn: Float64Array
  /** Flows the host opened, and flows it answered. */
  readonly flowsOut: Uint32Array
  readonly flowsIn: Uint32Array
  /** MAC id seen with the address (0: none). */
  readonly mac: Uint32Array
  readonly role: Uint8Array
  readonly offLink: Uint8Array
  /** A name for the address from DNS answers, TLS SNI or HTTP Host seen in the capture. */
  readonly names: ReadonlyMap<number, string>
}

function isGroupMac(data: ExploreData, mac: number, w: Uint32Array): boolean {
  // The I/G bit (least significant bit of the first octet) marks broadcast and multicast MACs.
  return data.addresses.wordsInto(mac, w) === 48 && ((w[0] >>> 24) & 1) === 1
}

export function buildHostTable(data: ExploreData): HostTable {
  const f = data.flows
  const n = f.count
  const size = Math.max(1, data.addresses.size)
  const rowOf = new Int32Array(size).fill(-1)
  const addrs: number[] = []
  const note = (id: number): number => {
    if (id <= 0 || id >= size) return -1
    let r = rowOf[id]
    if (r < 0) {
      r = addrs.length
      rowOf[id] = r
      addrs.push(id)
    }
    return r
  }
  for (let id = 0; id < n; id++) {
    if (f.kind[id] !== 0) continue
    note(f.origAddr[id])
    note(f.respAddr[id])
  }
  const count = addrs.length
  const t = {
    count, addr: Uint32Array.from(addrs), rowOf,
    bytesOut: new Float64Array(count), bytesIn: new Float64Array(count), packetsOut: new Float64Array(count), packetsIn: new Float64Array(count),
    flowsOut: new Uint32Array(count), flowsIn: new Uint32Array(count), mac: new Uint32Array(count), role: new Uint8Array(count),
    offLink: new Uint8Array(count), names: hostNames(data),
  }
  const served = new Uint32Array(count)
  const servedDns = new Uint32Array(count)
  for (let id = 0; id < n; id++) {
    if (f.kind[id] !== 0) continue
    const a = rowOf[f.origAddr[id]]
    const b = rowOf[f.respAddr[id]]
    if (a < 0 || b < 0) continue
    t.bytesOut[a] += f.origBytes[id]
    t.bytesIn[a] += f.respBytes[id]
    t.bytesOut[b] += f.respBytes[id]
    t.bytesIn[b] += f.origBytes[id]
    t.packetsOut[a] += f.origPkts[id]
    t.packetsIn[a] += f.respPkts[id]
    t.packetsOut[b] += f.respPkts[id]
    t.packetsIn[b] += f.origPkts[id]
    t.flowsOut[a]++
    t.flowsIn[b]++
    if (f.origMac[id] !== 0) t.mac[a] = f.origMac[id]
    if (f.respMac[id] !== 0 && t.mac[b] === 0) t.mac[b] = f.respMac[id]
    const p = f.proto[id]
    if ((p === 6 || p === 17) && f.respPkts[id] > 0 && isLikelyServerPort(p, f.respPort[id])) {
      served[b]++
      if (f.respPort[id] === 53) servedDns[b]++
    }
  }
  markGateways(data, t)
  const w = new Uint32Array(4)
  for (let r = 0; r < count; r++) {
    if (t.role[r] === Role.Gateway) continue
    if (isGroupAddress(data, t.addr[r], w)) {
      t.role[r] = Role.Group
      continue
    }
    if (servedDns[r] > 0 && 2 * servedDns[r] >= served[r]) t.role[r] = Role.Dns
    else if (served[r] > 0 && served[r] >= t.flowsOut[r]) t.role[r] = Role.Server
    else if (t.flowsOut[r] > t.flowsIn[r]) t.role[r] = Role.Client
    else if (t.flowsOut[r] + t.flowsIn[r] > 0) t.role[r] = t.flowsIn[r] > t.flowsOut[r] ? Role.Server : Role.Peer
  }
  return t
}

/** Finds shared (router) MACs, marks the hosts behind them off-link and the router's own address gateway. */
function markGateways(data: ExploreData, t: { count: number; mac: Uint32Array; addr: Uint32Array; role: Uint8Array; offLink: Uint8Array; rowOf: Int32Array }): void {
  const w = new Uint32Array(4)
  const byMac = new Map<number, number[]>()
  for (let r = 0; r < t.count; r++) {
    const m = t.mac[r]
    if (m === 0 || isGroupMac(data, m, w)) continue
    const list = byMac.get(m)
    if (list) list.push(r)
    else byMac.set(m, [r])
  }
  const shared = new Set<number>()
  for (const [m, rows] of byMac) if (rows.length >= GATEWAY_MIN_ADDRESSES) shared.add(m)
  if (shared.size === 0) return
  // Subnets of the hosts that send to each shared MAC (from their own, unshared MAC).
  const local = new Map<number, Set<string>>()
  const f = data.flows
  for (let id = 0; id < f.count; id++) {
    const m = f.respMac[id]
    if (f.kind[id] !== 0 || !shared.has(m)) continue
    const a = t.rowOf[f.origAddr[id]]
    if (a < 0 || shared.has(t.mac[a])) continue
    let set = local.get(m)
    if (!set) local.set(m, (set = new Set()))
    if (set.size < 64) set.add(subnetKey(data.addresses.text(t.addr[a]), '/24'))
  }
  for (const m of shared) {
    const subnets = local.get(m) ?? new Set<string>()
    for (const r of byMac.get(m) ?? []) {
      if (subnets.has(subnetKey(data.addresses.text(t.addr[r]), '/24'))) t.role[r] = Role.Gateway
      else t.offLink[r] = 1
    }
  }
}

/** Address id -> a name seen for it: the name a DNS answer gave it, else the SNI or HTTP Host used to reach it. */
function hostNames(data: ExploreData): Map<number, string> {
  const byText = new Map<string, string>()
  const byId = new Map<number, string>()
  for (const [id, facts] of data.facts) {
    if (facts.dnsQuery !== null) for (const a of facts.dnsAnswers) if (!byText.has(a)) byText.set(a, facts.dnsQuery)
    const contacted = facts.tlsSni ?? facts.httpHost
    if (contacted !== null && id < data.flows.count && !byId.has(data.flows.respAddr[id])) byId.set(data.flows.respAddr[id], contacted)
  }
  if (byText.size === 0) return byId
  const out = new Map<number, string>()
  for (let id = 1; id < data.addresses.size; id++) {
    const name = byText.get(data.addresses.text(id)) ?? byId.get(id)
    if (name !== undefined) out.set(id, name)
  }
  return out
}

function isGroupAddress(data: ExploreData, id: number, w: Uint32Array): boolean {
  const kind = data.addresses.wordsInto(id, w)
  if (kind === 4) return w[0] >>> 28 === 0xe || w[0] === 0xffffffff
  return kind === 6 && w[0] >>> 24 === 0xff
}

export function roleName(code: number): HostRole {
  return ROLE_NAMES[code] ?? 'other'
}
