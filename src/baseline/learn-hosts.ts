/**
 * The per-host, per-service and per-edge parts of a baseline, from the flows that started in the period:
 * rate bands per window, the largest fan-out in one scan window, peers, services served and used, edges, and
 * per-service duration, size and RTT quantiles. Hosts are keyed by address text; the busiest are kept when
 * there are more than the caps allow.
 *
 * The kept hosts are chosen first, by a count of bytes per address id over the period's flows (rankHosts), and
 * only they get a row: a many-flow capture has a million hosts in its baseline period. The rows are typed-array
 * columns and every set (peers, services, fan-out, edges, a service's servers and clients) is one shared pair
 * table (host-columns.ts, id-pair-set.ts): no Set per host, no object per flow.
 */
import type { AddressClasses } from './address-class.ts'
import type { FlowSource } from './flow-source.ts'
import { Outcome } from './flow-outcome.ts'
import { rankHosts } from './learn-hosts-rank.ts'
import { periodWindows } from './learn-global.ts'
import type { ResolvedPeriod } from './period.ts'
import { HostColumns } from './host-columns.ts'
import { groupByFirst, IdPairSet } from './id-pair-set.ts'
import { quantilesOf } from './robust-stats.ts'
import { serviceKeyOf, serviceName } from './service-keys.ts'
import { BASELINE_LIMITS, type HostBaseline, type ServiceBaseline } from './types.ts'

class ServiceAcc {
  /** Distinct servers and clients (up to SERVICE_PEER_CAP each), as pairs (index, id) in learnHosts' tables. */
  servers = 0
  clients = 0
  flows = 0
  readonly durations: number[] = []
  readonly bytes: number[] = []
  readonly rtt: number[] = []
  constructor(readonly index: number) {}
}

const SAMPLE_CAP = 20000
const SERVICE_PEER_CAP = 100000

/**
 * The edges as "client>server" texts, sorted as strings and without duplicates (two ids of one text), as
 * [...new Set(texts)].sort() gives them, but sorted client by client: tens of thousands of edges share a few
 * thousand clients. Address texts hold no '>', so every edge of client text A sorts as A + '>' does against
 * other clients' edges, and among themselves by server text. A text with a '>' takes the plain way.
 */
export function sortedEdges(edgeIds: ReadonlyMap<number, ReadonlySet<number>>, fmt: (id: number) => string): string[] {
  const pairs = new IdPairSet()
  for (const [a, servers] of edgeIds) for (const b of servers) pairs.add(a, b)
  return sortedEdgeTexts(pairs, fmt)
}

/** sortedEdges over edges held as (client, server) pairs. */
function sortedEdgeTexts(pairs: IdPairSet, fmt: (id: number) => string): string[] {
  let maxClient = -1
  for (let i = 0; i < pairs.size; i++) if (pairs.firstAt(i) > maxClient) maxClient = pairs.firstAt(i)
  const { start, values } = groupByFirst(pairs, maxClient + 1)
  const byClient = new Map<string, string[]>()
  for (let a = 0; a <= maxClient; a++) {
    if (start[a] === start[a + 1]) continue
    const head = `${fmt(a)}>`
    if (head.indexOf('>') !== head.length - 1) return plainSortedEdges(pairs, fmt)
    let list = byClient.get(head)
    if (list === undefined) {
      list = []
      byClient.set(head, list)
    }
    for (let k = start[a]; k < start[a + 1]; k++) list.push(fmt(values[k]))
  }
  const out: string[] = []
  for (const head of [...byClient.keys()].sort()) {
    const list = (byClient.get(head) ?? []).sort()
    for (let k = 0; k < list.length; k++) if (k === 0 || list[k] !== list[k - 1]) out.push(head + list[k])
  }
  return out
}

function plainSortedEdges(pairs: IdPairSet, fmt: (id: number) => string): string[] {
  const edges = new Set<string>()
  for (let i = 0; i < pairs.size; i++) edges.add(`${fmt(pairs.firstAt(i))}>${fmt(pairs.secondAt(i))}`)
  return [...edges].sort()
}

