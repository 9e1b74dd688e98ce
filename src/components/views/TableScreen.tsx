/**
 * What the page shows for a traffic table: its summary, its labels, a plain statement of which capture
 * views the dataset cannot feed (no timestamps: no time series or heatmaps; no addresses: no topology,
 * endpoints or conversations), so the user is told why rather than shown empty charts, and the exploration
 * views (flows, conversations, endpoints, topology) over the table's flow records.
 */
import { useState } from 'react'
import type { TableSummary } from '../../analysis/table-summary.ts'
import { useTableStore } from '../../state/table-store.ts'
import { exploreViews } from '../explore/index.ts'
import { LabelsView } from './LabelsView.tsx'
import { TableSummaryView } from './TableSummaryView.tsx'

/** The exploration views a table's flow records can feed (replay needs packets). */
const TABLE_VIEWS = exploreViews.filter((v) => v.id !== 'replay')

function TableFlows() {
  const source = useTableStore((s) => s.flowSource)
  const unknownPackets = useTableStore((s) => s.unknownPackets)
  // The chosen view belongs to one table: a newly read table opens on its flows again.
  const [choice, setChoice] = useState<{ readonly sourceId: string; readonly viewId: string } | null>(null)
  if (source === null) return null
  const viewId = choice !== null && choice.sourceId === source.id ? choice.viewId : 'flows'
  const view = TABLE_VIEWS.find((v) => v.id === viewId) ?? TABLE_VIEWS[0]
  if (view === undefined) return null
  const View = view.component
  return (
    <section className="card" data-testid="table-explore" aria-label="The table's flows">
      <h2>Explore the flows</h2>
      <div role="tablist" aria-label="Flow views" className="view-tabs">
        {TABLE_VIEWS.map((v) => (
          <button key={v.id} type="button" role="tab" aria-selected={v.id === view.id} data-testid={`table-view-${v.id}`} onClick={() => setChoice({ sourceId: source.id, viewId: v.id })}>
            {v.label}
          </button>
        ))}
      </div>
      <p className="muted">{view.explanation}</p>
      {unknownPackets && (
        <p className="notice" data-testid="table-unknown-packets">
          This table does not give packet counts: the packet columns below read 0 where the count is unknown. Times and
          bytes the table does not give are left empty.
        </p>
      )}
      <div role="tabpanel" data-testid="table-view" data-view={view.id}>
        <View source={source} />
      </div>
    </section>
  )
}

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
      <TableFlows />
    </div>
  )
}
