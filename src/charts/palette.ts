/**
 * Colours for every chart. Categories use the Okabe-Ito palette (Okabe & Ito, "Color Universal Design", 2008,
 * https://jfly.uni-koeln.de/color/), which stays distinguishable under the common colour-vision deficiencies;
 * its black is swapped for a mid grey so it also reads on a dark background. Sequential scales use viridis and
 * cividis, which are perceptually uniform and readable in greyscale.
 *
 * Foreground colours (text, axes, grid, playhead, alerts) are CSS variables with a fallback, so the page's light
 * and dark themes restyle the charts without re-rendering. Canvas drawing cannot read var(), hence resolveColor.
 */
import { interpolateCividis, interpolateViridis } from 'd3'

/** Okabe-Ito in an order that puts the strongest contrasts on white first (yellow is last: thin lines fade). */
export const CATEGORY_COLORS: readonly string[] = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#F0E442', // yellow
  '#999999', // grey (stands in for black)
]

/** The CSS variables charts read, each with the fallback used when the page does not define it. */
export const CHART_VARS = {
  fg: ['--chart-fg', 'currentColor'],
  muted: ['--chart-muted', '#8c939b'],
  grid: ['--chart-grid', '#c9ced4'],
  bg: ['--chart-bg', 'transparent'],
  accent: ['--chart-accent', '#0072B2'],
  alert: ['--chart-alert', '#D55E00'],
  band: ['--chart-band', '#56B4E9'],
  empty: ['--chart-empty', '#e8eaed'],
} as const satisfies Record<string, readonly [string, string]>

export type ChartVar = keyof typeof CHART_VARS

/** `var(--chart-x, fallback)` for use in fill/stroke attributes. */
export function cssVar(name: ChartVar): string {
  const [variable, fallback] = CHART_VARS[name]
  return `var(${variable}, ${fallback})`
}

/** The theme values for the page stylesheet: light by default, dark under prefers-color-scheme. */
export const CHART_THEME_CSS = `:root {
  --chart-fg: #1b1f24; --chart-muted: #59636e; --chart-grid: #d6dae0; --chart-bg: #ffffff;
  --chart-accent: #0072B2; --chart-alert: #D55E00; --chart-band: #56B4E9; --chart-empty: #eef0f3;
}
@media (prefers-color-scheme: dark) {
  :root {
    --chart-fg: #e6e9ed; --chart-muted: #9aa4af; --chart-grid: #2e353d; --chart-bg: #1a1f25;
    --chart-accent: #56B4E9; --chart-alert: #E69F00; --chart-band: #0072B2; --chart-empty: #22282f;
  }
}`

/** The colour of category `index` (wraps around after eight). */
export function categoryColor(index: number): string {
  const n = CATEGORY_COLORS.length
  const i = Number.isFinite(index) ? ((Math.trunc(index) % n) + n) % n : 0
  return CATEGORY_COLORS[i]
}

/** A stable colour for a name (FNV-1a hash), so "tcp" has the same colour in every chart and session. */
export function categoryColorForKey(key: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return categoryColor((h >>> 0) % CATEGORY_COLORS.length)
}

/**
 * Colours for a set of group names: groups are ordered by name so the assignment does not depend on data order,
 * and the first eight get distinct colours.
 */
export function groupColors(groups: Iterable<string>): Map<string, string> {
  const names = [...new Set(groups)].sort()
  return new Map(names.map((g, i) => [g, categoryColor(i)]))
}

export type SequentialScheme = 'viridis' | 'cividis'

/** A sequential interpolator t in [0, 1] -> colour. */
export function sequentialInterpolator(scheme: SequentialScheme): (t: number) => string {
  return scheme === 'cividis' ? interpolateCividis : interpolateViridis
}

/**
 * Resolves a chart variable to a concrete colour for canvas drawing or export: the value set on `el` or its
 * ancestors (walked because some DOMs, like jsdom, do not inherit custom properties), else the fallback, with
 * currentColor read from the element's computed colour.
 */
export function resolveColor(el: Element, name: ChartVar): string {
  const [variable, fallback] = CHART_VARS[name]
  const found = readVariable(el, variable)
  const value = found || fallback
  return value === 'currentColor' ? computedColor(el) : value
}

/** The value of a custom property on `el` or its nearest ancestor that sets it; '' when none does. */
export function readVariable(el: Element, variable: string): string {
  const view = el.ownerDocument.defaultView
  for (let e: Element | null = el, hops = 0; e !== null && hops < 64; e = e.parentElement, hops++) {
    const v = view ? view.getComputedStyle(e).getPropertyValue(variable).trim() : ''
    if (v) return v
  }
  return ''
}

/** The computed `color` of an element, or black when there is no window to ask. */
export function computedColor(el: Element): string {
  const view = el.ownerDocument.defaultView
  const c = view ? view.getComputedStyle(el).color : ''
  return c || '#000000'
}

/**
 * Black or white text for a label drawn on a fixed `#rrggbb` fill, whichever contrasts more (WCAG relative
 * luminance, https://www.w3.org/TR/WCAG21/#dfn-relative-luminance). Other colour forms get currentColor.
 */
export function textColorOn(fill: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(fill)
  if (!m) return 'currentColor'
  const lin = (h: string): number => {
    const c = parseInt(h, 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  const l = 0.2126 * lin(m[1]) + 0.7152 * lin(m[2]) + 0.0722 * lin(m[3])
  // Contrast with black is (l + 0.05) / 0.05, with white 1.05 / (l + 0.05); they are equal at l ≈ 0.179.
  return l > 0.179 ? '#000000' : '#ffffff'
}
