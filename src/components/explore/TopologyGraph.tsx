/**
 * The host graph drawn by charts/topology.ts into an <svg> over a <canvas> (the canvas takes over past 1,000
 * nodes). The chart is created once per `layoutKey` and then only updated (update() keeps positions), so the
 * replay can feed it a new frame several times a second without the picture jumping.
 */
import { useEffect, useRef, useState } from 'react'
import { renderTopology, type TopologyHandle } from '../../charts/topology.ts'
import type { TopologyResult } from '../../analysis/queries/topology-query.ts'
import { ChartExport } from '../shell/ExportButtons.tsx'

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

export function TopologyGraph({ title, graph, layoutKey, maxNodes, highlight, onNodeClick, height = 520 }: Props) {
  const box = useRef<HTMLDivElement>(null)
  const svg = useRef<SVGSVGElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const handle = useRef<TopologyHandle | null>(null)
  const click = useRef(onNodeClick)
  click.current = onNodeClick
  const [width, setWidth] = useState(0)

  useEffect(() => {
    const el = box.current
    if (!el) return
    const measure = () => setWidth(Math.max(320, Math.floor(el.clientWidth)))
    measure()
    if (typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  // A fresh chart per layout key and size; the latest graph is drawn by the effect below.
  const latest = useRef(graph)
  latest.current = graph
  const drawn = useRef<TopologyResult | null>(null)
  useEffect(() => {
    const el = svg.current
    if (!el || width === 0) return
    try {
      handle.current = renderTopology(el, latest.current, {
        label: title, description: `${graph.hosts} hosts; node size is bytes, colour is the group; click a node for details`,
        width, height, maxNodes, canvas: canvas.current, onNodeClick: (id) => click.current(id),
      })
      drawn.current = latest.current
    } catch {
      handle.current = null
      el.replaceChildren()
    }
    return () => {
      handle.current?.destroy()
      handle.current = null
    }
    // graph.hosts only describes; a new graph is drawn by update() below.
  }, [layoutKey, width, height, maxNodes, title])

  useEffect(() => {
    if (!handle.current) return
    if (drawn.current !== null && drawn.current !== graph) handle.current.update(graph)
    drawn.current = graph
  }, [graph, layoutKey, width])

  useEffect(() => {
    handle.current?.highlight(highlight ?? [])
  }, [highlight, graph, layoutKey, width])

  return (
    <figure className="chart card topology" data-testid="topology">
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
