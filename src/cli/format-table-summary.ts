/**
 * The text form of a TableSummary for people: dialect, records, rejected rows with their reasons, labels per
 * class, time span and the top protocols, services and talkers. Every string that came from the file (label
 * names, column names, addresses, reasons) is escaped for the terminal.
 */
import type { TableSummary } from '../analysis/table-summary.ts'
import { escapeDisplay } from '../lib/escape.ts'
import { formatTime, groupDigits, humanBytes } from './format-summary.ts'

/** Rows shown per ranked list (protocols, services, states, talkers, label classes). */
const TOP = 10

function ranked(title: string, counts: { readonly [name: string]: number }, lines: string[]): void {
  const entries = Object.entries(counts)
  if (entries.length === 0) return
  lines.push(`${title}:`)
  for (const [name, n] of entries.slice(0, TOP)) lines.push(`  ${escapeDisplay(name, 80).padEnd(24)} ${groupDigits(n)}`)
  if (entries.length > TOP) lines.push(`  ... ${entries.length - TOP} more`)
}

export function formatTableSummary(s: TableSummary, path: string): string {
  const lines: string[] = []
  const row = (label: string, value: string): void => void lines.push(`${label.padEnd(20)} ${value}`)
  row('File', escapeDisplay(path))
  row('Format', `table: ${s.dialectLabel} (${s.dialect}${s.confidence < 1 ? `, confidence ${s.confidence}` : ''})${s.compression ? `, ${s.compression}` : ''}`)
  row('Records', groupDigits(s.records))
  if (s.flows > 0) row('Flows', groupDigits(s.flows))
  if (s.packets > 0) row('Packets', groupDigits(s.packets))
  if (s.facts > 0) row('Facts', groupDigits(s.facts))
  row('Rejected rows', groupDigits(s.rejectedRows.count))
  for (const [reason, n] of Object.entries(s.rejectedRows.reasons).slice(0, TOP)) lines.push(`  ${escapeDisplay(reason, 120)}: ${groupDigits(n)}`)
  if (s.bytes > 0) row('Bytes', humanBytes(s.bytes))
  if (s.hasTimestamps && s.start !== null && s.end !== null) {
    if (s.timeBase === 'epoch') {
      row('First record', formatTime(s.start))
      row('Last record', formatTime(s.end))
    } else row('Time span', `${(s.end - s.start).toFixed(6)} s (times relative to the capture start)`)
  } else row('Timestamps', 'none in this dataset')
  if (!s.hasAddresses) row('Addresses', 'none in this dataset')
  if (s.truncated) row('Truncated', `at line ${s.truncated.line}: ${escapeDisplay(s.truncated.reason, 200)}`)
  lines.push(`Labels:              ${s.labels.column === null ? 'none' : `column ${escapeDisplay(s.labels.column, 80)}`}`)
  const classes = Object.entries(s.labels.classes)
  for (const [name, c] of classes.slice(0, TOP)) lines.push(`  ${escapeDisplay(name, 80).padEnd(24)} ${groupDigits(c.rows)}`)
  if (classes.length > TOP) lines.push(`  ... ${classes.length - TOP} more classes`)
  ranked('Protocols', s.protocols, lines)
  ranked('Services', s.services, lines)
  ranked('Connection states', s.connStates, lines)
  if (s.topTalkers.length > 0) {
    lines.push('Top talkers (bytes):')
    for (const t of s.topTalkers.slice(0, TOP)) lines.push(`  ${escapeDisplay(t.address, 60).padEnd(24)} ${humanBytes(t.bytes)} in ${groupDigits(t.records)} records`)
  }
  const notes = Object.entries(s.notes)
  if (notes.length > 0) lines.push(`Notes:               ${notes.map(([code, n]) => `${escapeDisplay(code, 60)} ${groupDigits(n)}`).join(', ')}`)
  return `${lines.join('\n')}\n`
}
