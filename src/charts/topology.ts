/**
 * The host graph: hosts as circles sized by traffic and coloured by group, edges as lines as thick as their
 * traffic, laid out once off-screen (topology-layout.ts), with zoom/pan, drag, click and keyboard access.
 * Big graphs stay interactive because (1) past `maxNodes` hosts are grouped into subnet super-nodes
 * (topology-collapse.ts), (2) only the heaviest `maxEdges` edges are drawn, and (3) with a `canvas` given and
 * more than `canvasThreshold` nodes, nodes and edges are painted on the canvas (topology-canvas.ts).
 * Redraws while a file is read stay short: elements are kept by id and only changed attributes are written
 * (topology-dom.ts), lines are joined by their ends and, with `linesPerFrame`, a slice per frame
 * (topology-lines.ts), new nodes likewise with `nodesPerFrame` (topology-nodes.ts), and positions computed
 * elsewhere are taken as they are.
 */
import { drag, quadtree, zoom, zoomIdentity, type ZoomTransform } from 'd3'
import { beginChart, clampSize, maxOf, onActivateKey, safeText, shorten, type ChartHandle } from './chart-frame.ts'
import { groupColors, cssVar, resolveColor } from './palette.ts'
import { drawScene, sizeCanvas, type SceneEdge, type SceneNode } from './topology-canvas.ts'
import { collapseBySubnet, type CollapsedGraph, type TopologyEdge, type TopologyNode } from './topology-collapse.ts'
import { roundWidth, sameSet, setAttr, setText } from './topology-dom.ts'
import { describeNode, groupDigits, safeWeight } from './topology-text.ts'
import { layoutGraph, type Point } from './topology-layout.ts'
import { createEdgeLines, type EdgeStyle } from './topology-lines.ts'
import { createNodeMarks, type NodeStyle } from './topology-nodes.ts'

export type { TopologyEdge, TopologyNode } from './topology-collapse.ts'

export interface TopologyData {
  readonly nodes: readonly TopologyNode[]
  readonly edges: readonly TopologyEdge[]
}

export interface TopologyOptions {
  readonly label: string
  readonly description?: string
  readonly width?: number
  readonly height?: number
  /** Group into subnets beyond this many hosts (default 300). */
  readonly maxNodes?: number
  /** Draw only the heaviest edges (default 2,000). */
  readonly maxEdges?: number
  readonly ticks?: number
  readonly seed?: number
  /** A canvas of the same size laid under the svg; used when there are more than `canvasThreshold` nodes. */
  readonly canvas?: HTMLCanvasElement | null
  readonly canvasThreshold?: number
  /** The heaviest nodes get a text label (default 25). */
  readonly labelCount?: number
  /**
   * Join at most this many lines per animation frame (default: all at once). For redraws while a file is
   * read: when the grouping changes, every line is new, and 2,000 of them in one task blocked the page.
   * The first draw is then spread over frames too: nodes at once, lines from the next frame on, labels after
   * the last line (all at once, a 300-node first answer was one task of about 55 ms, most of it the browser's
   * style and layout of the new elements); an update's lines also start in the frame after its nodes.
   */
  readonly linesPerFrame?: number
  /**
   * With `linesPerFrame`: make at most this many new nodes per animation frame (default: all in the draw's
   * task), starting in the draw's task for an update and in the next frame for a first draw; the lines start
   * after the last of them.
   */
  readonly nodesPerFrame?: number
  /** A node was clicked or activated: its id (a host id or a "subnet:..." id). */
  readonly onNodeClick?: (id: string) => void
  /**
   * Positions already computed for the first draw (by layoutTopology, e.g. in a worker, so the page's thread
   * never runs the simulation); nodes without one are laid out here.
   */
  readonly positions?: ReadonlyMap<string, Point>
}

export interface TopologyHandle extends ChartHandle {
  /** Emphasises these hosts (or their super-nodes) and dims the rest; [] clears. */
  highlight(ids: readonly string[]): void
  /**
   * Redraws with new data, starting from the current positions (cheap enough to call as a playhead moves), or
   * from `positions` when given (layoutTopology's answer for this data, computed elsewhere from positions()).
   */
  update(data: TopologyData, positions?: ReadonlyMap<string, Point>): void
  /** Where each drawn node is now (what update() starts from; drags included). */
  positions(): ReadonlyMap<string, Point>
  /** The graph as drawn: nodes after grouping, and which node shows each host. */
  graph(): CollapsedGraph
  /** Resolves once the latest draw is complete on screen (at once unless it is spread over frames). */
  settled(): Promise<void>
}

