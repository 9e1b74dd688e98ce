/** The time series' chart of traffic against the baseline band with every alert marked (Time series view). */
import { useQuery } from '../../state/use-query.ts'
import type { DataSource } from '../../state/data-source.ts'
import { setView } from '../../state/view-store.ts'
import { AlertTimeline } from './AlertTimeline.tsx'

export function BaselineTimeline({ source }: { readonly source: DataSource }) {
  const d = useQuery(source, 'detection', {}).data
  if (!d) return null
  return (
    <div data-testid="ts-baseline">
      <AlertTimeline source={source} alerts={d.alerts} title="Against the baseline, with alerts" />
      <p className="muted">
        The shaded strip is the packet rate the baseline learned as normal; markers are alerts (click one for its detail in the{' '}
        <button type="button" className="link" onClick={() => setView('alerts')}>Alerts view</button>).
      </p>
    </div>
  )
}
