/**
 * Packets, bytes or flows per interval over time (the IO graph view): several series on one value axis, an
 * optional baseline band, alert markers, a brush that selects a time range, and a playhead for replay.
 * Times are seconds since the epoch (as in IoSeries) and are shown in UTC. Long series are drawn per pixel
 * column (downsample.ts), so 100,000 points cost a path of a few thousand commands.
 */
import { axisBottom, axisLeft, brushX, format, scaleLinear, scaleUtc, select, utcDay, utcFormat, utcMinute, utcMonth, utcSecond, utcYear } from 'd3'
import { beginChart, clampSize, inheritFont, onActivateKey, safeText, type ChartHandle, type GroupSelection, type SvgSelection } from './chart-frame.ts'
import { bandPath, linePath } from './downsample.ts'
import { categoryColor, cssVar } from './palette.ts'

export interface TimeSeriesLine {
  readonly name: string
  /** One value per entry of `times`; NaN leaves a gap. */
  readonly values: ArrayLike<number>
}

export interface TimeSeriesData {
  /** Interval start times in seconds since the epoch, ascending. */
  readonly times: Float64Array
  readonly series: readonly TimeSeriesLine[]
  /** Expected range per interval (e.g. the baseline's lower and upper bound). */
  readonly band?: { readonly lower: ArrayLike<number>; readonly upper: ArrayLike<number>; readonly label?: string }
  /** Alert times (seconds since the epoch) and one short label each. */
  readonly alerts?: { readonly times: ArrayLike<number>; readonly labels: readonly string[] }
}

export interface TimeSeriesOptions {
  readonly label: string
  readonly description?: string
  readonly width?: number
  readonly height?: number
  /** Value axis title, e.g. "packets / s". */
  readonly yLabel?: string
  readonly formatValue?: (v: number) => string
  /** Initial playhead time in seconds, or null for none. */
  readonly playhead?: number | null
  /** A range brushed by the user (seconds), or null when the selection is cleared. */
  readonly onBrush?: (range: readonly [number, number] | null) => void
  /** The playhead was moved with the keyboard. */
  readonly onPlayhead?: (time: number) => void
  /** An alert marker was clicked or activated with Enter/Space. */
  readonly onAlert?: (index: number) => void
}

export interface TimeSeriesHandle extends ChartHandle {
  /** Moves the playhead (seconds) or hides it (null). */
  setPlayhead(time: number | null): void
  /** Shows a selection (seconds) without calling onBrush; null clears it. */
  setSelection(range: readonly [number, number] | null): void
}

const MARGIN = { top: 22, right: 14, bottom: 26, left: 52 } as const
/** More markers than this would hide the data; the rest are left to the alerts panel. */
const MAX_ALERT_MARKERS = 500
/** Past eight, colours repeat; past this, lines are unreadable anyway. */
const MAX_SERIES = 12
const fullTime = utcFormat('%Y-%m-%d %H:%M:%S.%L UTC')
const tickFormats = {
  ms: utcFormat('%H:%M:%S.%L'), second: utcFormat('%H:%M:%S'), minute: utcFormat('%H:%M'),
  day: utcFormat('%b %d'), month: utcFormat('%b %Y'), year: utcFormat('%Y'),
}

/** 24-hour UTC tick labels at the coarsest unit that still tells ticks apart (d3's default uses 12-hour). */
function utcTick(d: Date): string {
  const f = utcSecond(d) < d ? tickFormats.ms : utcMinute(d) < d ? tickFormats.second : utcDay(d) < d ? tickFormats.minute
    : utcMonth(d) < d ? tickFormats.day : utcYear(d) < d ? tickFormats.month : tickFormats.year
  return f(d)
}