const fmt = groupDigits

/** The drawn graph (grouped past maxNodes) and each node's radius: what the layout and the drawing share. */
export function topologyShape(data: TopologyData, maxNodes: number): { graph: CollapsedGraph; radius: Map<string, number> } {
  const graph = collapseBySubnet(data.nodes, data.edges, maxNodes)
  const maxWeight = maxOf(graph.nodes, (n) => n.weight, 1e-9)
  const radius = new Map(graph.nodes.map((n) => [n.id, 3 + 15 * Math.sqrt(safeWeight(n.weight) / maxWeight)]))
  return { graph, radius }
}

/**
 * The positions renderTopology would compute for `data`: a fresh layout, or (with `previous`, the chart's
 * positions()) the known nodes kept and new ones placed. Pure and DOM-free, so it can run in a worker.
 */
export function layoutTopology(data: TopologyData, options: { readonly width: number; readonly height: number; readonly maxNodes?: number; readonly seed?: number; readonly ticks?: number; readonly previous?: ReadonlyMap<string, Point> }): Map<string, Point> {
  const width = clampSize(options.width, 720, 120)
  const height = clampSize(options.height, 480, 120)
  const { graph, radius } = topologyShape(data, clampSize(options.maxNodes, 300, 1, 100_000))
  return layoutGraph(graph.nodes.map((n) => ({ id: n.id, radius: radius.get(n.id) ?? 3 })), graph.edges, {
    width, height, seed: options.seed, ticks: options.ticks, previous: options.previous,
  })
}

