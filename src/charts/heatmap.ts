/**
 * A matrix as a heatmap (host x time, port x host, hour x day). Up to `rasterThreshold` cells it is drawn as
 * <rect>s, each with a <title>; above that as one <image> painted from a one-pixel-per-cell bitmap, because
 * 100k DOM nodes make a page crawl. The bitmap goes through an injectable `rasterize` (the default uses a
 * <canvas>; jsdom and some workers have none, and then the chart falls back to rects). Zero and non-finite
 * cells are left empty, so "no traffic" is told apart from "little traffic". Colour: viridis or cividis,
 * linear or log.
 */
import { format } from 'd3'
import { beginChart, clampSize, safeText, shorten, type ChartHandle, type GroupSelection, type SvgSelection } from './chart-frame.ts'
import { cssVar, sequentialInterpolator, type SequentialScheme } from './palette.ts'
import { colorRamp, valueToRamp, type ValueRange } from './heatmap-scale.ts'

export interface HeatmapData {
  readonly rows: number
  readonly cols: number
  /** Row-major values, rows x cols; missing entries count as empty. */
  readonly values: ArrayLike<number>
  readonly rowLabels: readonly string[]
  readonly colLabels: readonly string[]
}

/** Paints an RGBA bitmap (width x height pixels) and returns an image URL, or null when it cannot. */
export type Rasterize = (rgba: Uint8ClampedArray, width: number, height: number) => string | null

export interface HeatmapOptions {
  readonly label: string
  readonly description?: string
  readonly width?: number
  readonly height?: number
  readonly scale?: 'linear' | 'log'
  readonly scheme?: SequentialScheme
  readonly formatValue?: (v: number) => string
  /** Above this many cells draw one image (default 20,000). */
  readonly rasterThreshold?: number
  readonly rasterize?: Rasterize
  /** Room for row labels (default 110 px). */
  readonly labelWidth?: number
  /** A cell was clicked, or chosen with the arrow keys and Enter. */
  readonly onCell?: (row: number, col: number) => void
}

export interface HeatmapHandle extends ChartHandle {
  /** How the cells were drawn. */
  readonly mode: 'rects' | 'image' | 'too-large'
}

/** Largest matrix accepted: 4M cells is a 16 MiB bitmap. */
export const MAX_CELLS = 4_000_000
/** Past this, a rect fallback would freeze the page; say so instead. */
const MAX_RECT_CELLS = 200_000
const MARGIN = { top: 24, right: 8, bottom: 22 } as const
const CHAR_WIDTH = 6.2

