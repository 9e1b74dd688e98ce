/**
 * Traffic over time against the baseline, with the alerts on it: the packet rate per bucket as a line, the
 * baseline's normal band (median ± 3 robust sigmas, at least up to its 95th percentile) as a shaded strip, the
 * learning period shaded on the time axis, and one marker per alert at its start (coloured by severity, its
 * span drawn under the axis). Markers are buttons (Tab, Enter) when `onSelect` is given.
 */
import { axisBottom, axisLeft, format, line, scaleLinear, scaleUtc } from 'd3'
import { beginChart, clampSize, inheritFont, onActivateKey, px, safeText, type ChartHandle } from './chart-frame.ts'
import { cssVar } from './palette.ts'

export interface TimelineAlert {
  readonly id: string
  readonly start: number
  readonly end: number
  readonly severity: 'info' | 'low' | 'medium' | 'high' | 'critical'
  /** Shown as the marker's title (text only). */
  readonly label: string
}

export interface AlertTimelineData {
  /** Start of bucket 0 (seconds since the epoch) and bucket length. */
  readonly start: number
  readonly bucketSeconds: number
  /** Packets per bucket. */
  readonly packets: ArrayLike<number>
  /** The baseline's per-second packet rate band, or null without a baseline. */
  readonly band: { readonly low: number; readonly median: number; readonly high: number } | null
  /** The learning period, shaded. */
  readonly period: { readonly start: number; readonly end: number } | null
  readonly alerts: readonly TimelineAlert[]
}

export interface AlertTimelineOptions {
  readonly width?: number
  readonly height?: number
  readonly label?: string
  readonly onSelect?: (id: string) => void
}

const MARGIN = { top: 14, right: 12, bottom: 36, left: 56 } as const
const SEVERITY_COLOR: Readonly<Record<TimelineAlert['severity'], string>> = {
  info: '#999999', low: '#56B4E9', medium: '#E69F00', high: '#D55E00', critical: '#CC0066',
}

/** The band drawn for a learned Band: median ± 3 x MAD scaled to sigma, reaching at least the 95th percentile. */
export function normalBand(b: { readonly median: number; readonly mad: number; readonly p95: number }): { low: number; median: number; high: number } {
  const sigma = 1.4826 * b.mad
  return { low: Math.max(0, b.median - 3 * sigma), median: b.median, high: Math.max(b.p95, b.median + 3 * sigma) }
}

export function renderAlertTimeline(svg: SVGSVGElement, data: AlertTimelineData, options: AlertTimelineOptions = {}): ChartHandle {
  const width = clampSize(options.width, 640, 240)
  const height = clampSize(options.height, 220, 120, 800)
  const root = beginChart(svg, {
    label: options.label ?? 'Packet rate against the baseline, with alerts',
    description: `Packets per second over time${data.band ? ', the baseline band' : ''} and ${data.alerts.length} alert marker(s).`,
    width,
    height,
    interactive: options.onSelect !== undefined && data.alerts.length > 0,
  })
  const n = data.packets.length
  const bucket = data.bucketSeconds > 0 ? data.bucketSeconds : 1
  const rates = Array.from({ length: n }, (_, i) => {
    const v = data.packets[i]
    return Number.isFinite(v) && v > 0 ? v / bucket : 0
  })
  const t0 = data.start
  const t1 = data.start + Math.max(1, n) * bucket
  let top = data.band ? data.band.high : 0
  for (const r of rates) if (r > top) top = r
  const x = scaleUtc().domain([new Date(t0 * 1000), new Date(t1 * 1000)]).range([MARGIN.left, width - MARGIN.right])
  const y = scaleLinear().domain([0, top > 0 ? top * 1.08 : 1]).range([height - MARGIN.bottom, MARGIN.top])
  const xs = (t: number): number => px(x(new Date(t * 1000)))
  const plot = root.append('g').attr('class', 'plot')

  if (data.period) {
    const a = Math.max(t0, data.period.start)
    const b = Math.min(t1, data.period.end)
    if (b > a) {
      plot.append('rect').attr('class', 'learning-period').attr('x', xs(a)).attr('width', Math.max(1, xs(b) - xs(a)))
        .attr('y', MARGIN.top).attr('height', height - MARGIN.bottom - MARGIN.top).attr('fill', cssVar('empty'))
        .append('title').text('Baseline learning period')
    }
  }
  if (data.band) {
    const band = data.band
    plot.append('rect').attr('class', 'baseline-band').attr('x', MARGIN.left).attr('width', width - MARGIN.left - MARGIN.right)
      .attr('y', px(y(band.high))).attr('height', Math.max(1, px(y(band.low) - y(band.high))))
      .attr('fill', cssVar('band')).attr('fill-opacity', 0.25)
      .append('title').text(`Baseline: ${format(',.3~g')(band.low)}–${format(',.3~g')(band.high)} packets/s (median ${format(',.3~g')(band.median)})`)
    plot.append('line').attr('class', 'baseline-median').attr('x1', MARGIN.left).attr('x2', width - MARGIN.right)
      .attr('y1', px(y(band.median))).attr('y2', px(y(band.median))).attr('stroke', cssVar('band')).attr('stroke-dasharray', '4 3')
  }
  const path = line<number>().x((_, i) => xs(t0 + (i + 0.5) * bucket)).y((v) => px(y(v)))
  plot.append('path').attr('class', 'rate').attr('d', path(rates) ?? '').attr('fill', 'none').attr('stroke', cssVar('accent')).attr('stroke-width', 1.5)

  const xAxis = root.append('g').attr('transform', `translate(0,${height - MARGIN.bottom})`).call(axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))))
  inheritFont(xAxis)
  const yAxis = root.append('g').attr('transform', `translate(${MARGIN.left},0)`).call(axisLeft(y).ticks(5).tickFormat(format('~s')))
  inheritFont(yAxis)

  const markers = root.append('g').attr('class', 'alert-markers')
  const onSelect = options.onSelect
  for (const a of data.alerts) {
    if (!(a.end >= t0 && a.start <= t1)) continue
    const color = SEVERITY_COLOR[a.severity] ?? SEVERITY_COLOR.info
    const xa = xs(Math.max(t0, a.start))
    const xb = Math.max(xa + 2, xs(Math.min(t1, a.end)))
    const title = safeText(a.label, 200)
    const g = markers.append('g').attr('class', `alert-marker severity-${a.severity}`).attr('data-alert', safeText(a.id, 80))
    g.append('title').text(title)
    g.append('line').attr('x1', xa).attr('x2', xa).attr('y1', MARGIN.top).attr('y2', height - MARGIN.bottom).attr('stroke', color).attr('stroke-width', 1.5).attr('stroke-opacity', 0.8)
    g.append('rect').attr('x', xa).attr('width', xb - xa).attr('y', height - MARGIN.bottom + 22).attr('height', 5).attr('fill', color)
    g.append('path').attr('d', `M${xa - 5},${MARGIN.top - 10}L${xa + 5},${MARGIN.top - 10}L${xa},${MARGIN.top - 2}Z`).attr('fill', color)
    if (onSelect) {
      const id = a.id
      g.attr('role', 'button').attr('tabindex', 0).attr('aria-label', title).style('cursor', 'pointer')
        .on('click.chart', () => onSelect(id))
        .on('keydown.chart', (event: KeyboardEvent) => onActivateKey(event, () => onSelect(id)))
    }
  }
  return { destroy: () => markers.selectAll('g').on('.chart', null) }
}
