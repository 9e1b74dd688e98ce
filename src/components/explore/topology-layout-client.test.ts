// @vitest-environment jsdom
import { randomLcg } from 'd3'
import { describe, expect, it } from 'vitest'
import { createSvg } from '../../charts/svg-snapshot.ts'
import { layoutTopology, renderTopology, type TopologyData, type TopologyEdge, type TopologyNode } from '../../charts/topology.ts'
import { layoutOffThread } from './topology-layout-client.ts'

/** n seeded hosts, the first 10 servers, each client talking to two of them. */
function network(n: number, seed: number): TopologyData {
  const random = randomLcg(seed)
  const nodes: TopologyNode[] = []
  const edges: TopologyEdge[] = []
  for (let i = 0; i < n; i++) {
    const id = `10.0.${i >> 8}.${i & 255}`
    nodes.push({ id, label: id, group: i < 10 ? 'server' : 'client', weight: 1 + Math.floor(random() * 1e5) })
    if (i >= 10) for (let k = 0; k < 2; k++) edges.push({ source: id, target: `10.0.0.${Math.floor(random() * 10)}`, weight: 1 + Math.floor(random() * 100) })
  }
  return { nodes, edges }
}

/** Node id -> transform attribute, as drawn. */
function transforms(svg: SVGSVGElement): Map<string, string> {
  const out = new Map<string, string>()
  for (const g of svg.querySelectorAll('g.node')) out.set(g.getAttribute('aria-label') ?? '', g.getAttribute('transform') ?? '')
  return out
}

const SIZE = { width: 600, height: 400, maxNodes: 300 }

describe('topology layout off the page thread', () => {
  it('answers with the positions layoutTopology gives (computed here when there is no Worker)', async () => {
    const data = network(80, 3)
    const positions = await layoutOffThread({ data, ...SIZE })
    const expected = layoutTopology(data, SIZE)
    expect(positions.size).toBe(80)
    expect([...positions]).toEqual([...expected])
  })

  it('drawing with given positions gives the same picture as laying out while drawing', () => {
    const data = network(60, 7)
    const inPlace = createSvg()
    renderTopology(inPlace, data, { label: 't', ...SIZE })
    const given = createSvg()
    renderTopology(given, data, { label: 't', ...SIZE, positions: layoutTopology(data, SIZE) })
    const a = transforms(inPlace)
    expect(a.size).toBe(60)
    expect(transforms(given)).toEqual(a)
  })

  it('an update with positions computed from positions() matches an update laid out in place', () => {
    const first = network(40, 11)
    const next = network(55, 11) // the same 40 hosts (same seed) and 15 new ones
    const inPlace = createSvg()
    const a = renderTopology(inPlace, first, { label: 't', ...SIZE })
    a.update(next)
    const given = createSvg()
    const b = renderTopology(given, first, { label: 't', ...SIZE, positions: layoutTopology(first, SIZE) })
    const before = new Map(b.positions())
    b.update(next, layoutTopology(next, { ...SIZE, previous: b.positions() }))
    expect(transforms(inPlace).size).toBe(55)
    expect(transforms(given)).toEqual(transforms(inPlace))
    // Known hosts stay where they were; the new ones get a place.
    for (const [id, p] of before) expect(b.positions().get(id)).toEqual(p)
  })
})
