/**
 * A scenario's sensitivity curve from the intensity sweep: intensity on a log-2 axis (1/32 .. 1 of the default
 * strength), and the best recall of the detectors meant for it on the vertical axis (0 .. 100%). Each point is
 * a dot, filled when the attack was caught at that strength and hollow when it was missed, so the weakest
 * strength still caught reads off at a glance (marked by a dashed line).
 */
import { axisBottom, axisLeft, line, scaleLinear, scaleLog } from 'd3'
import { beginChart, clampSize, inheritFont, px, safeText, type ChartHandle } from './chart-frame.ts'
import { cssVar } from './palette.ts'

export interface SensitivityPoint {
  readonly intensity: number
  readonly caught: boolean
  /** 0..1, or null when no meant detector found it. */
  readonly recall: number | null
}

export interface SensitivityCurveData {
  /** Scenario name, text only. */
  readonly name: string
  readonly points: readonly SensitivityPoint[]
  readonly weakestCaught: number | null
}

export interface SensitivityCurveOptions {
  readonly width?: number
  readonly height?: number
}

const MARGIN = { top: 12, right: 16, bottom: 34, left: 46 } as const

/** "1/8" for a power-of-two fraction, else the number. */
export function intensityLabel(v: number): string {
  if (v >= 1 || v <= 0) return String(Math.round(v * 1000) / 1000)
  const inv = 1 / v
  return Math.abs(inv - Math.round(inv)) < 1e-6 ? `1/${Math.round(inv)}` : String(Math.round(v * 1000) / 1000)
}

export function renderSensitivityCurve(svg: SVGSVGElement, data: SensitivityCurveData, options: SensitivityCurveOptions = {}): ChartHandle {
  const width = clampSize(options.width, 420, 200)
  const height = clampSize(options.height, 200, 120, 600)
  const points = data.points.filter((p) => Number.isFinite(p.intensity) && p.intensity > 0)
  const name = safeText(data.name, 120)
  const caught = points.filter((p) => p.caught).length
  const root = beginChart(svg, {
    label: `Sensitivity of ${name}`,
    description: `Recall of the meant detectors at ${points.length} strengths; caught at ${caught} of them${data.weakestCaught === null ? '' : `, the weakest being ${intensityLabel(data.weakestCaught)} of the default`}.`,
    width,
    height,
    interactive: false,
  })
  const lo = points.reduce((m, p) => Math.min(m, p.intensity), 1)
  const hi = points.reduce((m, p) => Math.max(m, p.intensity), lo * 2)
  const x = scaleLog().base(2).domain([lo, Math.max(hi, lo * 2)]).range([MARGIN.left, width - MARGIN.right])
  const y = scaleLinear().domain([0, 1]).range([height - MARGIN.bottom, MARGIN.top])
  const ax = root.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${height - MARGIN.bottom})`)
    .call(axisBottom(x).tickValues(points.map((p) => p.intensity)).tickFormat((v) => intensityLabel(Number(v))))
  inheritFont(ax)
  root.append('text').attr('class', 'axis-title').attr('x', (MARGIN.left + width - MARGIN.right) / 2).attr('y', height - 4)
    .attr('text-anchor', 'middle').attr('fill', cssVar('muted')).text('intensity (share of the default strength)')
  const ay = root.append('g').attr('class', 'axis y-axis').attr('transform', `translate(${MARGIN.left},0)`)
    .call(axisLeft(y).ticks(4).tickFormat((v) => `${Math.round(Number(v) * 100)}%`))
  inheritFont(ay)
  root.append('text').attr('class', 'axis-title').attr('transform', `translate(12,${(MARGIN.top + height - MARGIN.bottom) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle').attr('fill', cssVar('muted')).text('recall')
  if (data.weakestCaught !== null && data.weakestCaught > 0) {
    root.append('line').attr('class', 'weakest-caught').attr('x1', px(x(data.weakestCaught))).attr('x2', px(x(data.weakestCaught)))
      .attr('y1', MARGIN.top).attr('y2', height - MARGIN.bottom).attr('stroke', cssVar('accent')).attr('stroke-dasharray', '4 3')
  }
  const path = line<SensitivityPoint>().x((p) => x(p.intensity)).y((p) => y(p.recall ?? 0))
  root.append('path').attr('class', 'curve').attr('fill', 'none').attr('stroke', cssVar('accent')).attr('stroke-width', 1.5)
    .attr('d', path([...points].sort((a, b) => a.intensity - b.intensity)) ?? '')
  const dots = root.append('g').attr('class', 'points')
  for (const p of points) {
    const recall = p.recall ?? 0
    dots.append('circle').attr('class', p.caught ? 'point caught' : 'point missed').attr('cx', px(x(p.intensity))).attr('cy', px(y(recall)))
      .attr('r', 4.5).attr('stroke', cssVar('accent')).attr('stroke-width', 1.5).attr('fill', p.caught ? cssVar('accent') : cssVar('bg'))
      .append('title').text(`${intensityLabel(p.intensity)}: ${p.caught ? 'caught' : 'missed'}, recall ${p.recall === null ? 'none' : `${Math.round(recall * 100)}%`}`)
  }
  return { destroy() {} }
}
