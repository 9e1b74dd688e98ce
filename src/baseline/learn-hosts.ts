/**
 * The per-host, per-service and per-edge parts of a baseline, from the flows that started in the period:
 * rate bands per window, the largest fan-out in one scan window, peers, services served and used, edges, and
 * per-service duration, size and RTT quantiles. Hosts are keyed by address text; the busiest are kept when
 * there are more than the caps allow.
 *
 * The kept hosts are chosen first, by a count of bytes per address id over the period's flows (rankHosts), and
 * only they get an accumulator: a many-flow capture has a million hosts in its baseline period, and a set-heavy
 * accumulator for each of them cost far more memory than the 5,000 kept.
 */
import type { AddressClasses } from './address-class.ts'
import type { FlowSource } from './flow-source.ts'
import { Outcome } from './flow-outcome.ts'
import { rankHosts } from './learn-hosts-rank.ts'
import { periodWindows } from './learn-global.ts'
import type { ResolvedPeriod } from './period.ts'
import { bandOfSparse, quantilesOf, type Band } from './robust-stats.ts'
import { serviceKeyOf, serviceName } from './service-keys.ts'
import { BASELINE_LIMITS, type HostBaseline, type ServiceBaseline } from './types.ts'

class HostAcc {
  firstSeen = Infinity
  bytesOutTotal = 0
  bytesInTotal = 0
  attempts = 0
  failures = 0
  /**
   * Windows with traffic, ascending, and per window [packetsOut, bytesOut, bytesIn, flowsOut] per second (flat).
   * Flows arrive in start order, so a host's windows only grow; a flow starting before the host's latest window
   * (timestamps that went backwards) is credited to that window.
   */
  readonly windows: number[] = []
  readonly values: number[] = []
  readonly peers = new Set<number>()
  peersTruncated = false
  readonly served = new Set<number>()
  readonly used = new Set<number>()
  scanWindow = NaN
  readonly scanHosts = new Set<number>()
  readonly scanPorts = new Set<number>()
  scanFailed = 0
  maxHosts = 0
  maxPorts = 0
  maxFailed = 0

  add(w: number, packetsOut: number, bytesOut: number, bytesIn: number, flowsOut: number): void {
    const n = this.windows.length
    if (n === 0 || w > this.windows[n - 1]) {
      this.windows.push(w)
      this.values.push(packetsOut, bytesOut, bytesIn, flowsOut)
      return
    }
    const o = (n - 1) * 4
    this.values[o] += packetsOut
    this.values[o + 1] += bytesOut
    this.values[o + 2] += bytesIn
    this.values[o + 3] += flowsOut
  }

  closeScanWindow(): void {
    if (this.scanHosts.size === 0) return
    this.maxHosts = Math.max(this.maxHosts, this.scanHosts.size)
    this.maxPorts = Math.max(this.maxPorts, this.scanPorts.size)
    this.maxFailed = Math.max(this.maxFailed, this.scanFailed)
    this.scanHosts.clear()
    this.scanPorts.clear()
    this.scanFailed = 0
  }
}

class ServiceAcc {
  readonly servers = new Set<number>()
  readonly clients = new Set<number>()
  flows = 0
  readonly durations: number[] = []
  readonly bytes: number[] = []
  readonly rtt: number[] = []
}

const SAMPLE_CAP = 20000

/** Adds `value` unless the set is full; whether the set holds it afterwards. One hash lookup while not full. */
function capped(set: Set<number>, value: number, cap: number): boolean {
  if (set.size < cap) {
    set.add(value)
    return true
  }
  return set.has(value)
}

/** hostBands' working buffer: five equal parts (window offsets, then the four values), grown on demand. */
let BAND_SCRATCH = new Float64Array(5 * 256)

/** The four rate bands of a host over the period's `count` windows from `first` (its windows outside are left out). */
function hostBands(h: HostAcc, first: number, count: number): [Band, Band, Band, Band] {
  let n = 0
  for (let k = 0; k < h.windows.length; k++) if (h.windows[k] >= first && h.windows[k] < first + count) n++
  // Five views on one reused buffer rather than five new arrays per host (bandOfSparse keeps none of them).
  if (BAND_SCRATCH.length < 5 * n) BAND_SCRATCH = new Float64Array(10 * n)
  const cap = BAND_SCRATCH.length / 5
  const active = BAND_SCRATCH.subarray(0, n)
  const values = [1, 2, 3, 4].map((j) => BAND_SCRATCH.subarray(j * cap, j * cap + n))
  let i = 0
  for (let k = 0; k < h.windows.length; k++) {
    if (h.windows[k] < first || h.windows[k] >= first + count) continue
    active[i] = h.windows[k] - first
    for (let j = 0; j < 4; j++) values[j][i] = h.values[k * 4 + j]
    i++
  }
  return [bandOfSparse(active, values[0], count), bandOfSparse(active, values[1], count), bandOfSparse(active, values[2], count), bandOfSparse(active, values[3], count)]
}

