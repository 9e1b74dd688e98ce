/**
 * Force-directed positions for the host graph, computed off-screen: the d3-force simulation is stopped and
 * ticked a fixed number of times, then the chart draws once. Nothing animates, so a big graph costs one
 * predictable burst of work instead of a busy page, and the same input and seed give the same picture.
 * On an update (most nodes already have a position from the previous render) the known nodes are pinned and
 * only the new ones are simulated, starting next to their placed neighbours: during replay the picture stays
 * put and new hosts find a place, instead of the whole graph re-settling (a star-shaped graph can rotate freely,
 * so even a gentle re-run moves every node).
 */
import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, randomLcg, type SimulationNodeDatum } from 'd3'

export interface LayoutNode {
  readonly id: string
  /** Drawn radius in pixels (keeps circles from overlapping). */
  readonly radius: number
}

export interface LayoutEdge {
  readonly source: string
  readonly target: string
}

export interface LayoutOptions {
  readonly width: number
  readonly height: number
  /** Ticks for a fresh layout; default 300, fewer for big graphs (see defaultTicks). */
  readonly ticks?: number
  /** Ticks when most nodes have a previous position (default 40). */
  readonly warmTicks?: number
  readonly seed?: number
  readonly previous?: ReadonlyMap<string, Point>
}

export interface Point {
  x: number
  y: number
}

interface SimNode extends SimulationNodeDatum {
  id: string
  radius: number
}

/** About 150k node-ticks: ~300 ticks up to 500 nodes, down to 30 for 5,000. */
export function defaultTicks(nodeCount: number): number {
  return Math.max(30, Math.min(300, Math.floor(150_000 / Math.max(1, nodeCount))))
}

/** Runs the simulation to rest (or the tick budget) and returns a position per node id. */
export function layoutGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], options: LayoutOptions): Map<string, Point> {
  const { width, height } = options
  const previous = options.previous
  const sim: SimNode[] = nodes.map((n) => {
    const p = previous?.get(n.id)
    return p && Number.isFinite(p.x) && Number.isFinite(p.y) ? { id: n.id, radius: n.radius, x: p.x, y: p.y } : { id: n.id, radius: n.radius }
  })
  const known = new Set(sim.map((n) => n.id))
  const links = edges.filter((e) => known.has(e.source) && known.has(e.target) && e.source !== e.target)
    .map((e) => ({ source: e.source, target: e.target }))
  const placed = sim.filter((n) => n.x !== undefined).length
  const warm = sim.length > 0 && placed >= sim.length / 2
  if (warm) placeNewNodes(sim, links, options.seed ?? 1)
  const simulation = forceSimulation<SimNode>(sim)
    .randomSource(randomLcg(options.seed ?? 1))
    .force('link', forceLink<SimNode, { source: string | SimNode; target: string | SimNode }>(links).id((d) => d.id).distance(40))
    .force('charge', forceManyBody<SimNode>().strength(-60).theta(0.9).distanceMax(Math.max(width, height)))
    .force('collide', forceCollide<SimNode>((d) => d.radius + 2))
    // Weak pulls to the centre keep disconnected hosts on screen instead of drifting away.
    .force('x', forceX<SimNode>(width / 2).strength(0.04))
    .force('y', forceY<SimNode>(height / 2).strength(0.04))
    .stop()
  // Re-centring would shift pinned nodes' neighbours away from them; only a fresh layout is centred.
  if (!warm) simulation.force('center', forceCenter(width / 2, height / 2))
  if (warm) simulation.alpha(0.5)
  const ticks = warm ? (placed === sim.length ? 0 : (options.warmTicks ?? 40)) : (options.ticks ?? defaultTicks(sim.length))
  for (let i = 0; i < Math.max(0, Math.min(1000, ticks)); i++) simulation.tick()
  const out = new Map<string, Point>()
  for (const n of sim) out.set(n.id, { x: n.x ?? width / 2, y: n.y ?? height / 2 })
  return out
}

/** Pins the nodes that have a position, and starts each new one beside the mean of its placed neighbours. */
function placeNewNodes(sim: SimNode[], links: readonly { source: string; target: string }[], seed: number): void {
  const byId = new Map(sim.map((n) => [n.id, n]))
  const sums = new Map<string, { x: number; y: number; n: number }>()
  for (const l of links) {
    for (const [a, b] of [[l.source, l.target], [l.target, l.source]]) {
      const other = byId.get(b)
      if (other?.x === undefined || other.y === undefined || byId.get(a)?.x !== undefined) continue
      const s = sums.get(a) ?? { x: 0, y: 0, n: 0 }
      s.x += other.x
      s.y += other.y
      s.n++
      sums.set(a, s)
    }
  }
  const random = randomLcg(seed)
  for (const n of sim) {
    if (n.x !== undefined) {
      n.fx = n.x
      n.fy = n.y
      continue
    }
    const s = sums.get(n.id)
    if (s) {
      n.x = s.x / s.n + (random() - 0.5) * 20
      n.y = s.y / s.n + (random() - 0.5) * 20
    }
  }
}
