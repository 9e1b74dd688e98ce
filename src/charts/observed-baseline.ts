/**
 * Observed against baseline for one alert: two horizontal bars on one scale, the value the baseline (or the
 * detector's default threshold) expected and the value observed, with the ratio between them. Without a
 * comparison value only the observed bar is drawn and the chart says so.
 */
import { format, scaleLinear } from 'd3'
import { beginChart, clampSize, safeText, shorten } from './chart-frame.ts'
import { cssVar } from './palette.ts'

export interface ObservedBaselineData {
  /** What was measured and its unit (detector text, shown as text only). */
  readonly metric: string
  readonly unit: string
  readonly observed: number
  /** Null when the detector compared with nothing. */
  readonly baseline: number | null
  /** 'baseline': learned; 'self': from this input; 'default': the detector's threshold. */
  readonly baselineSource: 'baseline' | 'self' | 'default'
}

export interface ObservedBaselineOptions {
  readonly width?: number
  readonly label?: string
}

const ROW = 28
const LABEL_WIDTH = 130
const VALUE_ROOM = 96
const SOURCE_NAMES = { baseline: 'Baseline', self: 'Typical here', default: 'Threshold' } as const

const finiteOrZero = (v: number): number => (Number.isFinite(v) && v > 0 ? v : 0)

export function renderObservedBaseline(svg: SVGSVGElement, data: ObservedBaselineData, options: ObservedBaselineOptions = {}): { destroy(): void } {
  const width = clampSize(options.width, 420, 200)
  const rows: { name: string; value: number; color: string; cls: string }[] = []
  if (data.baseline !== null) rows.push({ name: SOURCE_NAMES[data.baselineSource], value: finiteOrZero(data.baseline), color: cssVar('band'), cls: 'expected' })
  rows.push({ name: 'Observed', value: finiteOrZero(data.observed), color: cssVar('alert'), cls: 'observed' })
  const height = 24 + rows.length * ROW + 8
  const metric = safeText(data.metric, 120)
  const unit = safeText(data.unit, 40)
  const root = beginChart(svg, {
    label: options.label ?? `${metric}: observed against baseline`,
    description: data.baseline === null ? `Observed ${data.observed} ${unit}; no comparison value.` : `Observed ${data.observed} ${unit} against ${data.baseline} ${unit}.`,
    width,
    height,
    interactive: false,
  })
  const max = Math.max(1e-9, ...rows.map((r) => r.value))
  const x = scaleLinear().domain([0, max]).range([0, width - LABEL_WIDTH - VALUE_ROOM])
  const fmt = (v: number): string => (Math.abs(v) >= 1000 ? format(',.0f')(v) : format(',.3~g')(v))
  const ratio = data.baseline !== null && data.baseline > 0 ? data.observed / data.baseline : null
  root.append('text').attr('class', 'metric').attr('x', 0).attr('y', 14).attr('fill', 'currentColor')
    .text(shorten(`${metric} (${unit})${ratio === null ? (data.baseline === null ? ': no comparison value' : '') : `: ${format(',.2~f')(ratio)}x`}`, Math.floor(width / 6.5)))
  rows.forEach((r, i) => {
    const g = root.append('g').attr('class', `row ${r.cls}`).attr('transform', `translate(0,${24 + i * ROW})`)
    g.append('title').text(`${r.name}: ${fmt(r.value)} ${unit}`)
    g.append('text').attr('x', LABEL_WIDTH - 8).attr('y', ROW / 2).attr('dy', '0.35em').attr('text-anchor', 'end').attr('fill', 'currentColor').text(r.name)
    g.append('rect').attr('x', LABEL_WIDTH).attr('y', 4).attr('height', ROW - 8).attr('width', x(r.value)).attr('fill', r.color)
    g.append('text').attr('class', 'value').attr('x', LABEL_WIDTH + x(r.value) + 4).attr('y', ROW / 2).attr('dy', '0.35em').attr('fill', cssVar('muted')).text(`${fmt(r.value)} ${shorten(unit, 12)}`)
  })
  return { destroy: () => undefined }
}
