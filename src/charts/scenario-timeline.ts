/**
 * The scenario builder's timeline strip: the traffic's span as a time axis (seconds after its start) and one
 * lane per scenario with a bar from its start for its duration. Drag a bar to move it, drag its right edge to
 * make it longer or shorter; from the keyboard, a focused bar moves with the arrow keys and changes length with
 * Shift + arrow keys (a step is 1% of the span). The bar follows the pointer while dragging; `onChange` is
 * called once, when the drag ends (or per key press), with the new start and duration.
 */
import { axisBottom, drag, scaleLinear, select } from 'd3'
import { beginChart, clampSize, inheritFont, onActivateKey, px, safeText, shorten, type ChartHandle } from './chart-frame.ts'
import { categoryColor, cssVar } from './palette.ts'

export interface TimelineBar {
  /** Shown as text only (escaped and shortened). */
  readonly label: string
  /** Seconds after the traffic starts. */
  readonly start: number
  readonly duration: number
}

export interface ScenarioTimelineData {
  /** Seconds of traffic the scenarios are placed in. */
  readonly span: number
  readonly bars: readonly TimelineBar[]
  /** Index of the highlighted bar, or null. */
  readonly selected: number | null
}

export interface ScenarioTimelineOptions {
  readonly width?: number
  readonly label?: string
  /** A bar was moved or resized (not called while dragging, only at its end). */
  readonly onChange?: (index: number, start: number, duration: number) => void
  readonly onSelect?: (index: number) => void
}

const MARGIN = { top: 8, right: 14, bottom: 30, left: 12 } as const
const LANE = 26
const HANDLE = 7
/** Shortest bar drawn, so a one-second attack in a day of traffic stays visible and grabbable. */
const MIN_BAR_PX = 10

/** The key steps: 1% of the span, at least one second. */
export function timelineStep(span: number): number {
  return Math.max(1, Math.round(span / 100))
}

/** Keeps a bar inside the span: starts from 0, at least a second long, ending by the span when it can. */
export function clampBar(span: number, start: number, duration: number): { start: number; duration: number } {
  const d = Math.max(1, Math.min(Number.isFinite(duration) ? duration : 1, Math.max(1, span)))
  const s = Math.max(0, Math.min(Number.isFinite(start) ? start : 0, Math.max(0, span - d)))
  return { start: Math.round(s * 10) / 10, duration: Math.round(d * 10) / 10 }
}

