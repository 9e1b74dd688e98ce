/**
 * The topology view: who talks to whom. Hosts are circles sized by the bytes they exchanged and coloured by
 * role (or /24 subnet); lines join hosts that talked, thicker for more bytes. Past the node budget hosts are
 * grouped into subnets (in the worker); clicking a group opens it, clicking a host shows its details below.
 */
import { useMemo, useState } from 'react'
import type { TopologyResult } from '../../analysis/queries/topology-query.ts'
import { groupColors } from '../../charts/palette.ts'
import type { ViewProps } from '../views/view-definition.ts'
import { useQuery } from '../../state/use-query.ts'
import { useViewStore } from '../../state/view-store.ts'
import { count } from './cell-format.ts'
import { selectHost, useExploreSelection } from './explore-selection.ts'
import { HostDetails } from './HostDetails.tsx'
import { TopologyGraph } from './TopologyGraph.tsx'
import { useNewHosts } from '../detect/use-new-hosts.ts'

const DETAIL_LEVELS = [150, 300, 1000, 2000] as const

export function TopologyView({ source }: ViewProps) {
  const range = useViewStore((s) => s.timeRange)
  const host = useExploreSelection((s) => s.host)
  const [colorBy, setColorBy] = useState<'role' | 'subnet'>('role')
  const [maxNodes, setMaxNodes] = useState<number>(300)
  const [focus, setFocus] = useState<string | null>(null)
  const q = useQuery(source, 'topology', { maxNodes, colorBy, focus, range })
  const graph = q.data
  // Hosts new against the baseline (detection) are highlighted when asked for.
  const [showNew, setShowNew] = useState(false)
  const fresh = useNewHosts(source, showNew)
  const highlight = useMemo(() => (host ? [host, ...fresh.hosts] : [...fresh.hosts]), [host, fresh])
  const onNodeClick = (id: string) => {
    if (id.startsWith('subnet:')) setFocus(id)
    else if (id === 'outside') setFocus(null)
    else selectHost(id)
  }
  return (
    <div className="explore-view">
      <div className="card explore-controls" role="group" aria-label="Topology options">
        <label className="inline-control">Colour by{' '}
          <select value={colorBy} onChange={(e) => setColorBy(e.target.value === 'subnet' ? 'subnet' : 'role')} data-testid="topology-color">
            <option value="role">role</option>
            <option value="subnet">subnet (/24)</option>
          </select>
        </label>
        <label className="inline-control">Most nodes{' '}
          <select value={maxNodes} onChange={(e) => setMaxNodes(Number(e.target.value))}>
            {DETAIL_LEVELS.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <label className="inline-control">
          <input type="checkbox" checked={showNew} onChange={(e) => setShowNew(e.target.checked)} data-testid="topology-new" /> Highlight hosts new against the baseline
          {showNew && fresh.available && <span className="muted" data-testid="topology-new-count"> ({fresh.hosts.length} new hosts, {fresh.edges} new edges)</span>}
        </label>
        {focus && (
          <span>
            Showing <strong>{focus.replace(/^subnet:/, '')}</strong>{' '}
            <button type="button" className="small" onClick={() => setFocus(null)} data-testid="topology-back">Back to all hosts</button>
          </span>
        )}
        {graph && (
          <span className="muted" data-testid="topology-summary">
            {count(graph.hosts)} hosts{graph.level !== 'hosts' ? `, grouped by ${graph.level === 'top' ? 'busiest /16 subnets' : graph.level} into ${count(graph.nodes.length)} nodes (click a group to open it)` : ''}
            {graph.edgesDropped > 0 ? `; the ${count(graph.edges.length)} heaviest links shown` : ''}
          </span>
        )}
        {graph && <Legend graph={graph} byRole={colorBy === 'role'} />}
      </div>
      {q.status === 'error' && <p className="notice error" role="alert">{q.error}</p>}
      {graph && graph.nodes.length === 0 && <p className="notice">No IP traffic{range ? ' in the selected time range' : ''}: there is no host graph to draw.</p>}
      {graph && graph.nodes.length > 0 && (
        <TopologyGraph title="Host topology" graph={graph} layoutKey={`${source.id}|${colorBy}|${maxNodes}|${focus ?? ''}|${range ? `${range.start}-${range.end}` : ''}`}
          maxNodes={maxNodes} highlight={highlight} onNodeClick={onNodeClick} />
      )}
      {host && <HostDetails source={source} address={host} />}
    </div>
  )
}

/** Colour key: the chart colours groups with groupColors over the drawn nodes' groups, so this matches it. */
function Legend({ graph, byRole }: { readonly graph: TopologyResult; readonly byRole: boolean }) {
  const colors = groupColors(graph.nodes.map((n) => n.group))
  const entries = [...colors].slice(0, 12)
  return (
    <span className="legend" aria-label={byRole ? 'Colours: hosts per role' : 'Colours: subnets'} data-testid="topology-legend">
      {entries.map(([group, color]) => (
        <span key={group} className="role-badge">
          <span className="swatch" style={{ background: color }} aria-hidden="true" />
          {group}{byRole && graph.roles[group] !== undefined ? ` ${count(graph.roles[group])}` : ''}
        </span>
      ))}
      {colors.size > entries.length && <span className="muted">and {colors.size - entries.length} more</span>}
    </span>
  )
}
