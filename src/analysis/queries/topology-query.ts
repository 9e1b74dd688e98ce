/**
 * The host graph for the topology view and the replay: hosts of IP flows as nodes (weight: bytes, group: role
 * or /24 subnet), host pairs as edges (weight: bytes both ways), optionally only the traffic inside a time
 * range (flows spread evenly over their lifetime, time-spread.ts). Past `maxNodes` hosts the graph is grouped
 * into subnets here, in the worker (charts/topology-collapse.ts), so the page receives a graph it can draw at
 * any capture size; `focus` opens one group: its hosts are shown and everything else becomes one node.
 */
import { collapseBySubnet, subnetKey, type CollapseLevel, type TopologyEdge, type TopologyNode } from '../../charts/topology-collapse.ts'
import { cached, exploreData, type ExploreInput } from './explore-source.ts'
import type { ExploreData } from './explore-types.ts'
import type { TimeRange } from './flows-page.ts'
import { buildHostTable, roleName, type HostTable } from './host-table.ts'
import { overlapFraction } from './time-spread.ts'

export interface TopologyParams {
  /** Most nodes returned (default 300, 10..2000). */
  readonly maxNodes?: number
  /** Most edges returned, heaviest first (default 3000). */
  readonly maxEdges?: number
  /** Only traffic inside this range (null: the whole capture). */
  readonly range?: TimeRange | null
  readonly colorBy?: 'role' | 'subnet'
  /** A group node id ("subnet:10.1.0.0/16", "subnet:other") to open. */
  readonly focus?: string | null
  /** Keep hosts without traffic in the range (replay: the picture keeps its shape while the playhead moves). */
  readonly allHosts?: boolean
}

export interface TopologyResult {
  readonly nodes: readonly TopologyNode[]
  readonly edges: readonly TopologyEdge[]
  /** Hosts before grouping. */
  readonly hosts: number
  readonly level: CollapseLevel
  /** The group opened (params.focus), when it exists. */
  readonly focus: string | null
  /** Hosts per role (for the legend). */
  readonly roles: Readonly<Record<string, number>>
  readonly edgesDropped: number
}

const OUTSIDE_ID = 'outside'

export interface HostGraph {
  readonly weight: Float64Array
  readonly edges: Map<number, number>
  readonly active: Uint8Array
}

/** Bytes per host and per host pair (key a * count + b, a < b), within `range` when given. */
export function hostGraph(data: ExploreData, hosts: HostTable, range: TimeRange | null): HostGraph {
  const f = data.flows
  const n = hosts.count
  const weight = new Float64Array(n)
  const active = new Uint8Array(n)
  const edges = new Map<number, number>()
  for (let id = 0; id < f.count; id++) {
    if (f.kind[id] !== 0) continue
    const share = range === null ? 1 : overlapFraction(f.first[id], f.last[id], range.start, range.end)
    if (share <= 0) continue
    const a = hosts.rowOf[f.origAddr[id]]
    const b = hosts.rowOf[f.respAddr[id]]
    if (a < 0 || b < 0) continue
    const bytes = (f.origBytes[id] + f.respBytes[id]) * share
    weight[a] += bytes
    weight[b] += bytes
    active[a] = 1
    active[b] = 1
    if (a === b) continue
    const key = a < b ? a * n + b : b * n + a
    edges.set(key, (edges.get(key) ?? 0) + bytes)
  }
  return { weight, edges, active }
}

function clampInt(x: unknown, lo: number, hi: number, fallback: number): number {
  return typeof x === 'number' && Number.isFinite(x) ? Math.min(hi, Math.max(lo, Math.floor(x))) : fallback
}

export function topologyQuery(input: ExploreInput, params: TopologyParams = {}): TopologyResult {
  const data = exploreData(input)
  const hosts = cached(input, data, 'hosts', () => buildHostTable(data))
  const range = params.range ?? null
  const graph = range === null ? cached(input, data, 'host-graph', () => hostGraph(data, hosts, null)) : hostGraph(data, hosts, range)
  return graphResult(data, hosts, graph, params).result
}

/** Nodes and edges from a host graph, grouped as the params say; memberOf maps each host to the node showing it. */
export function graphResult(data: ExploreData, hosts: HostTable, graph: HostGraph, params: TopologyParams): { result: TopologyResult; memberOf: ReadonlyMap<string, string> } {
  const maxNodes = clampInt(params.maxNodes, 10, 2000, 300)
  const maxEdges = clampInt(params.maxEdges, 0, 20000, 3000)
  const bySubnet = params.colorBy === 'subnet'
  const nodes: TopologyNode[] = []
  const idOf: string[] = new Array<string>(hosts.count)
  const roles: Record<string, number> = {}
  for (let r = 0; r < hosts.count; r++) {
    const address = data.addresses.text(hosts.addr[r])
    idOf[r] = address
    if (!graph.active[r] && params.allHosts !== true) continue
    const role = roleName(hosts.role[r])
    roles[role] = (roles[role] ?? 0) + 1
    const name = hosts.names.get(hosts.addr[r])
    nodes.push({ id: address, address, label: name === undefined ? address : `${name} (${address})`, group: bySubnet ? subnetKey(address, '/24') : role, weight: graph.weight[r] })
  }
  const n = hosts.count
  const edges: TopologyEdge[] = []
  for (const [key, weight] of graph.edges) edges.push({ source: idOf[Math.floor(key / n)], target: idOf[key % n], weight })
  let focus: string | null = null
  let members: Set<string> | null = null
  let graphNodes: readonly TopologyNode[] = nodes
  let graphEdges: readonly TopologyEdge[] = edges
  if (params.focus && nodes.length > maxNodes) {
    const grouped = collapseBySubnet(nodes, edges, maxNodes)
    const inFocus = new Set<string>()
    for (const [host, group] of grouped.memberOf) if (group === params.focus) inFocus.add(host)
    if (inFocus.size > 0) {
      members = inFocus
      focus = params.focus
      const outside = nodes.filter((x) => !inFocus.has(x.id))
      const inside = nodes.filter((x) => inFocus.has(x.id))
      const outsideWeight = outside.reduce((s, x) => s + x.weight, 0)
      graphNodes = outside.length === 0 ? inside : [...inside, { id: OUTSIDE_ID, label: `outside ${params.focus.replace(/^subnet:/, '')} (${outside.length} hosts)`, group: 'outside', weight: outsideWeight, members: outside.length }]
      graphEdges = edges.map((e) => ({ source: inFocus.has(e.source) ? e.source : OUTSIDE_ID, target: inFocus.has(e.target) ? e.target : OUTSIDE_ID, weight: e.weight }))
        .filter((e) => e.source !== e.target)
    }
  }
  const collapsed = collapseBySubnet(graphNodes, graphEdges, maxNodes)
  const sorted = [...collapsed.edges].sort((a, b) => b.weight - a.weight)
  const memberOf = new Map<string, string>()
  for (const node of nodes) {
    const shown = members === null || members.has(node.id) ? node.id : OUTSIDE_ID
    memberOf.set(node.id, collapsed.memberOf.get(shown) ?? shown)
  }
  const result = { nodes: collapsed.nodes, edges: sorted.slice(0, maxEdges), hosts: nodes.length, level: collapsed.level, focus, roles, edgesDropped: Math.max(0, sorted.length - maxEdges) }
  return { result, memberOf }
}
