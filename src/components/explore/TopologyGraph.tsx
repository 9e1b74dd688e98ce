/**
 * The host graph drawn by charts/topology.ts into an <svg> over a <canvas> (the canvas takes over past 1,000
 * nodes). The chart is created once per `layoutKey` and then only updated (update() keeps positions), so the
 * replay can feed it a new frame several times a second without the picture jumping. Positions are computed in
 * the layout worker (topology-layout-client.ts): the page's thread only draws. One layout is in flight at a
 * time; graphs that arrive meanwhile are coalesced into the next one. The figure's data-drawn attribute is
 * "true" once the graph on screen is the latest one and drawn to its last frame (what tests wait on).
 */
import { useEffect, useRef, useState } from 'react'
import { renderTopology, type TopologyHandle } from '../../charts/topology.ts'
import type { TopologyResult } from '../../analysis/queries/topology-query.ts'
import { sameTopology } from '../../charts/topology-equal.ts'
import { ChartExport } from '../shell/ExportButtons.tsx'
import { layoutOffThread } from './topology-layout-client.ts'

/**
 * New lines drawn per animation frame: a regrouped 2,000-line graph takes eight frames. The first slice shares
 * its task with the nodes' update (and the first draw's lines start a frame after its nodes), so it is kept
 * small: 500 new lines with a node update made tasks of 55-60 ms.
 */
const LINES_PER_FRAME = 250
/**
 * New nodes made per animation frame: a first answer's 300 nodes in one task, with the browser's styling of
 * them, took 15-25 ms of the page's CPU, and three to five times that in wall time while the engine's threads
 * (and V8 compiling its code early in a read) held both cores. 100 a frame still made 10-12 ms tasks.
 */
const NODES_PER_FRAME = 60

interface Props {
  readonly title: string
  readonly graph: TopologyResult
  /** A new key starts a fresh layout (another capture, grouping or colouring); the same key updates in place. */
  readonly layoutKey: string
  readonly maxNodes: number
  readonly highlight?: readonly string[]
  readonly onNodeClick: (id: string) => void
  readonly height?: number
}

/** The chart of one layout key and size, and the layout being computed for it. */
interface ChartState {
  handle: TopologyHandle | null
  drawn: TopologyResult | null
  busy: boolean
  alive: boolean
  /** The chart is still drawing its latest draw over frames. */
  settling: boolean
  /** Counts draws, so that only the latest one's end clears `settling`. */
  draws: number
}

export function TopologyGraph({ title, graph, layoutKey, maxNodes, highlight, onNodeClick, height = 520 }: Props) {
  const box = useRef<HTMLDivElement>(null)
  const figure = useRef<HTMLElement>(null)
  const svg = useRef<SVGSVGElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const chart = useRef<ChartState | null>(null)
  const click = useRef(onNodeClick)
  click.current = onNodeClick
  const latest = useRef(graph)
  latest.current = graph
  const shown = useRef(highlight)
  shown.current = highlight
  const [width, setWidth] = useState(0)

  // The width comes from ResizeObserver, which reports after the browser's own layout (as in shell/Chart.tsx):
  // reading clientWidth in the effect forced a layout of the whole new view inside the commit's task.
  useEffect(() => {
    const el = box.current
    if (!el) return
    const measure = (w: number) => setWidth(Math.max(320, Math.floor(w)))
    if (typeof ResizeObserver === 'undefined') return measure(el.clientWidth)
    const observer = new ResizeObserver((entries) => measure(entries[entries.length - 1]?.contentRect.width ?? 0))
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  /** Lays out and draws the latest graph if the chart shows an older one and no layout is running. */
  const pump = useRef<() => void>(() => undefined)
  useEffect(() => {
    const el = svg.current
    if (!el || width === 0) return
    const state: ChartState = { handle: null, drawn: null, busy: false, alive: true, settling: false, draws: 0 }
    chart.current = state
    const markDrawn = () => figure.current?.setAttribute('data-drawn', String(state.drawn === latest.current && !state.settling))
    const afterDraw = (g: TopologyResult) => {
      state.drawn = g
      state.handle?.highlight(shown.current ?? [])
      const draw = ++state.draws
      state.settling = state.handle !== null
      void state.handle?.settled().then(() => {
        // A later draw's own wait decides for it.
        if (!state.alive || state.draws !== draw) return
        state.settling = false
        markDrawn()
        pump.current()
      })
      markDrawn()
      pump.current()
    }
    const run = () => {
      const g = latest.current
      // While a draw is still spread over frames, the next layout waits: laid out meanwhile, it took a core from the
      // frames (the engine worker holds the other), and the page's tasks then waited several times their length.
      if (!state.alive || state.busy || state.settling || state.drawn === g) return markDrawn()
      // An answer equal to the one on screen (a progress step with nothing new) needs no layout and no redraw.
      if (state.handle && state.drawn && sameTopology(state.drawn, g)) {
        state.drawn = g
        return markDrawn()
      }
      state.busy = true
      markDrawn()
      const previous = state.handle?.positions()
      void layoutOffThread({ data: g, width, height, maxNodes, previous }).then((positions) => {
        state.busy = false
        if (!state.alive) return
        try {
          if (state.handle) state.handle.update(g, positions)
          else {
            state.handle = renderTopology(el, g, {
              label: title, description: `${g.hosts} hosts; node size is bytes, colour is the group; click a node for details`,
              width, height, maxNodes, canvas: canvas.current, onNodeClick: (id) => click.current(id), positions,
              linesPerFrame: LINES_PER_FRAME, nodesPerFrame: NODES_PER_FRAME,
            })
          }
        } catch {
          state.handle?.destroy()
          state.handle = null
          el.replaceChildren()
        }
        afterDraw(g)
      })
    }
    pump.current = run
    run()
    return () => {
      state.alive = false
      state.handle?.destroy()
      state.handle = null
      if (chart.current === state) chart.current = null
    }
  }, [layoutKey, width, height, maxNodes, title])

  // A new graph for the same layout: laid out from the current positions, then drawn in place. Asked from a task
  // of its own: comparing the graph and sending it to the layout worker (a copy of up to 3,000 edges) is work
  // the commit of the view's answer does not need to wait for.
  useEffect(() => {
    const timer = setTimeout(() => pump.current(), 0)
    return () => clearTimeout(timer)
  }, [graph])

  useEffect(() => {
    chart.current?.handle?.highlight(highlight ?? [])
  }, [highlight])

  return (
    <figure ref={figure} className="chart card topology" data-testid="topology" data-drawn="false">
      <figcaption className="chart-head">
        <h3>{title}</h3>
        <span className="chart-controls"><ChartExport svg={svg} title={title} /></span>
      </figcaption>
      <div ref={box} className="topology-box" style={{ height }}>
        <canvas ref={canvas} className="topology-canvas" aria-hidden="true" />
        <svg ref={svg} className="topology-svg" data-testid="topology-svg" />
      </div>
    </figure>
  )
}
