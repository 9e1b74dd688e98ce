/**
 * What the page shows for a traffic table: its summary, its labels, and a plain statement of which capture
 * views the dataset cannot feed (no timestamps: no time series or heatmaps; no addresses: no topology,
 * endpoints or conversations), so the user is told why rather than shown empty charts.
 */
import type { TableSummary } from '../../analysis/table-summary.ts'
import { LabelsView } from './LabelsView.tsx'
import { TableSummaryView } from './TableSummaryView.tsx'

function Limits({ s }: { readonly s: TableSummary }) {
  const missing: string[] = []
  if (!s.hasTimestamps) missing.push('This dataset has no timestamps: time series, heatmaps and replay need them.')
  if (!s.hasAddresses) missing.push('This dataset has no addresses: topology, endpoints, conversations and top talkers need them.')
  if (missing.length === 0) return null
  return (
    <section className="card notice" data-testid="table-limits">
      {missing.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </section>
  )
}

export function TableScreen({ summary }: { readonly summary: TableSummary }) {
  return (
    <div className="table-screen" data-testid="table-screen">
      <TableSummaryView summary={summary} />
      <Limits s={summary} />
      <LabelsView summary={summary} />
    </div>
  )
}
