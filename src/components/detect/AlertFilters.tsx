/** Category and severity toggles with their counts, and the sort, above the alerts table. */
import type { Alert } from '../../detect/alert.ts'
import { clearAlertFilters, toggleCategory, toggleSeverity, useDetectStore } from '../../state/detect-store.ts'
import { alertCounts } from './alert-list.ts'

export function AlertFilters({ alerts }: { readonly alerts: readonly Alert[] }) {
  const categories = useDetectStore((s) => s.categories)
  const severities = useDetectStore((s) => s.severities)
  const counts = alertCounts(alerts)
  return (
    <div className="alert-filters" role="group" aria-label="Filter alerts">
      <div className="chips" role="group" aria-label="By category" data-testid="alert-category-counts">
        <span className="muted">Category:</span>
        {counts.categories.map(([c, n]) => (
          <button key={c} type="button" className={`chip${categories.includes(c) ? ' on' : ''}`} aria-pressed={categories.includes(c)} onClick={() => toggleCategory(c)} data-testid="alert-category" data-category={c}>
            {c} <span className="count">{n}</span>
          </button>
        ))}
      </div>
      <div className="chips" role="group" aria-label="By severity">
        <span className="muted">Severity:</span>
        {counts.severities.map(([v, n]) => (
          <button key={v} type="button" className={`chip severity-${v}${severities.includes(v) ? ' on' : ''}`} aria-pressed={severities.includes(v)} onClick={() => toggleSeverity(v)} data-testid="alert-severity" data-severity={v}>
            {v} <span className="count">{n}</span>
          </button>
        ))}
        {(categories.length > 0 || severities.length > 0) && (
          <button type="button" className="small" onClick={clearAlertFilters} data-testid="alert-filters-clear">Show all</button>
        )}
      </div>
    </div>
  )
}
