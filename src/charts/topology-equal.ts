/**
 * Whether two topology answers would draw the same picture: same nodes (id, label, group, weight, flags,
 * grouping) and same edges, in the same order. While a file is read the topology query is answered again on
 * every progress step, often with nothing new; comparing a few thousand fields costs well under a
 * millisecond, where a layout round trip and a redraw cost tens.
 */
import type { TopologyEdge, TopologyNode } from './topology-collapse.ts'

export interface TopologyContent {
  readonly nodes: readonly TopologyNode[]
  readonly edges: readonly TopologyEdge[]
}

function sameNode(a: TopologyNode, b: TopologyNode): boolean {
  return a.id === b.id && a.label === b.label && a.group === b.group && Object.is(a.weight, b.weight) && a.address === b.address
    && a.flagged === b.flagged && a.members === b.members && Object.is(a.internalWeight, b.internalWeight)
}

function sameEdge(a: TopologyEdge, b: TopologyEdge): boolean {
  return a.source === b.source && a.target === b.target && Object.is(a.weight, b.weight)
}

/** True when `a` and `b` hold equal nodes and edges (a loop over both lists; no allocation). */
export function sameTopology(a: TopologyContent, b: TopologyContent): boolean {
  if (a === b) return true
  if (a.nodes.length !== b.nodes.length || a.edges.length !== b.edges.length) return false
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i]
    const y = b.nodes[i]
    if (x === undefined || y === undefined || !sameNode(x, y)) return false
  }
  for (let i = 0; i < a.edges.length; i++) {
    const x = a.edges[i]
    const y = b.edges[i]
    if (x === undefined || y === undefined || !sameEdge(x, y)) return false
  }
  return true
}
