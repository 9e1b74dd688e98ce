/**
 * The canvas layer of the topology chart: for graphs too big for one SVG element per node, edges and nodes are
 * painted on a <canvas> laid under the chart's <svg>, which keeps zoom, labels and keyboard access. Canvas
 * cannot read CSS variables, so the chart resolves its colours first (palette.resolveColor).
 */

export interface SceneNode {
  readonly x: number
  readonly y: number
  readonly r: number
  readonly fill: string
  readonly flagged: boolean
  readonly highlighted: boolean
  readonly dimmed: boolean
}

export interface SceneEdge {
  readonly x1: number
  readonly y1: number
  readonly x2: number
  readonly y2: number
  readonly width: number
  readonly dimmed: boolean
}

export interface SceneColors {
  readonly edge: string
  readonly alert: string
  readonly accent: string
}

export interface ViewTransform {
  readonly x: number
  readonly y: number
  readonly k: number
}

/** Sizes the canvas backing store for the device pixel ratio (sharp on high-DPI screens). */
export function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number, dpr: number): void {
  const ratio = Number.isFinite(dpr) && dpr > 0 ? Math.min(dpr, 4) : 1
  canvas.width = Math.round(width * ratio)
  canvas.height = Math.round(height * ratio)
  canvas.style.width = `${width}px`
  canvas.style.height = `${height}px`
}

/** Paints edges, then nodes, under the zoom transform. */
export function drawScene(
  ctx: CanvasRenderingContext2D,
  nodes: readonly SceneNode[],
  edges: readonly SceneEdge[],
  colors: SceneColors,
  view: ViewTransform,
  ratio: number,
): void {
  const canvas = ctx.canvas
  ctx.setTransform(1, 0, 0, 1, 0, 0)
  ctx.clearRect(0, 0, canvas.width, canvas.height)
  ctx.setTransform(ratio * view.k, 0, 0, ratio * view.k, ratio * view.x, ratio * view.y)
  ctx.strokeStyle = colors.edge
  for (const dimmed of [true, false]) {
    ctx.globalAlpha = dimmed ? 0.12 : 0.5
    for (const e of edges) {
      if (e.dimmed !== dimmed) continue
      ctx.lineWidth = e.width
      ctx.beginPath()
      ctx.moveTo(e.x1, e.y1)
      ctx.lineTo(e.x2, e.y2)
      ctx.stroke()
    }
  }
  for (const n of nodes) {
    ctx.globalAlpha = n.dimmed ? 0.25 : 1
    ctx.fillStyle = n.fill
    ctx.beginPath()
    ctx.arc(n.x, n.y, n.r, 0, 2 * Math.PI)
    ctx.fill()
    if (n.highlighted || n.flagged) {
      ctx.lineWidth = n.highlighted ? 3 : 2
      ctx.strokeStyle = n.highlighted ? colors.accent : colors.alert
      ctx.stroke()
    }
  }
  ctx.globalAlpha = 1
}
