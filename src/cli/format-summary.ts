/**
 * The text form of a CaptureSummary for people: one aligned "label  value" line per fact, sizes in binary
 * units, times in UTC, link types by name. Strings that came from the file (comments, interface names) arrive
 * already escaped by the readers (src/lib/escape.ts); the path and anomaly codes are escaped here.
 */
import type { CaptureSummary } from '../analysis/capture-summary.ts'
import { escapeDisplay } from '../lib/escape.ts'
import { linkTypeName } from './link-type-names.ts'

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const

/** 1536 -> "1.5 KiB"; whole bytes below 1 KiB. */
export function humanBytes(n: number): string {
  let v = n
  let u = 0
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024
    u++
  }
  return u === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${UNITS[u]}`
}

/** "1.18 MiB (1,234,567 B)", or just "922 B" when the short form is already exact. */
function sizeWithExact(n: number): string {
  return n < 1024 ? humanBytes(n) : `${humanBytes(n)} (${groupDigits(n)} B)`
}

/** 1234567 -> "1,234,567" (fixed grouping, independent of the machine's locale). */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Seconds since the epoch -> "2021-04-10 15:18:36.501108 UTC" (microseconds, like capinfos). */
export function formatTime(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'n/a'
  const whole = Math.floor(seconds)
  const micros = Math.round((seconds - whole) * 1e6)
  const carry = micros === 1e6 ? 1 : 0
  const d = new Date((whole + carry) * 1000)
  if (Number.isNaN(d.getTime())) return `${seconds} s since the epoch`
  const iso = d.toISOString().replace('T', ' ').slice(0, 19)
  return `${iso}.${String(carry ? 0 : micros).padStart(6, '0')} UTC`
}

export function formatDuration(seconds: number): string {
  if (seconds < 1) return `${(seconds * 1000).toFixed(3)} ms`
  if (seconds < 120) return `${seconds.toFixed(6)} s`
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  return `${seconds.toFixed(3)} s (${h > 0 ? `${h} h ` : ''}${m} min ${s.toFixed(0)} s)`
}

/** "name count" entries sorted by count (descending), then name, one per line under the first. */
function countList(record: Readonly<Record<string, number>>, total: number | null): string[] {
  const entries = Object.entries(record).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  if (entries.length === 0) return ['none']
  const width = Math.max(...entries.map(([k]) => escapeDisplay(k).length))
  const countWidth = Math.max(...entries.map(([, v]) => groupDigits(v).length))
  return entries.map(([k, v]) => {
    const pct = total ? `  ${((100 * v) / total).toFixed(1).padStart(5)} %` : ''
    return `${escapeDisplay(k).padEnd(width)}  ${groupDigits(v).padStart(countWidth)}${pct}`
  })
}

export function formatSummary(s: CaptureSummary, path: string): string {
  const rows: [string, string[]][] = []
  const add = (label: string, ...values: string[]): void => void rows.push([label, values])
  add('File', escapeDisplay(path))
  add('Format', s.compression ? `${s.format} (${s.compression}-compressed)` : s.format)
  add('Link types', ...(s.linkTypes.length ? s.linkTypes.map(linkTypeName) : ['none']))
  add('Packets', groupDigits(s.packets))
  add('Bytes on the wire', sizeWithExact(s.bytes))
  add('Bytes captured', sizeWithExact(s.capturedBytes))
  if (s.start !== null && s.end !== null) {
    add('First packet', formatTime(s.start))
    add('Last packet', formatTime(s.end))
    add('Duration', formatDuration(s.duration))
    if (s.duration > 0) add('Average rate', `${humanBytes(Math.round(s.bytes / s.duration))}/s, ${(s.packets / s.duration).toFixed(1)} packets/s`)
  }
  add('Time precision', s.timePrecision)
  add('Protocols', ...countList(s.protocols, s.packets))
  add('IP conversations', groupDigits(s.ipConversations))
  const c = s.conversations
  add('Conversations', `tcp ${groupDigits(c.tcp)}, udp ${groupDigits(c.udp)}, ipv4 ${groupDigits(c.ipv4)}, ipv6 ${groupDigits(c.ipv6)}, eth ${groupDigits(c.eth)}`)
  add('Endpoints', groupDigits(s.endpoints))
  add('Flows', `${s.flowsEstimated ? '~' : ''}${groupDigits(s.flows)} (${s.flowMode} mode)`)
  const states = Object.fromEntries(Object.entries(s.flowStates).filter(([, v]) => v > 0))
  if (Object.keys(states).length) add('Flow states', ...countList(states, null))
  if (s.topTalkers.length) add('Top talkers', ...s.topTalkers.slice(0, 5).map((t) => `${escapeDisplay(t.address)}  ${humanBytes(t.bytes)}, ${groupDigits(t.packets)} packets`))
  add('Windows', `${groupDigits(s.windows.count)} of ${s.windows.bucketSeconds} s`)
  add('Anomalies', ...countList(s.anomalies, null))
  const unsupported = Object.fromEntries(Object.entries(s.unsupportedLinkTypes).map(([k, v]) => [linkTypeName(Number(k)), v]))
  if (Object.keys(unsupported).length) add('Not decoded', ...countList(unsupported, s.packets))
  add('Truncated', s.truncated === false ? 'no' : `yes, at byte ${groupDigits(s.truncated)}`)
  if (s.interfaces.length > 1 || s.interfaces.some((i) => i.name)) {
    add('Interfaces', ...s.interfaces.map((i, n) => `#${n} ${linkTypeName(i.linkType)}${i.name ? ` ${i.name}` : ''}`))
  }
  if (s.comments.length) add('Comments', ...s.comments)
  if (s.cancelled) add('Cancelled', 'yes: the numbers cover only part of the file')
  const width = Math.max(...rows.map(([label]) => label.length))
  const lines: string[] = []
  for (const [label, values] of rows) {
    values.forEach((v, i) => lines.push(`${(i === 0 ? label : '').padEnd(width)}  ${v}`))
  }
  return `${lines.join('\n')}\n`
}