/** Renders the chart into `svg`. */
export function renderTimeSeries(svg: SVGSVGElement, data: TimeSeriesData, options: TimeSeriesOptions): TimeSeriesHandle {
  const width = clampSize(options.width, 720, 160)
  const height = clampSize(options.height, 240, 100)
  const root = beginChart(svg, { label: options.label, description: options.description, width, height, interactive: true })
  const pw = width - MARGIN.left - MARGIN.right
  const ph = height - MARGIN.top - MARGIN.bottom
  const [t0, t1] = timeExtent(data.times)
  const x = scaleUtc().domain([t0 * 1000, t1 * 1000]).range([0, pw])
  const xs = (t: number): number => x(t * 1000)
  const y = scaleLinear().domain(valueExtent(data)).nice().range([ph, 0])
  const fmt = options.formatValue ?? format('~s')

  const plot = root.append('g').attr('class', 'plot').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`)
  const yTicks = y.ticks(Math.max(2, Math.floor(ph / 40)))
  plot.append('g').attr('class', 'grid').attr('aria-hidden', 'true')
    .selectAll('line').data(yTicks).join('line')
    .attr('x1', 0).attr('x2', pw).attr('y1', (v) => y(v)).attr('y2', (v) => y(v))
    .attr('stroke', cssVar('grid')).attr('stroke-width', 1)
  plot.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${ph})`)
    .call(axisBottom(x).ticks(Math.max(2, Math.floor(pw / 110))).tickFormat((d) => utcTick(d as Date)).tickSizeOuter(0))
    .call(inheritFont)
  plot.append('g').attr('class', 'y-axis')
    .call(axisLeft(y).tickValues(yTicks).tickFormat((v) => fmt(Number(v))).tickSizeOuter(0))
    .call(inheritFont)
  if (options.yLabel) {
    plot.append('text').attr('class', 'y-label').attr('transform', `translate(${-MARGIN.left + 12},${ph / 2}) rotate(-90)`)
      .attr('text-anchor', 'middle').attr('fill', 'currentColor').text(safeText(options.yLabel, 60))
  }

  const columns = Math.ceil(pw)
  if (data.band) {
    const band = data.band
    plot.append('path').attr('class', 'band').attr('fill', cssVar('band')).attr('fill-opacity', 0.25)
      .attr('d', bandPath(data.times, band.lower, band.upper, xs, y, columns))
      .append('title').text(safeText(band.label ?? 'Expected range (baseline)'))
  }
  const series = data.series.slice(0, MAX_SERIES)
  series.forEach((s, i) => {
    plot.append('path').attr('class', 'series').attr('fill', 'none')
      .attr('stroke', categoryColor(i)).attr('stroke-width', 1.5).attr('stroke-linejoin', 'round')
      .attr('d', linePath(data.times, s.values, xs, y, columns))
      .append('title').text(safeText(s.name))
  })
  drawLegend(root, series)

  const brushLayer = plot.append('g').attr('class', 'brush').attr('tabindex', 0)
    .attr('aria-label', 'Time range: drag to select; left and right arrows move the playhead (Shift for ten steps); Escape clears the selection')
  const brush = brushX<unknown>().extent([[0, 0], [pw, ph]]).on('end', (event: { selection: [number, number] | null; sourceEvent?: unknown }) => {
    if (!event.sourceEvent || !options.onBrush) return
    const s = event.selection
    options.onBrush(s ? [x.invert(s[0]).getTime() / 1000, x.invert(s[1]).getTime() / 1000] : null)
  })
  brushLayer.call(brush)
  brushLayer.select('.selection').attr('fill', cssVar('accent')).attr('fill-opacity', 0.15).attr('stroke', cssVar('accent'))

  drawAlerts(plot, data, xs, ph, t0, t1, options.onAlert)

  const playhead = plot.append('line').attr('class', 'playhead').attr('y1', 0).attr('y2', ph)
    .attr('stroke', cssVar('accent')).attr('stroke-width', 2).attr('pointer-events', 'none')
  let playheadTime: number | null = null
  const setPlayhead = (t: number | null): void => {
    playheadTime = t !== null && Number.isFinite(t) ? t : null
    const inside = playheadTime !== null && playheadTime >= t0 && playheadTime <= t1
    playhead.attr('display', inside ? null : 'none').attr('x1', inside ? xs(playheadTime as number) : 0)
      .attr('x2', inside ? xs(playheadTime as number) : 0)
  }
  setPlayhead(options.playhead ?? null)

  const step = bucketStep(data.times, t0, t1)
  brushLayer.on('keydown.chart', (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      brushLayer.call(brush.move, null)
      options.onBrush?.(null)
      return
    }
    const n = event.shiftKey ? 10 : 1
    const at = playheadTime ?? t0
    const next = event.key === 'ArrowRight' ? at + n * step : event.key === 'ArrowLeft' ? at - n * step
      : event.key === 'Home' ? t0 : event.key === 'End' ? t1 : NaN
    if (Number.isNaN(next)) return
    event.preventDefault()
    const t = Math.min(t1, Math.max(t0, next))
    setPlayhead(t)
    options.onPlayhead?.(t)
  })

  return {
    setPlayhead,
    setSelection(range) {
      const ok = range !== null && Number.isFinite(range[0]) && Number.isFinite(range[1])
      brushLayer.call(brush.move, ok ? [xs(Math.max(t0, range[0])), xs(Math.min(t1, range[1]))] : null)
    },
    destroy() {
      brushLayer.on('.brush', null).on('.chart', null)
      select(svg).selectAll('.alert').on('.chart', null)
      svg.replaceChildren()
    },
  }
}

