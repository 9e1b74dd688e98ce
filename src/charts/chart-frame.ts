/**
 * What every chart does first: empty the <svg>, size it, and give it an accessible name (aria-label) and a
 * longer description (<desc>), both as text. Charts call beginChart, then draw into the returned selection.
 */
import { select, type Selection } from 'd3'
import { escapeDisplay } from '../lib/escape.ts'
import { cssVar } from './palette.ts'

/** What a render function may return: at least a way to remove its listeners and timers. */
export interface ChartHandle {
  destroy(): void
}

export interface ChartFrame {
  /** Accessible name of the chart (aria-label). */
  readonly label: string
  /** One or two sentences saying what the chart shows (<desc>). */
  readonly description?: string
  readonly width: number
  readonly height: number
  /** True when the chart has focusable parts: role "group" instead of "img", so they stay reachable. */
  readonly interactive: boolean
}

export type SvgSelection = Selection<SVGSVGElement, unknown, null, undefined>
export type GroupSelection = Selection<SVGGElement, unknown, null, undefined>

/** Longest label or description shown; strings may come from capture files. */
const TEXT_CAP = 300

/** Clears the svg and sets its size, role, aria-label and <desc>. */
export function beginChart(svg: SVGSVGElement, frame: ChartFrame): SvgSelection {
  const root = select(svg)
  // A previous render may have left zoom, brush or key listeners on the root element.
  root.on('.zoom', null).on('.brush', null).on('.chart', null)
  svg.replaceChildren()
  root
    .attr('width', frame.width)
    .attr('height', frame.height)
    .attr('viewBox', `0 0 ${frame.width} ${frame.height}`)
    .attr('role', frame.interactive ? 'group' : 'img')
    .attr('aria-label', safeText(frame.label, TEXT_CAP))
    .attr('font-family', 'system-ui, sans-serif')
    .attr('font-size', 11)
    .style('color', cssVar('fg'))
  root.append('desc').text(safeText(frame.description ?? frame.label, TEXT_CAP))
  return root
}

/** Display-safe text: control and bidi characters escaped, length capped. */
export function safeText(s: string, cap = 120): string {
  return escapeDisplay(typeof s === 'string' ? s : String(s), cap)
}

/** Cuts display text to `n` characters with an ellipsis (whole code points, never half a surrogate pair). */
export function shorten(s: string, n: number): string {
  const chars = Array.from(s)
  return chars.length <= n ? s : chars.slice(0, Math.max(0, n - 1)).join('') + '…'
}

/** The largest of f(item) over finite positive values, or `floor` (a loop: spreading 100k args can overflow). */
export function maxOf<T>(items: readonly T[], f: (item: T) => number, floor = 0): number {
  let m = floor
  for (const item of items) {
    const v = f(item)
    if (Number.isFinite(v) && v > m) m = v
  }
  return m
}

/** A finite size within [min, max], else the fallback: sizes may come from a resized window or user input. */
export function clampSize(v: number | undefined, fallback: number, min = 40, max = 8192): number {
  if (v === undefined || !Number.isFinite(v)) return fallback
  return Math.min(max, Math.max(min, Math.round(v)))
}

/** d3-axis sets its own font on the axis group; drop it so axes use the chart's (and the page's) font. */
export function inheritFont(g: GroupSelection): void {
  g.attr('font-family', null).attr('font-size', null)
}

/** Rounds to 2 decimals for compact path strings (a pixel is 1.0). */
export function px(v: number): number {
  return Math.round(v * 100) / 100
}

/** Calls `action` on Enter or Space, for elements that act like buttons. */
export function onActivateKey(event: KeyboardEvent, action: () => void): void {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault()
    action()
  }
}