/** Renders the heatmap into `svg`. */
export function renderHeatmap(svg: SVGSVGElement, data: HeatmapData, options: HeatmapOptions): HeatmapHandle {
  const width = clampSize(options.width, 720, 120)
  const height = clampSize(options.height, 320, 80)
  const root = beginChart(svg, { label: options.label, description: options.description, width, height, interactive: options.onCell !== undefined })
  const askedCols = Math.max(0, Math.floor(Number(data.cols) || 0))
  const askedRows = Math.max(0, Math.floor(Number(data.rows) || 0))
  const fits = askedRows * askedCols <= MAX_CELLS
  const cols = fits ? askedCols : 0
  const rows = fits ? askedRows : 0
  const labelWidth = clampSize(options.labelWidth, 110, 0, width - 40)
  const pw = width - labelWidth - MARGIN.right
  const ph = height - MARGIN.top - MARGIN.bottom
  const cw = cols > 0 ? pw / cols : 0
  const ch = rows > 0 ? ph / rows : 0
  const fmt = options.formatValue ?? format(',.4~g')
  const value = (r: number, c: number): number => {
    const i = r * cols + c
    return i < data.values.length ? data.values[i] : NaN
  }
  const describe = (r: number, c: number): string =>
    `${safeText(data.rowLabels[r] ?? `row ${r + 1}`)} × ${safeText(data.colLabels[c] ?? `column ${c + 1}`)}: ${fmt(value(r, c))}`

  const scale = options.scale ?? 'linear'
  const range = valueRange(data.values, rows * cols)
  const ramp = colorRamp(sequentialInterpolator(options.scheme ?? 'viridis'))
  const plot = root.append('g').attr('class', 'plot').attr('transform', `translate(${labelWidth},${MARGIN.top})`)
  plot.append('rect').attr('class', 'background').attr('width', pw).attr('height', ph).attr('fill', cssVar('empty'))
  const cells = plot.append('g').attr('class', 'cells')

  let mode: HeatmapHandle['mode'] = fits ? 'rects' : 'too-large'
  const total = rows * cols
  if (!fits) tooLarge(plot, askedRows * askedCols)
  else if (total > clampSize(options.rasterThreshold, 20_000, 0, MAX_CELLS)) {
    const rgba = new Uint8ClampedArray(total * 4)
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const k = valueToRamp(value(r, c), range, scale)
        if (k < 0) continue
        const p = (r * cols + c) * 4
        rgba[p] = ramp.rgb[k * 3]
        rgba[p + 1] = ramp.rgb[k * 3 + 1]
        rgba[p + 2] = ramp.rgb[k * 3 + 2]
        rgba[p + 3] = 255
      }
    }
    const url = safeRasterize(options.rasterize ?? canvasRasterize, rgba, cols, rows)
    if (url !== null) {
      mode = 'image'
      const image = cells.append('image').attr('href', url).attr('width', pw).attr('height', ph)
        .attr('preserveAspectRatio', 'none').style('image-rendering', 'pixelated')
      const title = image.append('title').text(options.label)
      image.on('mousemove.chart', (event: MouseEvent) => {
        const [r, c] = cellAt(event, image.node() as Element, cw, ch, rows, cols)
        if (r >= 0) title.text(describe(r, c))
      })
      if (options.onCell) {
        const onCell = options.onCell
        image.on('click.chart', (event: MouseEvent) => {
          const [r, c] = cellAt(event, image.node() as Element, cw, ch, rows, cols)
          if (r >= 0) onCell(r, c)
        })
      }
    } else if (total > MAX_RECT_CELLS) {
      mode = 'too-large'
      tooLarge(plot, total)
    }
  }
  if (mode === 'rects') {
    const onCell = options.onCell
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const k = valueToRamp(value(r, c), range, scale)
        if (k < 0) continue
        const rect = cells.append('rect').attr('x', c * cw).attr('y', r * ch).attr('width', cw).attr('height', ch)
          .attr('fill', ramp.css[k])
        rect.append('title').text(describe(r, c))
        if (onCell) rect.on('click.chart', () => onCell(r, c))
      }
    }
  }
  drawAxisLabels(plot, data, rows, cols, cw, ch, ph, labelWidth)
  drawLegend(root, ramp.css, range, scale, fmt, width)
  const keys = options.onCell ? addKeyboardCursor(plot, rows, cols, cw, ch, describe, options.onCell) : null
  return {
    mode,
    destroy() {
      cells.selectAll('*').on('.chart', null)
      keys?.on('.chart', null)
      svg.replaceChildren()
    },
  }
}

/** Row and column under the pointer (jsdom has no layout: its bounding box is all zeros, which tests rely on). */
function cellAt(event: MouseEvent, el: Element, cw: number, ch: number, rows: number, cols: number): [number, number] {
  const box = el.getBoundingClientRect()
  const c = Math.floor((event.clientX - box.left) / cw)
  const r = Math.floor((event.clientY - box.top) / ch)
  return r >= 0 && r < rows && c >= 0 && c < cols ? [r, c] : [-1, -1]
}

function tooLarge(plot: GroupSelection, cells: number): void {
  plot.append('text').attr('class', 'too-large').attr('x', 8).attr('y', 16).attr('fill', 'currentColor')
    .text(`${cells.toLocaleString('en-US')} cells are too many to draw here; choose a coarser grouping`)
}

function safeRasterize(rasterize: Rasterize, rgba: Uint8ClampedArray, w: number, h: number): string | null {
  try {
    return rasterize(rgba, w, h)
  } catch {
    return null
  }
}

/** The browser rasteriser: a canvas of one pixel per cell, as a PNG data URL (no request leaves the page). */
export function canvasRasterize(rgba: Uint8ClampedArray, w: number, h: number): string | null {
  if (typeof document === 'undefined' || typeof ImageData === 'undefined') return null
  const canvas = document.createElement('canvas')
  canvas.width = w
  canvas.height = h
  const ctx = canvas.getContext('2d')
  if (!ctx) return null
  ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), w, h), 0, 0)
  return canvas.toDataURL('image/png')
}