function drawAlerts(plot: GroupSelection, data: TimeSeriesData, xs: (t: number) => number, ph: number, t0: number, t1: number,
  onAlert: ((index: number) => void) | undefined): void {
  const alerts = data.alerts
  if (!alerts) return
  const layer = plot.append('g').attr('class', 'alerts')
  const n = Math.min(alerts.times.length, MAX_ALERT_MARKERS)
  for (let i = 0; i < n; i++) {
    const t = alerts.times[i]
    if (!Number.isFinite(t) || t < t0 || t > t1) continue
    const text = `Alert at ${fullTime(new Date(t * 1000))}: ${safeText(alerts.labels[i] ?? '')}`
    const g = layer.append('g').attr('class', 'alert').attr('transform', `translate(${xs(t)},0)`)
    g.append('line').attr('y1', 0).attr('y2', ph).attr('stroke', cssVar('alert')).attr('stroke-dasharray', '3,3')
    g.append('path').attr('d', 'M-5,0L5,0L0,8Z').attr('fill', cssVar('alert'))
    g.append('title').text(text)
    if (onAlert) {
      const index = i
      g.attr('tabindex', 0).attr('role', 'button').attr('aria-label', text).style('cursor', 'pointer')
        .on('click.chart', () => onAlert(index))
        .on('keydown.chart', (event: KeyboardEvent) => onActivateKey(event, () => onAlert(index)))
    }
  }
}

function drawLegend(root: SvgSelection, series: readonly TimeSeriesLine[]): void {
  const legend = root.append('g').attr('class', 'legend').attr('transform', `translate(${MARGIN.left},6)`)
  let at = 0
  series.forEach((s, i) => {
    const name = safeText(s.name, 40)
    const g = legend.append('g').attr('transform', `translate(${at},0)`)
    g.append('rect').attr('width', 12).attr('height', 3).attr('y', 4).attr('fill', categoryColor(i))
    g.append('text').attr('x', 16).attr('y', 9).attr('fill', 'currentColor').text(name)
    at += 28 + name.length * 6.5 // approximate: text cannot be measured without layout (and in jsdom)
  })
}

/** First and last finite time, widened to a second when they coincide or there are none. */
function timeExtent(times: ArrayLike<number>): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < times.length; i++) {
    const t = times[i]
    if (!Number.isFinite(t)) continue
    if (t < lo) lo = t
    if (t > hi) hi = t
  }
  if (lo > hi) return [0, 1]
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi]
}

/** Value axis domain: from min(0, smallest) to the largest finite value of any series or band bound. */
function valueExtent(data: TimeSeriesData): [number, number] {
  let lo = 0
  let hi = -Infinity
  const scan = (values: ArrayLike<number>): void => {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      if (!Number.isFinite(v)) continue
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
  }
  for (const s of data.series) scan(s.values)
  if (data.band) {
    scan(data.band.lower)
    scan(data.band.upper)
  }
  return hi > lo ? [lo, hi] : [lo, lo + 1]
}

/** The keyboard step: the interval between the first two times, else 1% of the span. */
function bucketStep(times: ArrayLike<number>, t0: number, t1: number): number {
  const d = times.length > 1 ? times[1] - times[0] : NaN
  return Number.isFinite(d) && d > 0 ? d : (t1 - t0) / 100
}
