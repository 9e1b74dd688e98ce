/**
 * The Alerts view: what the detectors found, provisional while the file is still being read (a live stream:
 * the list grows as detection re-runs on the flows read so far) and final after. Counts per category and
 * severity double as filters; the table sorts; a row opens the alert's detail. The timeline shows the traffic
 * against the baseline band with every alert marked.
 */
import { useMemo } from 'react'
import { formatCount } from '../../lib/display-format.ts'
import { useDetectStore } from '../../state/detect-store.ts'
import { useQuery } from '../../state/use-query.ts'
import { setView } from '../../state/view-store.ts'
import type { ViewProps } from '../views/view-definition.ts'
import { AlertDetail } from './AlertDetail.tsx'
import { AlertFilters } from './AlertFilters.tsx'
import { filterAlerts, sortAlertList } from './alert-list.ts'
import { AlertsTable } from './AlertsTable.tsx'
import { AlertTimeline } from './AlertTimeline.tsx'
import { MountLater } from './MountLater.tsx'

export function AlertsView({ source }: ViewProps) {
  const q = useQuery(source, 'detection', {})
  // Field by field: the whole store also holds the live alert count, which changes with every progress report.
  const categories = useDetectStore((s) => s.categories)
  const severities = useDetectStore((s) => s.severities)
  const sort = useDetectStore((s) => s.sort)
  const selected = useDetectStore((s) => s.selected)
  const d = q.data
  const all = useMemo(() => d?.alerts ?? [], [d])
  const shown = useMemo(() => sortAlertList(filterAlerts(all, categories, severities), sort.column, sort.descending), [all, categories, severities, sort])
  const detail = selected === null ? undefined : all.find((a) => a.id === selected)
  if (q.status === 'error') return <p className="notice error" role="alert">{q.error}</p>
  if (d === null) {
    return (
      <section className="card" data-testid="alerts-view" data-alerts="none">
        <h2>Alerts</h2>
        <p className="muted" data-testid="alerts-waiting">
          {q.status === 'loading' || source.kind === 'live' ? 'The detectors run as soon as enough of the file has been read; alerts will appear here.' : 'This saved session was stored before detection was added: open the capture again to run the detectors.'}
        </p>
      </section>
    )
  }
  const info = d.detection
  return (
    <div className="alerts-view" data-testid="alerts-view" data-alerts={all.length} data-provisional={d.provisional ? 'true' : 'false'} data-sequence={d.sequence}>
      <section className="card">
        <h2>
          Alerts <span className="count" data-testid="alerts-count">{formatCount(all.length)}</span>
          {d.provisional && <span className="badge provisional" data-testid="alerts-provisional">provisional: still reading</span>}
        </h2>
        <p className="muted" data-testid="alerts-mode">
          {info.mode === 'baseline' ? `Compared with a baseline learned from ${d.baselineLabel}.` : 'Self-contained detection: no usable baseline (too little traffic to learn from, or none chosen).'}
          {info.droppedAlerts > 0 && ` ${formatCount(info.droppedAlerts)} less severe alerts were dropped.`}
          {' '}Detection took {Math.round(info.milliseconds)} ms.{' '}
          {d.canRerun && <button type="button" className="small" onClick={() => setView('detector-settings')}>Detector settings</button>}{' '}
          <button type="button" className="small" onClick={() => setView('baseline')}>Baseline</button>
        </p>
        {info.detectors.some((r) => r.error !== undefined) && (
          <p className="notice error" role="alert">Some detectors failed and were skipped: {info.detectors.filter((r) => r.error !== undefined).map((r) => r.id).join(', ')}.</p>
        )}
        <AlertFilters alerts={all} />
      </section>
      <MountLater>
        <AlertTimeline source={source} alerts={shown} />
        {all.length === 0 ? (
          <p className="card muted" data-testid="alerts-none">No alerts{d.provisional ? ' so far' : ''}: nothing the detectors look for stood out.</p>
        ) : (
          <section className="card">
            <p className="muted">Showing {formatCount(shown.length)} of {formatCount(all.length)}. Click a row (or press Enter on it) for the detail.</p>
            <AlertsTable alerts={shown} />
          </section>
        )}
        {detail && <AlertDetail key={detail.id} source={source} alert={detail} />}
      </MountLater>
    </div>
  )
}
