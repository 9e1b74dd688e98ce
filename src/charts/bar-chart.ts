/**
 * Horizontal bars for top-N lists (top talkers, protocols, services, ports): one row per item with its label on
 * the left, the bar, and the value at the bar's end. Each bar carries a <title> ("label: value") for pointer
 * users, and when `onSelect` is given the rows are buttons reachable with Tab and activated with Enter/Space.
 * The svg's height follows the number of rows.
 */
import { format, max, scaleLinear } from 'd3'
import { beginChart, clampSize, onActivateKey, safeText, shorten, type ChartHandle } from './chart-frame.ts'
import { categoryColor, cssVar } from './palette.ts'

export interface BarChartData {
  /** Item names, shown as text only (escaped and shortened for display). */
  readonly labels: readonly string[]
  /** One value per label; non-finite or negative values are drawn as zero-length bars. */
  readonly values: ArrayLike<number>
}

export interface BarChartOptions {
  readonly label: string
  readonly description?: string
  readonly width?: number
  /** Row height in pixels (default 22). */
  readonly rowHeight?: number
  /** Room for the item labels (default 150 px). */
  readonly labelWidth?: number
  /** Rows beyond this are not drawn (default 50). */
  readonly maxBars?: number
  readonly formatValue?: (v: number) => string
  /** Bar colour; defaults to the first category colour. */
  readonly color?: string
  /** A row was clicked or activated with the keyboard (index into labels). */
  readonly onSelect?: (index: number) => void
}

const MARGIN = { top: 6, right: 8, bottom: 6 } as const
/** Room kept right of the longest bar for its value label. */
const VALUE_ROOM = 64
/** Average character width at 11 px: text cannot be measured in a worker-free, layout-free render (or jsdom). */
const CHAR_WIDTH = 6.2

/** Renders the chart into `svg`; its height is set from the number of rows. */
export function renderBarChart(svg: SVGSVGElement, data: BarChartData, options: BarChartOptions): ChartHandle {
  const width = clampSize(options.width, 480, 160)
  const rowHeight = clampSize(options.rowHeight, 22, 12, 80)
  const labelWidth = clampSize(options.labelWidth, 150, 20, width - VALUE_ROOM - 40)
  const count = Math.min(data.labels.length, data.values.length, clampSize(options.maxBars, 50, 1, 1000))
  const height = MARGIN.top + MARGIN.bottom + Math.max(1, count) * rowHeight
  const root = beginChart(svg, {
    label: options.label,
    description: options.description,
    width,
    height,
    interactive: options.onSelect !== undefined,
  })
  const values = Array.from({ length: count }, (_, i) => {
    const v = data.values[i]
    return Number.isFinite(v) && v > 0 ? v : 0
  })
  const x = scaleLinear().domain([0, max(values) || 1]).range([0, width - labelWidth - VALUE_ROOM - MARGIN.right])
  const fmt = options.formatValue ?? format(',')
  const maxChars = Math.max(3, Math.floor((labelWidth - 8) / CHAR_WIDTH))
  const color = options.color ?? categoryColor(0)
  const onSelect = options.onSelect

  const list = root.append('g').attr('class', 'bars').attr('transform', `translate(0,${MARGIN.top})`)
  for (let i = 0; i < count; i++) {
    const name = safeText(data.labels[i] ?? '', 255)
    const valueText = fmt(values[i])
    const row = list.append('g').attr('class', 'bar').attr('transform', `translate(0,${i * rowHeight})`)
    row.append('title').text(`${name}: ${valueText}`)
    row.append('text').attr('class', 'bar-label').attr('x', labelWidth - 8).attr('y', rowHeight / 2)
      .attr('dy', '0.35em').attr('text-anchor', 'end').attr('fill', 'currentColor').text(shorten(name, maxChars))
    row.append('rect').attr('x', labelWidth).attr('y', 2).attr('height', rowHeight - 4)
      .attr('width', x(values[i])).attr('fill', color)
    row.append('text').attr('class', 'bar-value').attr('x', labelWidth + x(values[i]) + 4).attr('y', rowHeight / 2)
      .attr('dy', '0.35em').attr('fill', cssVar('muted')).text(valueText)
    if (onSelect) {
      const index = i
      row.attr('role', 'button').attr('tabindex', 0).attr('aria-label', `${name}: ${valueText}`).style('cursor', 'pointer')
        .on('click.chart', () => onSelect(index))
        .on('keydown.chart', (event: KeyboardEvent) => onActivateKey(event, () => onSelect(index)))
    }
  }
  if (count === 0) {
    root.append('text').attr('class', 'empty').attr('x', 8).attr('y', height / 2).attr('dy', '0.35em')
      .attr('fill', cssVar('muted')).text('No data')
  }
  return {
    destroy() {
      list.selectAll('.bar').on('.chart', null)
      svg.replaceChildren()
    },
  }
}
