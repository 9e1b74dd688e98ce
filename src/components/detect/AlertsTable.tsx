/**
 * The alerts as a virtualised table (explore/VirtualTable.tsx): only visible rows are in the DOM, headers sort,
 * Enter or a click opens the alert's detail. The list is at most a few thousand alerts, held by the view.
 */
import { useCallback } from 'react'
import type { Alert } from '../../detect/alert.ts'
import { escapeDisplay } from '../../lib/escape.ts'
import { selectAlert, sortAlerts, useDetectStore, type AlertSortColumn } from '../../state/detect-store.ts'
import { clockTime, fullTime } from '../explore/cell-format.ts'
import { VirtualTable, type Column } from '../explore/VirtualTable.tsx'

const hosts = (list: readonly string[], total: number): string => (list.length === 0 ? '' : `${list.slice(0, 2).join(', ')}${total > 2 ? ` +${total - 2}` : ''}`)

const COLUMNS: readonly Column<Alert>[] = [
  { key: 'severity', label: 'Severity', width: '6rem', sort: 'severity', text: (a) => a.severity },
  { key: 'category', label: 'Category', width: '9rem', sort: 'category', text: (a) => a.category },
  { key: 'start', label: 'Start (UTC)', width: '7.5rem', sort: 'start', text: (a) => clockTime(a.start), title: (a) => fullTime(a.start) },
  { key: 'src', label: 'Source', width: 'minmax(8rem, 1fr)', text: (a) => hosts(a.src, a.srcCount), title: (a) => a.src.join(', ') },
  { key: 'dst', label: 'Target', width: 'minmax(8rem, 1fr)', text: (a) => hosts(a.dst, a.dstCount), title: (a) => a.dst.join(', ') },
  { key: 'confidence', label: 'Conf.', width: '4.5rem', align: 'right', sort: 'confidence', text: (a) => a.confidence.toFixed(2) },
  { key: 'detector', label: 'Detector', width: '8rem', sort: 'detector', text: (a) => a.detector },
  { key: 'explanation', label: 'What', width: 'minmax(12rem, 3fr)', text: (a) => escapeDisplay(a.explanation, 160), title: (a) => escapeDisplay(a.explanation, 2000) },
]

export function AlertsTable({ alerts }: { readonly alerts: readonly Alert[] }) {
  const sort = useDetectStore((s) => s.sort)
  const row = useCallback((i: number) => alerts[i], [alerts])
  const ensure = useCallback(() => undefined, [])
  return (
    <VirtualTable
      label="Alerts"
      columns={COLUMNS}
      rowCount={alerts.length}
      row={row}
      ensure={ensure}
      sort={sort}
      onSort={(c) => sortAlerts(c as AlertSortColumn)}
      onOpen={(a) => selectAlert(a.id)}
      revision={alerts.length}
      testId="alerts-table"
    />
  )
}