/**
 * The edges as "client>server" texts, sorted as strings and without duplicates (two ids of one text), as
 * [...new Set(texts)].sort() gives them, but sorted client by client: tens of thousands of edges share a few
 * thousand clients. Address texts hold no '>', so every edge of client text A sorts as A + '>' does against
 * other clients' edges, and among themselves by server text. A text with a '>' takes the plain way.
 */
export function sortedEdges(edgeIds: ReadonlyMap<number, ReadonlySet<number>>, fmt: (id: number) => string): string[] {
  const byClient = new Map<string, string[]>()
  for (const [a, servers] of edgeIds) {
    const head = `${fmt(a)}>`
    if (head.indexOf('>') !== head.length - 1) return plainSortedEdges(edgeIds, fmt)
    let list = byClient.get(head)
    if (list === undefined) {
      list = []
      byClient.set(head, list)
    }
    for (const b of servers) list.push(fmt(b))
  }
  const out: string[] = []
  for (const head of [...byClient.keys()].sort()) {
    const list = (byClient.get(head) ?? []).sort()
    for (let k = 0; k < list.length; k++) if (k === 0 || list[k] !== list[k - 1]) out.push(head + list[k])
  }
  return out
}

function plainSortedEdges(edgeIds: ReadonlyMap<number, ReadonlySet<number>>, fmt: (id: number) => string): string[] {
  const edges = new Set<string>()
  for (const [a, servers] of edgeIds) for (const b of servers) edges.add(`${fmt(a)}>${fmt(b)}`)
  return [...edges].sort()
}

/**
 * Peer lists as sorted texts. Tens of thousands of peer entries name a few thousand addresses, so the distinct
 * texts are sorted once and each host's peers are ordered by their rank there (equal texts share a rank),
 * which gives what sorting each host's texts as strings gives.
 */
class PeerTexts {
  private readonly rank = new Map<number, number>()
  private readonly texts: string[] = []

  constructor(hosts: readonly (readonly [number, HostAcc])[], fmt: (id: number) => string) {
    const ids = new Set<number>()
    for (const [, h] of hosts) for (const b of h.peers) ids.add(b)
    const byText = [...ids].map((id) => ({ id, text: fmt(id) })).sort((x, y) => (x.text < y.text ? -1 : x.text > y.text ? 1 : 0))
    for (const { id, text } of byText) {
      if (this.texts.length === 0 || this.texts[this.texts.length - 1] !== text) this.texts.push(text)
      this.rank.set(id, this.texts.length - 1)
    }
  }

  sorted(peers: ReadonlySet<number>): string[] {
    const ranks = new Float64Array(peers.size)
    let k = 0
    for (const b of peers) ranks[k++] = this.rank.get(b) ?? 0
    ranks.sort()
    const out: string[] = new Array<string>(ranks.length)
    for (let i = 0; i < ranks.length; i++) out[i] = this.texts[ranks[i]]
    return out
  }
}

export interface HostPart {
  readonly hosts: HostBaseline[]
  readonly services: ServiceBaseline[]
  readonly edges: string[]
  readonly truncated: { hosts: boolean; services: boolean; edges: boolean }
}

