/**
 * The Alerts view's list logic, pure so it is tested without a page: filtering by category and severity,
 * sorting by a column, counting per category and severity, and the filter that shows an alert's hosts.
 */
import { ALERT_CATEGORIES, SEVERITIES, severityRank, type Alert, type AlertCategory, type Severity } from '../../detect/alert.ts'
import type { AlertSortColumn } from '../../state/detect-store.ts'

export function filterAlerts(alerts: readonly Alert[], categories: readonly AlertCategory[], severities: readonly Severity[]): Alert[] {
  return alerts.filter((a) => (categories.length === 0 || categories.includes(a.category)) && (severities.length === 0 || severities.includes(a.severity)))
}

const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** A stable sort (ties keep the engine's order: most severe, most confident, earliest). */
export function sortAlertList(alerts: readonly Alert[], column: AlertSortColumn, descending: boolean): Alert[] {
  const key = (a: Alert, b: Alert): number => {
    switch (column) {
      case 'severity': return severityRank(a.severity) - severityRank(b.severity)
      case 'start': return a.start - b.start
      case 'confidence': return a.confidence - b.confidence
      case 'category': return text(a.category, b.category)
      case 'detector': return text(a.detector, b.detector)
    }
  }
  const indexed = alerts.map((a, i) => [a, i] as const)
  indexed.sort(([a, i], [b, j]) => (descending ? key(b, a) : key(a, b)) || i - j)
  return indexed.map(([a]) => a)
}

/** Alerts per category and per severity, in the closed sets' order, zero counts left out. */
export function alertCounts(alerts: readonly Alert[]): { categories: [AlertCategory, number][]; severities: [Severity, number][] } {
  const c = new Map<AlertCategory, number>()
  const s = new Map<Severity, number>()
  for (const a of alerts) {
    c.set(a.category, (c.get(a.category) ?? 0) + 1)
    s.set(a.severity, (s.get(a.severity) ?? 0) + 1)
  }
  return {
    categories: ALERT_CATEGORIES.filter((k) => c.has(k)).map((k) => [k, c.get(k) ?? 0]),
    severities: [...SEVERITIES].reverse().filter((k) => s.has(k)).map((k) => [k, s.get(k) ?? 0]),
  }
}

/** Addresses are text from the engine's formatter; anything else is left out of a filter expression. */
const ADDRESS = /^[0-9a-fA-F:.]{2,45}$/

/** A display filter selecting the flows of an alert's hosts: "ip.addr == a || ip.addr == b" (at most 8). */
export function hostsFilter(alert: Pick<Alert, 'src' | 'dst'>): string {
  const hosts = [...new Set([...alert.src, ...alert.dst])].filter((h) => ADDRESS.test(h)).slice(0, 8)
  return hosts.map((h) => `ip.addr == ${h}`).join(' || ')
}

/** The time range shown for an alert: its span with a margin of a quarter of it (at least 5 s) on each side. */
export function alertRange(alert: Pick<Alert, 'start' | 'end'>): { start: number; end: number } {
  const span = Math.max(0, alert.end - alert.start)
  const pad = Math.max(5, span / 4)
  return { start: Math.max(0, alert.start - pad), end: alert.end + pad }
}
