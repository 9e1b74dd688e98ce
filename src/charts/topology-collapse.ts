/**
 * Keeps the host graph drawable: past `maxNodes` hosts, hosts are grouped into subnet super-nodes, first by
 * /24 (IPv6: /64), then by /16 (IPv6: /48) if that is still too many, and finally the lightest subnets are
 * pooled into one "other" node. A subnet with one host stays that host. Edges are re-pointed at the groups,
 * summed per pair, and edges inside a group are dropped (they are counted in its `internalWeight`).
 * Pure: no DOM, no D3; the chart and its tests call it directly.
 */

export interface TopologyNode {
  /** Unique id; usually the address, e.g. "10.0.0.5". */
  readonly id: string
  readonly label: string
  /** Colour group: a subnet, or a role such as "server" / "client". */
  readonly group: string
  /** Traffic (packets or bytes): sizes the node. */
  readonly weight: number
  /** The address, when `id` is not one. */
  readonly address?: string
  /** Marked by a detector: drawn with an alert ring. */
  readonly flagged?: boolean
  /** For super-nodes: how many hosts they stand for. */
  readonly members?: number
  /** For super-nodes: traffic between their own members. */
  readonly internalWeight?: number
}

export interface TopologyEdge {
  readonly source: string
  readonly target: string
  readonly weight: number
}

export type CollapseLevel = 'hosts' | '/24' | '/16' | 'top'

export interface CollapsedGraph {
  readonly nodes: readonly TopologyNode[]
  readonly edges: readonly TopologyEdge[]
  readonly level: CollapseLevel
  /** Host id -> the id of the node that shows it (itself when not grouped). */
  readonly memberOf: ReadonlyMap<string, string>
}

/** The id of the pooled node that holds the smallest subnets at level "top". */
export const OTHER_ID = 'subnet:other'

/** The subnet key of an address at a level: "10.1.2.0/24", "10.1.0.0/16", "2001:db8:0:1::/64"; "other" if not IP. */
export function subnetKey(address: string, level: '/24' | '/16'): string {
  const v4 = parseIpv4(address)
  if (v4) return level === '/24' ? `${v4[0]}.${v4[1]}.${v4[2]}.0/24` : `${v4[0]}.${v4[1]}.0.0/16`
  const v6 = parseIpv6(address)
  if (v6) {
    const groups = level === '/24' ? 4 : 3
    return `${v6.slice(0, groups).map((g) => g.toString(16)).join(':')}::/${groups * 16}`
  }
  return 'other'
}