/**
 * Peer lists as sorted texts. Tens of thousands of peer entries name a few thousand addresses, so the distinct
 * texts are sorted once and each host's peers are ordered by their rank there (equal texts share a rank),
 * which gives what sorting each host's texts as strings gives.
 */
class PeerTexts {
  /** rank[id] + 1 for an id that is somebody's peer (0 otherwise). */
  private readonly rank: Int32Array
  private readonly texts: string[] = []

  constructor(peerIds: Int32Array, fmt: (id: number) => string) {
    let maxId = 0
    for (let i = 0; i < peerIds.length; i++) if (peerIds[i] > maxId) maxId = peerIds[i]
    this.rank = new Int32Array(peerIds.length === 0 ? 0 : maxId + 1)
    const ids: number[] = []
    for (let i = 0; i < peerIds.length; i++) {
      const id = peerIds[i]
      if (this.rank[id] === 0) {
        this.rank[id] = 1
        ids.push(id)
      }
    }
    const byText = ids.map((id) => ({ id, text: fmt(id) })).sort((x, y) => (x.text < y.text ? -1 : x.text > y.text ? 1 : 0))
    for (const { id, text } of byText) {
      if (this.texts.length === 0 || this.texts[this.texts.length - 1] !== text) this.texts.push(text)
      this.rank[id] = this.texts.length
    }
  }

  /** The texts of peerIds[from..to), sorted. */
  sorted(peerIds: Int32Array, from: number, to: number): string[] {
    const ranks = new Float64Array(to - from)
    for (let k = from; k < to; k++) ranks[k - from] = this.rank[peerIds[k]] - 1
    ranks.sort()
    const out: string[] = new Array<string>(ranks.length)
    for (let i = 0; i < ranks.length; i++) out[i] = this.texts[ranks[i]]
    return out
  }
}