function valueRange(values: ArrayLike<number>, n: number): ValueRange {
  let min = Infinity
  let max = -Infinity
  let minPositive = Infinity
  for (let i = 0; i < Math.min(n, values.length); i++) {
    const v = values[i]
    if (!Number.isFinite(v)) continue
    if (v < min) min = v
    if (v > max) max = v
    if (v > 0 && v < minPositive) minPositive = v
  }
  return { min, max, minPositive }
}

function drawAxisLabels(plot: GroupSelection, data: HeatmapData, rows: number, cols: number, cw: number, ch: number, ph: number, labelWidth: number): void {
  const rowStep = Math.max(1, Math.ceil(13 / Math.max(ch, 1e-9)))
  const rowChars = Math.max(2, Math.floor((labelWidth - 6) / CHAR_WIDTH))
  const rowLayer = plot.append('g').attr('class', 'row-labels').attr('text-anchor', 'end')
  for (let r = 0; r < rows; r += rowStep) {
    rowLayer.append('text').attr('x', -4).attr('y', (r + 0.5) * ch).attr('dy', '0.35em').attr('fill', 'currentColor')
      .text(shorten(safeText(data.rowLabels[r] ?? ''), rowChars))
  }
  let longest = 1
  for (let c = 0; c < Math.min(cols, 1000); c++) longest = Math.max(longest, Math.min(16, (data.colLabels[c] ?? '').length))
  const colStep = Math.max(1, Math.ceil((longest * CHAR_WIDTH + 8) / Math.max(cw, 1e-9)))
  const colLayer = plot.append('g').attr('class', 'col-labels').attr('text-anchor', 'middle')
  for (let c = 0; c < cols; c += colStep) {
    colLayer.append('text').attr('x', (c + 0.5) * cw).attr('y', ph + 4).attr('dy', '0.71em').attr('fill', 'currentColor')
      .text(shorten(safeText(data.colLabels[c] ?? ''), 16))
  }
}

function drawLegend(root: SvgSelection, css: readonly string[], range: ValueRange, scale: 'linear' | 'log',
  fmt: (v: number) => string, width: number): void {
  if (!(range.max > 0) && !(range.max > range.min)) return
  const steps = 8
  const legend = root.append('g').attr('class', 'legend').attr('transform', `translate(${width - MARGIN.right - steps * 12 - 60},6)`)
  const low = scale === 'log' ? range.minPositive : Math.min(0, range.min)
  legend.append('text').attr('x', -4).attr('y', 5).attr('dy', '0.35em').attr('text-anchor', 'end').attr('fill', 'currentColor').text(fmt(low))
  for (let i = 0; i < steps; i++) {
    legend.append('rect').attr('x', i * 12).attr('width', 12).attr('height', 10)
      .attr('fill', css[Math.round((i / (steps - 1)) * (css.length - 1))])
  }
  legend.append('text').attr('x', steps * 12 + 4).attr('y', 5).attr('dy', '0.35em').attr('fill', 'currentColor')
    .text(`${fmt(range.max)}${scale === 'log' ? ' (log)' : ''}`)
}

/** Arrow keys move a cell cursor; Enter chooses the cell. The group's label reads the current cell. */
function addKeyboardCursor(plot: GroupSelection, rows: number, cols: number, cw: number, ch: number,
  describe: (r: number, c: number) => string, onCell: (r: number, c: number) => void): GroupSelection {
  let r = 0
  let c = 0
  const cursor = plot.append('rect').attr('class', 'cursor').attr('fill', 'none').attr('stroke', cssVar('accent'))
    .attr('stroke-width', 2).attr('width', cw).attr('height', ch).attr('display', 'none').attr('pointer-events', 'none')
  const show = (): void => {
    cursor.attr('display', null).attr('x', c * cw).attr('y', r * ch)
    plot.attr('aria-label', describe(r, c))
  }
  plot.attr('tabindex', rows * cols > 0 ? 0 : null).attr('aria-label', 'Cells: arrow keys move, Enter selects')
  plot.on('focus.chart', show).on('blur.chart', () => cursor.attr('display', 'none'))
  plot.on('keydown.chart', (event: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }
    const move = moves[event.key]
    if (move) {
      r = Math.min(rows - 1, Math.max(0, r + move[0]))
      c = Math.min(cols - 1, Math.max(0, c + move[1]))
      show()
    } else if (event.key === 'Enter' || event.key === ' ') onCell(r, c)
    else return
    event.preventDefault()
  })
  return plot
}