/** Groups nodes into subnets until at most `maxNodes` remain (see the file comment). */
export function collapseBySubnet(nodes: readonly TopologyNode[], edges: readonly TopologyEdge[], maxNodes: number): CollapsedGraph {
  const cap = Math.max(1, Math.floor(Number.isFinite(maxNodes) ? maxNodes : 1))
  const unique = dedupe(nodes)
  if (unique.length <= cap) {
    const memberOf = new Map(unique.map((n) => [n.id, n.id]))
    return { nodes: unique, edges: mergeEdges(edges, memberOf), level: 'hosts', memberOf }
  }
  let level: CollapseLevel = '/24'
  let groups = groupBy(unique, (n) => subnetKey(n.address ?? n.id, '/24'))
  if (groups.size > cap) {
    level = '/16'
    groups = groupBy(unique, (n) => subnetKey(n.address ?? n.id, '/16'))
  }
  let entries = [...groups]
  if (entries.length > cap) {
    level = 'top'
    // Keep the heaviest cap-1 subnets; pool the rest (ties broken by key, so the result is deterministic).
    // Non-IP hosts (key "other") always go to the pool, so there is only one "other" node.
    const ranked = entries.filter(([k]) => k !== 'other')
    ranked.sort((a, b) => totalWeight(b[1]) - totalWeight(a[1]) || (a[0] < b[0] ? -1 : 1))
    const pooled = [...ranked.slice(cap - 1), ...entries.filter(([k]) => k === 'other')].flatMap(([, members]) => members)
    entries = ranked.slice(0, cap - 1)
    if (pooled.length > 0) entries.push(['other', pooled])
  }
  const memberOf = new Map<string, string>()
  const out: TopologyNode[] = []
  for (const [key, members] of entries) {
    if (members.length === 1) {
      out.push(members[0])
      memberOf.set(members[0].id, members[0].id)
      continue
    }
    const id = key === 'other' ? OTHER_ID : `subnet:${key}`
    const groupsSeen = new Set(members.map((m) => m.group))
    out.push({
      id,
      label: `${key === 'other' ? 'other hosts' : key} (${members.length} hosts)`,
      group: groupsSeen.size === 1 ? members[0].group : 'mixed',
      weight: totalWeight(members),
      flagged: members.some((m) => m.flagged === true),
      members: members.length,
      internalWeight: 0,
    })
    for (const m of members) memberOf.set(m.id, id)
  }
  const merged = mergeEdges(edges, memberOf)
  const internal = new Map<string, number>()
  for (const e of edges) {
    const a = memberOf.get(e.source)
    if (a !== undefined && a === memberOf.get(e.target) && a !== e.source) internal.set(a, (internal.get(a) ?? 0) + weightOf(e.weight))
  }
  const nodesOut = out.map((n) => (internal.has(n.id) ? { ...n, internalWeight: internal.get(n.id) } : n))
  return { nodes: nodesOut, edges: merged, level, memberOf }
}

function weightOf(w: number): number {
  return Number.isFinite(w) && w > 0 ? w : 0
}

function totalWeight(nodes: readonly TopologyNode[]): number {
  let s = 0
  for (const n of nodes) s += weightOf(n.weight)
  return s
}

function dedupe(nodes: readonly TopologyNode[]): TopologyNode[] {
  const seen = new Set<string>()
  return nodes.filter((n) => (seen.has(n.id) ? false : (seen.add(n.id), true)))
}

function groupBy(nodes: readonly TopologyNode[], key: (n: TopologyNode) => string): Map<string, TopologyNode[]> {
  const groups = new Map<string, TopologyNode[]>()
  for (const n of nodes) {
    const k = key(n)
    const list = groups.get(k)
    if (list) list.push(n)
    else groups.set(k, [n])
  }
  return groups
}

/** Re-points edges through memberOf, drops self-loops and unknown endpoints, sums weights per unordered pair. */
function mergeEdges(edges: readonly TopologyEdge[], memberOf: ReadonlyMap<string, string>): TopologyEdge[] {
  const sums = new Map<string, { source: string; target: string; weight: number }>()
  for (const e of edges) {
    const a = memberOf.get(e.source)
    const b = memberOf.get(e.target)
    if (a === undefined || b === undefined || a === b) continue
    const [s, t] = a < b ? [a, b] : [b, a]
    const key = `${s}\u0000${t}`
    const found = sums.get(key)
    if (found) found.weight += weightOf(e.weight)
    else sums.set(key, { source: s, target: t, weight: weightOf(e.weight) })
  }
  return [...sums.values()]
}

function parseIpv4(s: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s)
  if (!m) return null
  const parts = m.slice(1).map(Number)
  return parts.every((p) => p <= 255) ? parts : null
}

/** The eight 16-bit groups of an IPv6 address (with "::" and a trailing dotted IPv4 part), or null. */
function parseIpv6(s: string): number[] | null {
  if (s.length > 64 || !/^[0-9a-f:.]+$/i.test(s)) return null
  let text = s
  const dotted = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text)
  if (dotted) {
    const v4 = parseIpv4(dotted[1])
    if (!v4) return null
    text = `${text.slice(0, dotted.index + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return null
  const part = (h: string): string[] => (h === '' ? [] : h.split(':'))
  const head = part(halves[0])
  const tail = halves.length === 2 ? part(halves[1]) : []
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null
  return all.map((g) => parseInt(g, 16))
}
