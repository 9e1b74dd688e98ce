/**
 * One alert in detail: what was found in words, observed against the baseline as a chart, the flows it cites,
 * and buttons that open the topology on its hosts and the time series on its time range. Every string from the
 * capture (addresses, DNS names in explanations, flow info) is React text, escaped for display.
 */
import { useCallback, useMemo } from 'react'
import { renderObservedBaseline } from '../../charts/observed-baseline.ts'
import type { Alert } from '../../detect/alert.ts'
import { escapeDisplay } from '../../lib/escape.ts'
import type { DataSource } from '../../state/data-source.ts'
import { selectAlert } from '../../state/detect-store.ts'
import { useQuery } from '../../state/use-query.ts'
import { setFilter, setTimeRange, setView } from '../../state/view-store.ts'
import { count, fullTime, shortDuration, size } from '../explore/cell-format.ts'
import { selectHost } from '../explore/explore-selection.ts'
import { Chart } from '../shell/Chart.tsx'
import { alertRange, hostsFilter } from './alert-list.ts'

const BASELINE_SOURCE = { baseline: 'the learned baseline', self: 'what is typical in this input', default: "the detector's threshold" } as const

export function AlertDetail({ source, alert }: { readonly source: DataSource; readonly alert: Alert }) {
  const ids = useMemo(() => ({ ids: [...alert.evidence] }), [alert.evidence])
  const flows = useQuery(source, 'evidenceFlows', ids)
  const draw = useCallback(
    (svg: SVGSVGElement, width: number) =>
      renderObservedBaseline(svg, { metric: alert.metric, unit: alert.unit, observed: alert.observed, baseline: alert.baseline, baselineSource: alert.baselineSource }, { width: Math.min(width, 640) }),
    [alert],
  )
  const showInTopology = (): void => {
    setTimeRange(alertRange(alert))
    selectHost(alert.src[0] ?? alert.dst[0] ?? null)
    setView('topology')
  }
  const showOnTimeline = (): void => {
    setTimeRange(alertRange(alert))
    setView('time-series')
  }
  const showFlows = (): void => {
    setFilter(hostsFilter(alert))
    setTimeRange(alertRange(alert))
    setView('flows')
  }
  return (
    <section className="card alert-detail" aria-labelledby="alert-detail-title" data-testid="alert-detail" data-alert={alert.id}>
      <h3 id="alert-detail-title">
        <span className={`severity severity-${alert.severity}`}>{alert.severity}</span> {alert.category}{' '}
        <span className="muted">from {alert.detector}, confidence {alert.confidence.toFixed(2)}</span>
        <button type="button" className="small close" onClick={() => selectAlert(null)} aria-label="Close the alert detail">Close</button>
      </h3>
      <p data-testid="alert-explanation">{escapeDisplay(alert.explanation, 2000)}</p>
      <dl className="alert-facts">
        <dt>When</dt><dd>{fullTime(alert.start)} for {shortDuration(alert.end - alert.start) || '0 s'}</dd>
        <dt>Source{alert.srcCount > 1 ? 's' : ''}</dt><dd>{alert.src.length > 0 ? alert.src.map((h) => escapeDisplay(h, 64)).join(', ') : '–'}{alert.srcCount > alert.src.length ? ` and ${count(alert.srcCount - alert.src.length)} more` : ''}</dd>
        <dt>Target{alert.dstCount > 1 ? 's' : ''}</dt><dd>{alert.dst.length > 0 ? alert.dst.map((h) => escapeDisplay(h, 64)).join(', ') : '–'}{alert.dstCount > alert.dst.length ? ` and ${count(alert.dstCount - alert.dst.length)} more` : ''}</dd>
        {alert.ports.length > 0 && (<><dt>Ports</dt><dd>{alert.ports.slice(0, 20).join(', ')}{alert.ports.length > 20 ? ', …' : ''}</dd></>)}
        <dt>Compared with</dt><dd>{BASELINE_SOURCE[alert.baselineSource]}</dd>
        {alert.mitre && (<><dt>ATT&amp;CK</dt><dd>{alert.mitre.id} {alert.mitre.name}</dd></>)}
      </dl>
      <Chart title="Observed against baseline" draw={draw} testId="alert-observed-chart" />
      <div className="alert-actions" role="group" aria-label="Show this alert elsewhere">
        <button type="button" onClick={showInTopology} data-testid="alert-show-topology">Show in topology</button>
        <button type="button" onClick={showOnTimeline} data-testid="alert-show-timeline">Show on the timeline</button>
        <button type="button" onClick={showFlows} data-testid="alert-show-flows">Show its hosts' flows</button>
      </div>
      <h4>Evidence: {count(alert.evidence.length)} of {count(alert.evidenceCount)} flow{alert.evidenceCount === 1 ? '' : 's'}</h4>
      {flows.status === 'error' && <p className="notice error" role="alert">{flows.error}</p>}
      {flows.data && flows.data.length > 0 && (
        <div className="evidence-scroll">
          <table className="count-table" data-testid="alert-evidence">
            <thead>
              <tr>
                <th scope="col" className="num">Flow</th><th scope="col">Start (UTC)</th><th scope="col">Proto</th><th scope="col">Source</th>
                <th scope="col">Destination</th><th scope="col">State</th><th scope="col" className="num">Packets</th><th scope="col" className="num">Bytes</th><th scope="col">Info</th>
              </tr>
            </thead>
            <tbody>
              {flows.data.map((f) => (
                <tr key={f.id} data-testid="alert-evidence-row">
                  <td className="num">{f.id}</td>
                  <td>{fullTime(f.start)}</td>
                  <td>{f.app ? `${f.proto}/${escapeDisplay(f.app, 24)}` : f.proto}</td>
                  <td>{escapeDisplay(f.src, 64)}{f.srcPort !== null ? `:${f.srcPort}` : ''}</td>
                  <td>{escapeDisplay(f.dst, 64)}{f.dstPort !== null ? `:${f.dstPort}` : ''}</td>
                  <td>{f.state}</td>
                  <td className="num">{count(f.packets)}</td>
                  <td className="num">{size(f.bytes)}</td>
                  <td>{escapeDisplay(f.info, 120)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {flows.data && flows.data.length === 0 && alert.evidence.length > 0 && <p className="muted">The cited flows are not in this data (the session kept fewer flows).</p>}
    </section>
  )
}
