/**
 * The host details view: pick a host (typed, from the busiest endpoints, or clicked in the topology and the
 * tables) and see everything about it. Without a pick it shows the busiest host.
 */
import { useId, useState } from 'react'
import type { ViewProps } from '../views/view-definition.ts'
import { useQuery } from '../../state/use-query.ts'
import { selectHost, useExploreSelection } from './explore-selection.ts'
import { HostDetails } from './HostDetails.tsx'
import { displayText } from '../../lib/escape.ts'

export function HostView({ source }: ViewProps) {
  const picked = useExploreSelection((s) => s.host)
  const top = useQuery(source, 'endpointsPage', { limit: 50, sort: { column: 'bytes', descending: true } })
  const busiest = top.data?.rows[0]?.address ?? null
  const host = picked ?? busiest
  const [text, setText] = useState('')
  const id = useId()
  return (
    <div className="explore-view">
      <form className="card explore-controls" onSubmit={(e) => { e.preventDefault(); if (text.trim() !== '') selectHost(text.trim()) }}>
        <label htmlFor={id}>Host address</label>
        <input id={id} list={`${id}-list`} value={text} onChange={(e) => setText(e.target.value)} placeholder={host ?? '10.0.0.1'} spellCheck={false} data-testid="host-input" />
        <datalist id={`${id}-list`}>
          {(top.data?.rows ?? []).map((r) => <option key={r.address} value={r.address}>{displayText(r.name ?? r.role, 80)}</option>)}
        </datalist>
        <button type="submit" className="small">Show</button>
        {picked === null && busiest !== null && <span className="muted">Showing the busiest host.</span>}
      </form>
      {host === null ? <p className="notice">No IP hosts in this capture.</p> : <HostDetails source={source} address={host} />}
    </div>
  )
}
