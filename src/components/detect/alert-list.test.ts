import { describe, expect, it } from 'vitest'
import type { Alert } from '../../detect/alert.ts'
import { alertCounts, alertRange, filterAlerts, hostsFilter, sortAlertList } from './alert-list.ts'

const base: Alert = {
  id: 'a', detector: 'port-scan', category: 'port-scan', severity: 'high', confidence: 0.9, start: 100, end: 110, src: ['10.0.0.1'], dst: ['10.0.0.2'],
  srcCount: 1, dstCount: 1, ports: [], metric: 'm', unit: 'u', observed: 1, baseline: null, baselineSource: 'default', evidence: [], evidenceCount: 0, explanation: 'x', mitre: null,
}
const alerts: Alert[] = [
  base,
  { ...base, id: 'b', detector: 'flood', category: 'udp-flood', severity: 'critical', confidence: 0.5, start: 50 },
  { ...base, id: 'c', detector: 'beaconing', category: 'beaconing', severity: 'low', confidence: 0.95, start: 300 },
  { ...base, id: 'd', severity: 'high', confidence: 0.9, start: 20 },
]

describe('alert list', () => {
  it('filters by category and severity (empty = all)', () => {
    expect(filterAlerts(alerts, [], []).map((a) => a.id)).toEqual(['a', 'b', 'c', 'd'])
    expect(filterAlerts(alerts, ['port-scan'], []).map((a) => a.id)).toEqual(['a', 'd'])
    expect(filterAlerts(alerts, ['port-scan', 'beaconing'], ['low']).map((a) => a.id)).toEqual(['c'])
  })

  it('sorts by any column, both ways, keeping ties in engine order', () => {
    expect(sortAlertList(alerts, 'severity', true).map((a) => a.id)).toEqual(['b', 'a', 'd', 'c'])
    expect(sortAlertList(alerts, 'start', false).map((a) => a.id)).toEqual(['d', 'b', 'a', 'c'])
    expect(sortAlertList(alerts, 'confidence', true).map((a) => a.id)).toEqual(['c', 'a', 'd', 'b'])
    expect(sortAlertList(alerts, 'category', false).map((a) => a.id)).toEqual(['c', 'a', 'd', 'b'])
  })

  it('counts per category and severity', () => {
    const c = alertCounts(alerts)
    expect(c.categories).toEqual([['port-scan', 2], ['udp-flood', 1], ['beaconing', 1]])
    expect(c.severities).toEqual([['critical', 1], ['high', 2], ['low', 1]])
  })

  it('builds a hosts filter from addresses only, and a padded time range', () => {
    expect(hostsFilter({ src: ['10.0.0.1', 'fe80::1'], dst: ['10.0.0.1', 'evil || 1', '10.0.0.9'] })).toBe('ip.addr == 10.0.0.1 || ip.addr == fe80::1 || ip.addr == 10.0.0.9')
    expect(alertRange({ start: 100, end: 140 })).toEqual({ start: 90, end: 150 })
    expect(alertRange({ start: 2, end: 2 })).toEqual({ start: 0, end: 7 })
  })
})
