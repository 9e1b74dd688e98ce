/**
 * Formatting of numbers, sizes and times for display. Pure functions, no DOM: the page and the CLI share them.
 * Every function accepts any number (a hostile file can yield huge or odd values) and never throws.
 */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** An exact count with thousands separators: 1234567 -> "1,234,567". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? grouped.format(n) : String(n)
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const

/** A byte size in binary units for humans: 1536 -> "1.5 KiB". Exact counts are shown separately. */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return String(bytes)
  let v = bytes
  let unit = 0
  while (v >= 1024 && unit < UNITS.length - 1) {
    v /= 1024
    unit++
  }
  return unit === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${UNITS[unit]}`
}

/** Largest |seconds| a JS Date can hold (±8.64e15 ms); beyond it we print the raw number instead of throwing. */
const MAX_DATE_SECONDS = 8.64e12

/** Seconds since the epoch as ISO 8601 UTC with microseconds: "2021-04-10T15:18:36.501108Z". */
export function formatUtc(seconds: number): string {
  if (!Number.isFinite(seconds) || Math.abs(seconds) > MAX_DATE_SECONDS) return `${seconds} s since 1970`
  let whole = Math.floor(seconds)
  let micros = Math.round((seconds - whole) * 1e6)
  if (micros >= 1e6) {
    whole += 1
    micros -= 1e6
  }
  const iso = new Date(whole * 1000).toISOString() // "YYYY-MM-DDTHH:MM:SS.000Z"
  return `${iso.slice(0, -5)}.${String(micros).padStart(6, '0')}Z`
}

/** A duration in seconds, exact to the microsecond, plus a rough human reading when it is a minute or more. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds)
  const exact = `${seconds.toFixed(6)} s`
  const s = Math.abs(seconds)
  if (s < 60) return exact
  const days = Math.floor(s / 86400)
  const hours = Math.floor((s % 86400) / 3600)
  const minutes = Math.floor((s % 3600) / 60)
  const secs = Math.floor(s % 60)
  const parts = days > 0 ? [`${days} d`, `${hours} h`] : hours > 0 ? [`${hours} h`, `${minutes} min`] : [`${minutes} min`, `${secs} s`]
  return `${exact} (${parts.join(' ')})`
}

/** Elapsed wall time for a progress display: 0.4 -> "0.4 s", 75 -> "1:15". */
export function formatElapsed(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '0.0 s'
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const m = Math.floor(seconds / 60)
  return `${m}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`
}