/** Service names of keys[from..to), sorted as strings; `names` caches each key's text (hosts share most keys). */
function serviceNames(keys: Int32Array, from: number, to: number, names: Map<number, string>): string[] {
  const out: string[] = new Array<string>(to - from)
  for (let k = from; k < to; k++) {
    let name = names.get(keys[k])
    if (name === undefined) {
      name = serviceName(keys[k])
      names.set(keys[k], name)
    }
    out[k - from] = name
  }
  return out.sort()
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
  // One row per kept host, in ranking order, found through keep[id] - 1 (no Map lookup per flow).
  const hosts = new HostColumns(ranking.order.length)
  const services = new Map<number, ServiceAcc>()
  const serviceServers = new IdPairSet()
  const serviceClients = new IdPairSet()
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
  // Edges as (client id, server id) pairs: no boxed numbers, no string per flow.
  const edges = new IdPairSet()
  const peersCap = BASELINE_LIMITS.peersPerHost
  const portsCap = BASELINE_LIMITS.portsPerHost
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
    const aSlot = aIsHost && a < keep.length ? keep[a] - 1 : -1
    const bSlot = bIsHost && b < keep.length ? keep[b] - 1 : -1
    if (aSlot >= 0) {
      hosts.firstSeen[aSlot] = Math.min(hosts.firstSeen[aSlot], t)
      hosts.addRates(aSlot, w, c.origPkts[id] / ws, c.origBytes[id] / ws, c.respBytes[id] / ws, 1 / ws)
      hosts.bytesOutTotal[aSlot] += c.origBytes[id]
      hosts.bytesInTotal[aSlot] += c.respBytes[id]
      if (outcome !== Outcome.Unknown) hosts.attempts[aSlot]++
      if (outcome === Outcome.Failure) hosts.failures[aSlot]++
      hosts.addScan(aSlot, Math.floor(t / scanWindow), b, key, outcome === Outcome.Failure)
      if (!hosts.addPeer(aSlot, b, peersCap)) hosts.peersTruncated[aSlot] = 1
      if (outcome === Outcome.Success) hosts.addUsed(aSlot, key, portsCap)
    }
    if (bSlot >= 0) {
      hosts.firstSeen[bSlot] = Math.min(hosts.firstSeen[bSlot], t)
      hosts.addRates(bSlot, w, c.respPkts[id] / ws, c.respBytes[id] / ws, c.origBytes[id] / ws, 0)
      hosts.bytesOutTotal[bSlot] += c.respBytes[id]
      hosts.bytesInTotal[bSlot] += c.origBytes[id]
      if (aIsHost && !hosts.addPeer(bSlot, a, peersCap)) hosts.peersTruncated[bSlot] = 1
      if (outcome === Outcome.Success) hosts.addServed(bSlot, key, portsCap)
    }
    if (aIsHost && bIsHost) {
      if (edges.size < BASELINE_LIMITS.edges) edges.add(a, b)
      else if (!edges.has(a, b)) edgesTruncated = true
    }
    if (outcome === Outcome.Success) {
      let s = services.get(key)
      if (s === undefined) {
        s = new ServiceAcc(services.size)
        services.set(key, s)
      }
      s.flows++
      if (s.servers < SERVICE_PEER_CAP && serviceServers.add(s.index, b)) s.servers++
      if (s.clients < SERVICE_PEER_CAP && serviceClients.add(s.index, a)) s.clients++
      if (s.durations.length < SAMPLE_CAP) {
        s.durations.push(c.last[id] - t)
        s.bytes.push(c.origBytes[id] + c.respBytes[id])
        if (Number.isFinite(c.handshakeRtt[id])) s.rtt.push(c.handshakeRtt[id])
      }
    }
  }
  const { first, count } = periodWindows(p, ws)
  const records = hosts.windowRecords()
  const lists = hosts.grouped()
  const peerTexts = new PeerTexts(lists.peers.values, fmt)
  const keyNames = new Map<number, string>()
  const hostList: HostBaseline[] = ranking.order.map((id, k) => {
    hosts.closeScanWindow(k)
    const [packetsOut, bytesOut, bytesIn, flowsOut] = hosts.bands(records.order, records.start[k], records.start[k + 1], first, count)
    const attempts = hosts.attempts[k]
    return {
      addr: fmt(id),
      internal: classes.isInternal(id),
      firstSeen: hosts.firstSeen[k],
      packetsOut,
      bytesOut,
      bytesIn,
      flowsOut,
      fanOut: { hosts: hosts.maxHosts[k], ports: hosts.maxPorts[k], failed: hosts.maxFailed[k] },
      totalBytesOut: hosts.bytesOutTotal[k],
      totalBytesIn: hosts.bytesInTotal[k],
      failedRatio: attempts > 0 ? hosts.failures[k] / attempts : 0,
      peers: peerTexts.sorted(lists.peers.values, lists.peers.start[k], lists.peers.start[k + 1]),
      peersTruncated: hosts.peersTruncated[k] === 1,
      served: serviceNames(lists.served.values, lists.served.start[k], lists.served.start[k + 1], keyNames),
      used: serviceNames(lists.used.values, lists.used.start[k], lists.used.start[k + 1], keyNames),
    }
  })
  const serviceList: ServiceBaseline[] = [...services]
    .sort((x, y) => y[1].flows - x[1].flows || x[0] - y[0])
    .slice(0, BASELINE_LIMITS.services)
    .map(([key, s]) => ({
      key: serviceName(key),
      servers: s.servers,
      clients: s.clients,
      flows: s.flows,
      durations: quantilesOf(s.durations),
      bytes: quantilesOf(s.bytes),
      rtt: quantilesOf(s.rtt),
    }))
  return {
    hosts: hostList,
    services: serviceList,
    edges: sortedEdgeTexts(edges, fmt),
    truncated: { hosts: ranking.seen > BASELINE_LIMITS.hosts, services: services.size > BASELINE_LIMITS.services, edges: edgesTruncated },
  }
}
