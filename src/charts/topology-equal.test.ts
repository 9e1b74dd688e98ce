import { describe, expect, it } from 'vitest'
import { sameTopology, type TopologyContent } from './topology-equal.ts'

const base: TopologyContent = {
  nodes: [
    { id: '10.0.0.1', label: 'gw', group: 'router', weight: 10 },
    { id: 'subnet:10.0.1.0/24', label: '10.0.1.0/24', group: 'client', weight: 5, members: 3, internalWeight: 2 },
  ],
  edges: [{ source: '10.0.0.1', target: 'subnet:10.0.1.0/24', weight: 7 }],
}

/** A deep copy, so equality cannot come from shared objects. */
const copy = (c: TopologyContent): TopologyContent => ({ nodes: c.nodes.map((n) => ({ ...n })), edges: c.edges.map((e) => ({ ...e })) })

describe('sameTopology', () => {
  it('is true for equal content in new objects', () => {
    expect(sameTopology(base, copy(base))).toBe(true)
    const nan: TopologyContent = { nodes: [{ id: 'x', label: 'x', group: 'g', weight: NaN }], edges: [] }
    expect(sameTopology(nan, copy(nan))).toBe(true)
  })

  it('sees every field that changes the picture', () => {
    const changed: ((c: TopologyContent) => TopologyContent)[] = [
      (c) => ({ ...c, nodes: [{ ...c.nodes[0], weight: 11 }, c.nodes[1]] }),
      (c) => ({ ...c, nodes: [{ ...c.nodes[0], label: 'gateway' }, c.nodes[1]] }),
      (c) => ({ ...c, nodes: [{ ...c.nodes[0], group: 'server' }, c.nodes[1]] }),
      (c) => ({ ...c, nodes: [{ ...c.nodes[0], flagged: true }, c.nodes[1]] }),
      (c) => ({ ...c, nodes: [c.nodes[0], { ...c.nodes[1], members: 4 }] }),
      (c) => ({ ...c, nodes: [c.nodes[1], c.nodes[0]] }),
      (c) => ({ ...c, nodes: [c.nodes[0]] }),
      (c) => ({ ...c, edges: [{ ...c.edges[0], weight: 8 }] }),
      (c) => ({ ...c, edges: [{ ...c.edges[0], target: '10.0.0.1' }] }),
      (c) => ({ ...c, edges: [] }),
    ]
    for (const change of changed) expect(sameTopology(base, change(copy(base)))).toBe(false)
  })
})