export function learnHosts(source: FlowSource, p: ResolvedPeriod, ws: number, scanWindow: number, outcomes: Uint8Array, classes: AddressClasses): HostPart {
  const c = source.columns
  const ranking = rankHosts(source, p, classes)
  const keep = ranking.keep
  // One accumulator per kept host, in ranking order, found through keep[id] - 1 (no Map lookup per flow).
  const accs = ranking.order.map(() => new HostAcc())
  const services = new Map<number, ServiceAcc>()
  let edgesTruncated = false
  const names = new Map<number, string>()
  const fmt = (id: number): string => {
    let s = names.get(id)
    if (s === undefined) {
      s = source.addresses.format(id)
      names.set(id, s)
    }
    return s
  }
  // Edges by client id then server id (small-integer keys: no boxed numbers, no string per flow).
  const edgeIds = new Map<number, Set<number>>()
  let edgeCount = 0
  for (let id = 0; id < source.count; id++) {
    const t = c.first[id]
    if (t < p.start || t >= p.end) continue
    const a = c.origAddr[id]
    const b = c.respAddr[id]
    const w = Math.floor(t / ws)
    const key = serviceKeyOf(c, id)
    const outcome = outcomes[id]
    const aIsHost = classes.isHost(a)
    const bIsHost = classes.isHost(b)
    const aSlot = aIsHost && a < keep.length ? keep[a] : 0
    const bSlot = bIsHost && b < keep.length ? keep[b] : 0
    if (aSlot > 0) {
      const h = accs[aSlot - 1]
      h.firstSeen = Math.min(h.firstSeen, t)
      h.add(w, c.origPkts[id] / ws, c.origBytes[id] / ws, c.respBytes[id] / ws, 1 / ws)
      h.bytesOutTotal += c.origBytes[id]
      h.bytesInTotal += c.respBytes[id]
      if (outcome !== Outcome.Unknown) h.attempts++
      if (outcome === Outcome.Failure) h.failures++
      const sw = Math.floor(t / scanWindow)
      if (sw !== h.scanWindow) {
        h.closeScanWindow()
        h.scanWindow = sw
      }
      h.scanHosts.add(b)
      h.scanPorts.add(key)
      if (outcome === Outcome.Failure) h.scanFailed++
      if (!capped(h.peers, b, BASELINE_LIMITS.peersPerHost)) h.peersTruncated = true
      if (outcome === Outcome.Success) capped(h.used, key, BASELINE_LIMITS.portsPerHost)
    }
    if (bSlot > 0) {
      const h = accs[bSlot - 1]
      h.firstSeen = Math.min(h.firstSeen, t)
      h.add(w, c.respPkts[id] / ws, c.respBytes[id] / ws, c.origBytes[id] / ws, 0)
      h.bytesOutTotal += c.respBytes[id]
      h.bytesInTotal += c.origBytes[id]
      if (aIsHost && !capped(h.peers, a, BASELINE_LIMITS.peersPerHost)) h.peersTruncated = true
      if (outcome === Outcome.Success) capped(h.served, key, BASELINE_LIMITS.portsPerHost)
    }
    if (aIsHost && bIsHost) {
      let servers = edgeIds.get(a)
      if (servers === undefined) {
        servers = new Set()
        edgeIds.set(a, servers)
      }
      // While there is room, add() tells a new edge by the size it leaves (one lookup rather than has + add).
      if (edgeCount < BASELINE_LIMITS.edges) {
        const before = servers.size
        servers.add(b)
        if (servers.size !== before) edgeCount++
      } else if (!servers.has(b)) edgesTruncated = true
    }
    if (outcome === Outcome.Success) {
      let s = services.get(key)
      if (s === undefined) {
        s = new ServiceAcc()
        services.set(key, s)
      }
      s.flows++
      capped(s.servers, b, 100000)
      capped(s.clients, a, 100000)
      if (s.durations.length < SAMPLE_CAP) {
        s.durations.push(c.last[id] - t)
        s.bytes.push(c.origBytes[id] + c.respBytes[id])
        if (Number.isFinite(c.handshakeRtt[id])) s.rtt.push(c.handshakeRtt[id])
      }
    }
  }
  const { first, count } = periodWindows(p, ws)
  const kept: [number, HostAcc][] = ranking.order.map((id, k) => [id, accs[k]])
  const peerTexts = new PeerTexts(kept, fmt)
  const hostList: HostBaseline[] = kept.map(([id, h]) => {
    h.closeScanWindow()
    const [packetsOut, bytesOut, bytesIn, flowsOut] = hostBands(h, first, count)
    return {
      addr: fmt(id),
      internal: classes.isInternal(id),
      firstSeen: h.firstSeen,
      packetsOut,
      bytesOut,
      bytesIn,
      flowsOut,
      fanOut: { hosts: h.maxHosts, ports: h.maxPorts, failed: h.maxFailed },
      totalBytesOut: h.bytesOutTotal,
      totalBytesIn: h.bytesInTotal,
      failedRatio: h.attempts > 0 ? h.failures / h.attempts : 0,
      peers: peerTexts.sorted(h.peers),
      peersTruncated: h.peersTruncated,
      served: [...h.served].map(serviceName).sort(),
      used: [...h.used].map(serviceName).sort(),
    }
  })
  const serviceList: ServiceBaseline[] = [...services]
    .sort((x, y) => y[1].flows - x[1].flows || x[0] - y[0])
    .slice(0, BASELINE_LIMITS.services)
    .map(([key, s]) => ({
      key: serviceName(key),
      servers: s.servers.size,
      clients: s.clients.size,
      flows: s.flows,
      durations: quantilesOf(s.durations),
      bytes: quantilesOf(s.bytes),
      rtt: quantilesOf(s.rtt),
    }))
  return {
    hosts: hostList,
    services: serviceList,
    edges: sortedEdges(edgeIds, fmt),
    truncated: { hosts: ranking.seen > BASELINE_LIMITS.hosts, services: services.size > BASELINE_LIMITS.services, edges: edgesTruncated },
  }
}