/** Renders the graph into `svg`. */
export function renderTopology(svg: SVGSVGElement, data: TopologyData, options: TopologyOptions): TopologyHandle {
  const width = clampSize(options.width, 720, 120)
  const height = clampSize(options.height, 480, 120)
  const root = beginChart(svg, { label: options.label, description: options.description, width, height, interactive: true })
  const maxNodes = clampSize(options.maxNodes, 300, 1, 100_000)
  const maxEdges = clampSize(options.maxEdges, 2000, 0, 200_000)
  const onNodeClick = options.onNodeClick
  const note = root.append('text').attr('class', 'note').attr('x', 6).attr('y', height - 6).attr('fill', cssVar('muted'))
  root.append('rect').attr('class', 'zoom-capture').attr('width', width).attr('height', height)
    .attr('fill', 'none').attr('pointer-events', 'all')
  const viewport = root.append('g').attr('class', 'viewport')
  const edgeLayer = viewport.append('g').attr('class', 'edges').attr('stroke', cssVar('muted')).attr('stroke-opacity', 0.5)
  const nodeLayer = viewport.append('g').attr('class', 'nodes')
  const labelLayer = viewport.append('g').attr('class', 'labels').attr('text-anchor', 'middle').attr('pointer-events', 'none')
  const edgeLayerEl = edgeLayer.node()
  const lines = edgeLayerEl ? createEdgeLines(edgeLayerEl) : null

  let graph: CollapsedGraph = collapseBySubnet([], [], 1)
  let positions = new Map<string, Point>()
  let radius = new Map<string, number>()
  let highlighted = new Set<string>()
  let view: ZoomTransform = zoomIdentity
  let canvasMode = false
  const ratio = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1
  const ctx = options.canvas ? safeContext(options.canvas) : null
  if (options.canvas && ctx) sizeCanvas(options.canvas, width, height, ratio)

  const zoomer = zoom<SVGSVGElement, unknown>().extent([[0, 0], [width, height]]).scaleExtent([0.05, 12]).on('zoom', (event: { transform: ZoomTransform }) => {
    view = event.transform
    viewport.attr('transform', view.toString())
    placeLabels()
    if (canvasMode) paintCanvas()
  })
  root.call(zoomer).on('dblclick.zoom', null)
  root.on('keydown.chart', (event: KeyboardEvent) => {
    const k = event.key === '+' || event.key === '=' ? 1.25 : event.key === '-' ? 0.8 : 0
    if (k) root.call(zoomer.scaleBy, k)
    else if (event.key === '0') fit()
  })
  root.on('click.chart', (event: MouseEvent) => {
    if (!canvasMode || !onNodeClick) return
    const box = svg.getBoundingClientRect()
    const [x, y] = view.invert([event.clientX - box.left, event.clientY - box.top])
    const tree = quadtree<TopologyNode>().x((n) => pos(n.id).x).y((n) => pos(n.id).y).addAll([...graph.nodes])
    const hit = tree.find(x, y, 24 / view.k)
    if (hit && Math.hypot(pos(hit.id).x - x, pos(hit.id).y - y) <= (radius.get(hit.id) ?? 4) + 3 / view.k) onNodeClick(hit.id)
  })

  const pos = (id: string): Point => positions.get(id) ?? { x: width / 2, y: height / 2 }
  const isDim = (id: string): boolean => highlighted.size > 0 && !highlighted.has(id)
  let shown: TopologyEdge[] = []
  let colors = new Map<string, string>()
  let edgeWidth = (_e: TopologyEdge): number => 1
  const edgeStyle: EdgeStyle = { pos, width: (e) => edgeWidth(e), dimmed: (e) => isDim(e.source) && isDim(e.target) }

  function draw(data: TopologyData, fresh: boolean, given?: ReadonlyMap<string, Point>): void {
    const shape = topologyShape(data, maxNodes)
    graph = shape.graph
    radius = shape.radius
    // Given positions for every node are the answer as is (what a zero-tick layout run would return).
    positions = givenForAll(graph.nodes, given) ?? layoutGraph(graph.nodes.map((n) => ({ id: n.id, radius: radius.get(n.id) ?? 3 })), graph.edges, {
      width, height, seed: options.seed, ticks: options.ticks, previous: given ?? (fresh ? undefined : positions),
    })
    shown = [...graph.edges].sort((a, b) => safeWeight(b.weight) - safeWeight(a.weight)).slice(0, maxEdges)
    const maxEdge = maxOf(shown, (e) => e.weight, 1e-9)
    edgeWidth = (e) => roundWidth(0.5 + 3.5 * Math.sqrt(safeWeight(e.weight) / maxEdge))
    colors = groupColors(graph.nodes.map((n) => n.group))
    canvasMode = ctx !== null && graph.nodes.length > clampSize(options.canvasThreshold, 1000, 0, 1e6)
    const hosts = graph.nodes.reduce((sum, n) => sum + (n.members ?? 1), 0)
    const noteText = graph.level === 'hosts' ? `${fmt(hosts)} hosts` : `${fmt(hosts)} hosts grouped ${graph.level === 'top'
      ? 'by /16, smallest pooled,' : `by ${graph.level}`} into ${fmt(graph.nodes.length)} nodes`
    const noteEl = note.node()
    if (noteEl) setText(noteEl, noteText)
    drawSvg(fresh)
    const fitted = fresh && fit() // fitting zooms, and the zoom handler paints the canvas
    if (canvasMode && !fitted) paintCanvas()
  }

  /** Drags a node with its lines and label; bound once, when the node's element is created. */
  const dragNode = drag<SVGGElement, TopologyNode>().subject((_e, n) => pos(n.id)).on('drag', function (event: { x: number; y: number }, n) {
    positions.set(n.id, { x: event.x, y: event.y })
    placeOne(this, n.id)
  })

  const nodeLayerEl = nodeLayer.node()
  const marks = nodeLayerEl ? createNodeMarks(nodeLayerEl, (made) => {
    made.attr('tabindex', 0).attr('role', 'button')
    if (onNodeClick) {
      made.style('cursor', 'pointer').on('click.chart', (_e, n) => onNodeClick(n.id))
        .on('keydown.chart', (event: KeyboardEvent, n) => onActivateKey(event, () => onNodeClick(n.id)))
    }
    made.call(dragNode)
  }) : null
  const nodeLook: NodeStyle = {
    style(g, n) {
      const text = describeNode(n)
      setAttr(g, 'aria-label', text)
      const circle = g.firstElementChild
      if (circle) {
        setAttr(circle, 'r', String(radius.get(n.id) ?? 3))
        setAttr(circle, 'fill', colors.get(n.group) ?? '#999999')
      }
      const title = g.lastElementChild
      if (title) setText(title, text)
    },
    place: (g, n) => placeNode(g, n, cssVar('accent'), cssVar('alert'), cssVar('bg')),
  }
  /** Callers of settled() waiting for the frames of the latest draw. */
  let waiting: (() => void)[] = []
  let drawing = false
  function settle(): void {
    drawing = false
    const now = waiting
    waiting = []
    for (const resolve of now) resolve()
  }

  /**
   * Joins nodes, edges and labels by id (only labels in canvas mode), then places them. Listeners are bound
   * once per element, and every write is skipped when the value is already there (topology-dom.ts), so an
   * update restyles only what changed.
   */
  function drawSvg(fresh: boolean): void {
    // In frames: this task restyles the kept nodes and makes the first new ones (a first draw starts them in the
    // next frame: this task already grouped the graph and set the chart up), the other new nodes follow a slice
    // per frame, lines start the frame after the last node (an update's first slice of lines in the nodes' task
    // made it one of the longest of a read), and a first draw's labels follow the last line.
    const framed = !canvasMode && lines !== null && options.linesPerFrame !== undefined && typeof requestAnimationFrame === 'function'
    const staged = fresh && framed
    drawing = framed
    const joinLines = (): void => {
      if (framed) lines.join(shown, edgeStyle, options.linesPerFrame, { fromNextFrame: true, onDone: staged ? () => { drawLabels(); settle() } : settle })
      else lines?.join(canvasMode ? [] : shown, edgeStyle, options.linesPerFrame)
    }
    if (marks) marks.join(canvasMode ? [] : graph.nodes, nodeLook, framed ? options.nodesPerFrame : undefined, { onDone: joinLines, fromNextFrame: staged })
    else joinLines()
    if (!staged) drawLabels()
    if (!drawing) settle()
  }

  /** The heaviest nodes' text labels (and, in canvas mode, their keyboard access), placed. */
  function drawLabels(): void {
    const top = [...graph.nodes].sort((a, b) => safeWeight(b.weight) - safeWeight(a.weight))
      .slice(0, clampSize(options.labelCount, 25, 0, 500))
    const labels = labelLayer.selectAll<SVGTextElement, TopologyNode>('text').data(top, (n) => n.id).join('text')
    // On the canvas the nodes are pixels; the labelled (heaviest) ones stay reachable from the keyboard.
    const keyed = canvasMode && onNodeClick !== undefined
    labels.each(function (n) {
      setAttr(this, 'fill', 'currentColor')
      setText(this, shorten(safeText(n.label), 28))
      setAttr(this, 'tabindex', keyed ? '0' : null)
      setAttr(this, 'role', keyed ? 'button' : null)
      setAttr(this, 'aria-label', keyed ? describeNode(n) : null)
    })
    if (keyed) labels.on('keydown.chart', (event: KeyboardEvent, n) => onActivateKey(event, () => onNodeClick?.(n.id)))
    else labels.on('keydown.chart', null)
    placeLabels()
  }

  /** Positions and highlight state only: what highlight() changes. */
  function place(): void {
    lines?.place(edgeStyle)
    placeNodes()
  }

  /** Nodes' positions and highlight state, and the labels. */
  function placeNodes(): void {
    const accent = cssVar('accent')
    const alert = cssVar('alert')
    const bg = cssVar('bg')
    nodeLayer.selectAll<SVGGElement, TopologyNode>('g.node').each(function (n) {
      placeNode(this, n, accent, alert, bg)
    })
    placeLabels()
  }

  function placeNode(g: SVGGElement, n: TopologyNode, accent: string, alert: string, bg: string): void {
    const p = pos(n.id)
    const lit = highlighted.has(n.id)
    setAttr(g, 'transform', `translate(${p.x},${p.y})`)
    setAttr(g, 'opacity', isDim(n.id) ? '0.25' : null)
    setAttr(g, 'data-highlighted', lit ? 'true' : null)
    const circle = g.firstElementChild
    if (!circle) return
    setAttr(circle, 'stroke', lit ? accent : n.flagged ? alert : bg)
    setAttr(circle, 'stroke-width', lit ? '3' : n.flagged ? '2.5' : '1')
  }

  /** Moves one node, its lines and its label (a drag: the rest of the picture stays as it is). */
  function placeOne(g: SVGGElement, id: string): void {
    const p = pos(id)
    g.setAttribute('transform', `translate(${p.x},${p.y})`)
    lines?.placeAt(id, pos)
    labelLayer.selectAll<SVGTextElement, TopologyNode>('text').filter((n) => n.id === id)
      .attr('x', p.x).attr('y', p.y + (radius.get(id) ?? 3) + 10 / view.k)
  }

  /** Labels keep their screen size under zoom (font and offset divided by the scale). */
  function placeLabels(): void {
    const layer = labelLayer.node()
    if (layer) setAttr(layer, 'font-size', String(11 / view.k))
    labelLayer.selectAll<SVGTextElement, TopologyNode>('text').each(function (n) {
      const p = pos(n.id)
      setAttr(this, 'x', String(p.x))
      setAttr(this, 'y', String(p.y + (radius.get(n.id) ?? 3) + 10 / view.k))
      setAttr(this, 'opacity', isDim(n.id) ? '0.25' : null)
    })
  }

  function paintCanvas(): void {
    if (!ctx) return
    const nodes: SceneNode[] = graph.nodes.map((n) => ({ ...pos(n.id), r: radius.get(n.id) ?? 3, fill: colors.get(n.group) ?? '#999999',
      flagged: n.flagged === true, highlighted: highlighted.has(n.id), dimmed: isDim(n.id) }))
    const edges: SceneEdge[] = shown.map((e) => ({ x1: pos(e.source).x, y1: pos(e.source).y, x2: pos(e.target).x, y2: pos(e.target).y,
      width: edgeWidth(e), dimmed: isDim(e.source) && isDim(e.target) }))
    const palette = { edge: resolveColor(svg, 'muted'), alert: resolveColor(svg, 'alert'), accent: resolveColor(svg, 'accent') }
    drawScene(ctx, nodes, edges, palette, view, ratio)
  }

  /** Zooms so that every node is in view, with a margin; false when there is nothing to fit. */
  function fit(): boolean {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity
    for (const [id, p] of positions) {
      const r = radius.get(id) ?? 3
      x0 = Math.min(x0, p.x - r); y0 = Math.min(y0, p.y - r); x1 = Math.max(x1, p.x + r); y1 = Math.max(y1, p.y + r)
    }
    if (!(x1 > x0) || !(y1 > y0)) return false
    const k = Math.min(4, 0.9 * Math.min(width / (x1 - x0), height / (y1 - y0)))
    root.call(zoomer.transform, zoomIdentity.translate(width / 2 - (k * (x0 + x1)) / 2, height / 2 - (k * (y0 + y1)) / 2).scale(k))
    return true
  }

  draw(data, true, options.positions)
  return {
    highlight(ids) {
      const next = new Set(ids.map((id) => graph.memberOf.get(id) ?? id))
      // The last draw already placed everything for this set (the page re-applies it after every update).
      if (sameSet(next, highlighted)) return
      highlighted = next
      place()
      if (canvasMode) paintCanvas()
    },
    update(next, given) {
      draw(next, false, given)
    },
    positions: () => positions,
    graph: () => graph,
    settled: () => (drawing ? new Promise<void>((resolve) => waiting.push(resolve)) : Promise.resolve()),
    destroy() {
      lines?.cancel()
      marks?.cancel()
      settle()
      root.on('.zoom', null).on('.chart', null)
      nodeLayer.selectAll('g.node').on('.chart', null).on('.drag', null)
      if (ctx && options.canvas) ctx.clearRect(0, 0, options.canvas.width, options.canvas.height)
      svg.replaceChildren()
    },
  }
}

/** Every drawn node's given position, or null when one is missing or not finite (then the layout places it). */
function givenForAll(nodes: readonly TopologyNode[], given: ReadonlyMap<string, Point> | undefined): Map<string, Point> | null {
  if (!given) return null
  const out = new Map<string, Point>()
  for (const n of nodes) {
    const p = given.get(n.id)
    if (!p || !Number.isFinite(p.x) || !Number.isFinite(p.y)) return null
    out.set(n.id, { x: p.x, y: p.y })
  }
  return out
}

function safeContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  try {
    return canvas.getContext('2d')
  } catch {
    return null
  }
}
