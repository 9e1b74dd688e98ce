/** Compact cell texts for the exploration tables (full values go in the cell's title and the CSV export). */
import { formatCount, formatSize } from '../../lib/display-format.ts'

/** "12:03:04.123" (UTC) for a time in seconds since the epoch. */
export function clockTime(seconds: number): string {
  if (!Number.isFinite(seconds) || Math.abs(seconds) > 8.64e12) return String(seconds)
  const iso = new Date(Math.floor(seconds * 1000)).toISOString()
  return iso.slice(11, 23)
}

/** "2024-05-01 12:03:04.123 UTC". */
export function fullTime(seconds: number): string {
  if (!Number.isFinite(seconds) || Math.abs(seconds) > 8.64e12) return String(seconds)
  const iso = new Date(Math.floor(seconds * 1000)).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`
}

/** Seconds as "850 µs", "12.3 ms", "4.20 s", "3 min 5 s". */
export function shortDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return ''
  const s = Math.abs(seconds)
  if (s < 1e-3) return `${(seconds * 1e6).toFixed(0)} µs`
  if (s < 1) return `${(seconds * 1e3).toFixed(s < 0.01 ? 2 : 1)} ms`
  if (s < 60) return `${seconds.toFixed(2)} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.floor(s % 60)} s`
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`
}

export const count = formatCount
export const size = formatSize

/** Bits per second as "12.5 Mbit/s". */
export function bitRate(bitsPerSecond: number): string {
  if (!Number.isFinite(bitsPerSecond) || bitsPerSecond < 0) return ''
  const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s']
  let v = bitsPerSecond
  let u = 0
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000
    u++
  }
  return `${v.toFixed(v < 10 && u > 0 ? 2 : v < 100 && u > 0 ? 1 : 0)} ${units[u]}`
}

/** A port, or '' when the protocol has none. */
export function port(p: number | null): string {
  return p === null ? '' : String(p)
}

/** A short axis number: 0.04, 291k, 1.2M, 3.5G (the unit goes in the axis title). */
export function compact(v: number): string {
  if (!Number.isFinite(v)) return ''
  const a = Math.abs(v)
  const units: readonly [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']]
  for (const [scale, suffix] of units) if (a >= scale) return `${+(v / scale).toPrecision(3)}${suffix}`
  return `${+v.toPrecision(3)}`
}