export function renderScenarioTimeline(svg: SVGSVGElement, data: ScenarioTimelineData, options: ScenarioTimelineOptions = {}): ChartHandle {
  const width = clampSize(options.width, 640, 240)
  const lanes = Math.max(1, data.bars.length)
  const height = MARGIN.top + MARGIN.bottom + lanes * LANE
  const span = Number.isFinite(data.span) && data.span > 0 ? data.span : 1
  const editable = options.onChange !== undefined
  const root = beginChart(svg, {
    label: options.label ?? 'Scenario timeline',
    description: `${data.bars.length} scenario(s) placed on ${Math.round(span)} seconds of traffic.`,
    width,
    height,
    interactive: data.bars.length > 0 && (editable || options.onSelect !== undefined),
  })
  const x = scaleLinear().domain([0, span]).range([MARGIN.left, width - MARGIN.right])
  const secondsPerPx = span / Math.max(1, width - MARGIN.left - MARGIN.right)
  const axis = root.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${height - MARGIN.bottom})`)
    .call(axisBottom(x).ticks(Math.max(2, Math.floor(width / 90))).tickFormat((v) => `${Number(v)} s`))
  inheritFont(axis)
  root.append('rect').attr('class', 'traffic-span').attr('x', x(0)).attr('y', MARGIN.top).attr('width', px(x(span) - x(0)))
    .attr('height', lanes * LANE).attr('fill', cssVar('empty'))
  if (data.bars.length === 0) {
    root.append('text').attr('class', 'empty-note').attr('x', width / 2).attr('y', MARGIN.top + LANE / 2).attr('dy', '0.35em')
      .attr('text-anchor', 'middle').attr('fill', cssVar('muted')).text('No scenario yet: add one or pick a lesson pack.')
  }
  const step = timelineStep(span)
  const maxChars = Math.max(4, Math.floor(width / 14))
  data.bars.forEach((bar, index) => {
    const placed = clampBar(span, bar.start, bar.duration)
    const state = { start: placed.start, duration: placed.duration }
    const name = safeText(bar.label, 120)
    const y = MARGIN.top + index * LANE + 3
    const g = root.append('g').attr('class', 'scenario-bar').attr('data-index', index)
    const title = g.append('title')
    const rect = g.append('rect').attr('class', 'bar-body').attr('y', y).attr('height', LANE - 6).attr('rx', 3)
      .attr('fill', categoryColor(index)).attr('fill-opacity', data.selected === index ? 1 : 0.75)
      .attr('stroke', data.selected === index ? cssVar('fg') : 'none').attr('stroke-width', 2)
    const handle = g.append('rect').attr('class', 'resize-handle').attr('y', y).attr('height', LANE - 6).attr('width', HANDLE)
      .attr('fill', cssVar('fg')).attr('fill-opacity', 0.35)
    const text = g.append('text').attr('class', 'bar-label').attr('y', y + (LANE - 6) / 2).attr('dy', '0.35em').attr('fill', cssVar('fg'))
    const draw = (): void => {
      const x0 = x(state.start)
      const w = Math.max(MIN_BAR_PX, x(state.start + state.duration) - x0)
      rect.attr('x', px(x0)).attr('width', px(w))
      handle.attr('x', px(x0 + w - HANDLE))
      text.attr('x', px(x0 + w + 4 > width - 60 ? x0 + 4 : x0 + w + 4)).text(shorten(name, maxChars))
      const what = `${name}: starts at ${state.start} s, lasts ${state.duration} s`
      title.text(what)
      if (editable) g.attr('aria-label', `${what}. Arrow keys move it, Shift and arrow keys change its length.`)
    }
    draw()
    const commit = (): void => options.onChange?.(index, state.start, state.duration)
    if (editable || options.onSelect) {
      g.attr('tabindex', 0).attr('role', 'button').style('cursor', editable ? 'grab' : 'pointer')
      if (!editable) g.attr('aria-label', `${name}: starts at ${state.start} s, lasts ${state.duration} s`)
      g.on('keydown.chart', (event: KeyboardEvent) => {
        if (options.onSelect) onActivateKey(event, () => options.onSelect?.(index))
        if (!editable || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return
        event.preventDefault()
        const delta = event.key === 'ArrowLeft' ? -step : step
        const next = event.shiftKey ? clampBar(span, state.start, state.duration + delta) : clampBar(span, state.start + delta, state.duration)
        state.start = next.start
        state.duration = next.duration
        draw()
        commit()
      })
      g.on('click.chart', () => options.onSelect?.(index))
    }
    if (editable) {
      // Positions are taken relative to the svg; each drag remembers where it began.
      let from = { px: 0, start: 0, duration: 0 }
      const begin = (event: { x: number }): void => {
        from = { px: event.x, start: state.start, duration: state.duration }
      }
      const end = (): void => {
        if (state.start !== from.start || state.duration !== from.duration) commit()
      }
      rect.call(
        drag<SVGRectElement, unknown>().container(svg).on('start', begin).on('drag', (event: { x: number }) => {
          const next = clampBar(span, from.start + (event.x - from.px) * secondsPerPx, from.duration)
          state.start = next.start
          draw()
        }).on('end', end),
      )
      handle.style('cursor', 'ew-resize').call(
        drag<SVGRectElement, unknown>().container(svg).on('start', begin).on('drag', (event: { x: number }) => {
          const next = clampBar(span, from.start, from.duration + (event.x - from.px) * secondsPerPx)
          state.duration = next.duration
          draw()
        }).on('end', end),
      )
    }
  })
  return {
    destroy() {
      select(svg).selectAll('.scenario-bar').on('.chart', null).selectAll('rect').on('.drag', null)
    },
  }
}
