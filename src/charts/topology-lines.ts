/**
 * The topology chart's lines: one SVG <line> per drawn edge, found again on each redraw by its two ends. This
 * replaces d3's keyed join, which built a key string per line twice per redraw, and it never re-orders lines:
 * all of them have the same colour and alpha, so their paint order does not show, while moving hundreds of
 * elements as edge weights overtake each other would. Writes go through setAttr, so a redraw touches only the
 * lines whose width, ends or dimming changed. When the grouping changes mid-read every line is new; with
 * `perFrame` the join then runs a slice per animation frame, so no single task restyles 2,000 new lines.
 */
import type { TopologyEdge } from './topology-collapse.ts'
import { frameSteps } from './frame-steps.ts'
import { setAttr } from './topology-dom.ts'
import type { Point } from './topology-layout.ts'

const SVG_NS = 'http://www.w3.org/2000/svg'

export interface EdgeStyle {
  readonly pos: (id: string) => Point
  readonly width: (e: TopologyEdge) => number
  readonly dimmed: (e: TopologyEdge) => boolean
}

/** How a join in frames starts and ends (the chart's first draw: nodes first, lines after, then labels). */
export interface JoinStaging {
  /** Start with the next frame instead of in this task (only with `perFrame`). */
  readonly fromNextFrame?: boolean
  /** Called once the last line is in (not for a join that was cancelled or replaced). */
  readonly onDone?: () => void
}

export interface EdgeLines {
  /**
   * Makes the lines match `data` (in drawing order) with their widths, ends and dimming: at once, or with
   * `perFrame` (and a requestAnimationFrame) that many lines per frame. A new join replaces one in progress.
   */
  join(data: readonly TopologyEdge[], style: EdgeStyle, perFrame?: number, staging?: JoinStaging): void
  /** Sets every line's ends and dimming (those of a join in progress are set as it reaches them). */
  place(style: EdgeStyle): void
  /** Moves only the lines at one node (a drag). */
  placeAt(id: string, pos: (id: string) => Point): void
  /** Stops a join in progress. */
  cancel(): void
}

export function createEdgeLines(layer: SVGGElement): EdgeLines {
  /** The drawn lines and their edges, in drawing order (parallel arrays; replaced when a join completes). */
  let els: SVGLineElement[] = []
  let edges: readonly TopologyEdge[] = []
  /** source -> target -> line: no key strings to build. */
  const at = new Map<string, Map<string, SVGLineElement>>()
  /** Every line in the layer, including those of an unfinished join, so none is ever left behind. */
  const live = new Set<SVGLineElement>()
  /** The lines at each node (indices into els), so a drag moves only what touches the dragged node. */
  let incident = new Map<string, number[]>()
  /** The lines a join in progress has reached so far (next[i] draws data[i]). */
  let partial: { readonly next: readonly SVGLineElement[]; readonly data: readonly TopologyEdge[] } | null = null
  const job = frameSteps()

  function setEnds(line: SVGLineElement, e: TopologyEdge, pos: (id: string) => Point): void {
    const a = pos(e.source)
    const b = pos(e.target)
    setAttr(line, 'x1', String(a.x))
    setAttr(line, 'y1', String(a.y))
    setAttr(line, 'x2', String(b.x))
    setAttr(line, 'y2', String(b.y))
  }

  /** The line for edge `e`: its own from an earlier join, or a new one (also for a pair repeated in `data`). */
  function lineFor(e: TopologyEdge, kept: ReadonlySet<SVGLineElement>): SVGLineElement {
    let row = at.get(e.source)
    const el = row?.get(e.target)
    if (el !== undefined && !kept.has(el)) return el
    const created = layer.ownerDocument.createElementNS(SVG_NS, 'line')
    layer.append(created)
    live.add(created)
    // A repeated pair's extra line is known only by position (and dropped on the next join).
    if (el === undefined) {
      if (!row) at.set(e.source, (row = new Map()))
      row.set(e.target, created)
    }
    return created
  }

  function finish(data: readonly TopologyEdge[], next: SVGLineElement[], kept: ReadonlySet<SVGLineElement>): void {
    for (const el of live) {
      if (kept.has(el)) continue
      el.remove()
      live.delete(el)
    }
    for (const [source, row] of at) {
      for (const [target, el] of row) if (!kept.has(el)) row.delete(target)
      if (row.size === 0) at.delete(source)
    }
    els = next
    edges = data
    incident = new Map()
    edges.forEach((e, i) => {
      for (const id of [e.source, e.target]) {
        const list = incident.get(id)
        if (list) list.push(i)
        else incident.set(id, [i])
      }
    })
  }

  function cancel(): void {
    job.cancel()
    partial = null
  }

  return {
    join(data, style, perFrame, staging) {
      cancel()
      const kept = new Set<SVGLineElement>()
      const next: SVGLineElement[] = []
      partial = { next, data }
      const framed = perFrame !== undefined && perFrame >= 1 && typeof requestAnimationFrame === 'function'
      const slice = framed ? Math.floor(perFrame) : data.length
      let i = 0
      job.run(() => {
        const end = Math.min(data.length, i + Math.max(1, slice))
        for (; i < end; i++) {
          const e = data[i]
          const line = lineFor(e, kept)
          setAttr(line, 'stroke-width', String(style.width(e)))
          setEnds(line, e, style.pos)
          setAttr(line, 'opacity', style.dimmed(e) ? '0.2' : null)
          kept.add(line)
          next.push(line)
        }
        if (i < data.length) return true
        partial = null
        finish(data, next, kept)
        staging?.onDone?.()
        return false
      }, framed && staging?.fromNextFrame === true)
    },
    place(style) {
      const place = (line: SVGLineElement, e: TopologyEdge): void => {
        setEnds(line, e, style.pos)
        setAttr(line, 'opacity', style.dimmed(e) ? '0.2' : null)
      }
      for (let i = 0; i < els.length; i++) place(els[i], edges[i])
      if (partial) for (let i = 0; i < partial.next.length; i++) place(partial.next[i], partial.data[i])
    },
    placeAt(id, pos) {
      for (const i of incident.get(id) ?? []) setEnds(els[i], edges[i], pos)
    },
    cancel,
  }
}
