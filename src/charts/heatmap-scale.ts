/**
 * Value -> colour for heatmaps, shared by the rect and bitmap paths: a ramp of 256 precomputed colours (CSS
 * strings for rects, RGB bytes for the bitmap) and the index of a value on it. Zero, negative-on-log and
 * non-finite values map to -1, "empty", which the chart leaves unpainted.
 */
import { color as parseColor } from 'd3'

export interface ValueRange {
  /** Smallest and largest finite value (Infinity/-Infinity when there is none). */
  readonly min: number
  readonly max: number
  /** Smallest value above zero, the floor of a log scale. */
  readonly minPositive: number
}

export interface ColorRamp {
  readonly css: readonly string[]
  /** r, g, b bytes per ramp entry. */
  readonly rgb: Uint8Array
}

export const RAMP_SIZE = 256

/** Samples an interpolator at RAMP_SIZE evenly spaced points. */
export function colorRamp(interpolate: (t: number) => string): ColorRamp {
  const css: string[] = []
  const rgb = new Uint8Array(RAMP_SIZE * 3)
  for (let i = 0; i < RAMP_SIZE; i++) {
    const c = parseColor(interpolate(i / (RAMP_SIZE - 1)))?.rgb()
    const r = c ? Math.round(c.r) : 0
    const g = c ? Math.round(c.g) : 0
    const b = c ? Math.round(c.b) : 0
    rgb[i * 3] = r
    rgb[i * 3 + 1] = g
    rgb[i * 3 + 2] = b
    css.push(`#${hex(r)}${hex(g)}${hex(b)}`)
  }
  return { css, rgb }
}

function hex(v: number): string {
  return v.toString(16).padStart(2, '0')
}

/**
 * The ramp index of `v`, or -1 for an empty cell. Linear: from min(0, smallest) to the largest value; log: from
 * the smallest positive value to the largest, so one busy cell does not wash every other cell to the same colour.
 */
export function valueToRamp(v: number, range: ValueRange, scale: 'linear' | 'log'): number {
  if (!Number.isFinite(v) || v === 0) return -1
  let t: number
  if (scale === 'log') {
    if (v < 0) return -1
    const lo = Math.log(range.minPositive)
    const hi = Math.log(range.max)
    t = hi > lo ? (Math.log(v) - lo) / (hi - lo) : 1
  } else {
    const lo = Math.min(0, range.min)
    t = range.max > lo ? (v - lo) / (range.max - lo) : 1
  }
  return Math.min(RAMP_SIZE - 1, Math.max(0, Math.round(t * (RAMP_SIZE - 1))))
}
