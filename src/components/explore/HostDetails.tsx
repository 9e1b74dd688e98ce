/**
 * One host in detail: what it is (role, names, MAC), how much it sent and received, whom it talked to, which
 * services it offers and uses, and how well its connections went (handshake RTT, jitter, loss measured as
 * TCP retransmissions, resets and refused attempts, ICMP unreachables) and how busy its link was, against a
 * link speed the user chooses (kept in the preferences).
 */
import type { HostService, Quantiles } from '../../analysis/queries/host-details.ts'
import type { DataSource } from '../../state/data-source.ts'
import { LINK_SPEEDS_BPS, setPreferences, usePreferences } from '../../state/preferences-store.ts'
import { useQuery } from '../../state/use-query.ts'
import { displayText } from '../../lib/escape.ts'
import { useViewStore } from '../../state/view-store.ts'
import { bitRate, count, shortDuration, size } from './cell-format.ts'
import { selectHost } from './explore-selection.ts'
import { HostCharts } from './HostCharts.tsx'

function quant(q: Quantiles | null): string {
  return q === null ? 'not measured' : `median ${shortDuration(q.median)}, 90th percentile ${shortDuration(q.p90)} (${count(q.samples)} flows)`
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(2)} %` : '—'
}

function peakRate(values: readonly number[], binSeconds: number): number {
  let peak = 0
  for (const v of values) if (v > peak) peak = v
  return (peak * 8) / binSeconds
}

export function HostDetails({ source, address }: { readonly source: DataSource; readonly address: string }) {
  const range = useViewStore((s) => s.timeRange)
  const linkBps = usePreferences((s) => s.linkSpeedBps)
  const q = useQuery(source, 'hostDetails', { address, bins: 120, range })
  if (q.status === 'error') return <p className="notice error" role="alert">{q.error}</p>
  const d = q.data
  if (!d) return <p className="muted" aria-busy="true">Loading {displayText(address, 64)}…</p>
  if (!d.found) return <p className="notice" data-testid="host-not-found">No IP flow involves {displayText(address, 64)}{range ? ' in the selected time range' : ''}.</p>
  const t = d.totals
  const span = d.series.bytesIn.length * d.series.binSeconds
  const meanBps = span > 0 ? ((t.bytesIn + t.bytesOut) * 8) / span : 0
  const peakIn = peakRate(d.series.bytesIn, d.series.binSeconds)
  const peakOut = peakRate(d.series.bytesOut, d.series.binSeconds)
  const flows = t.flowsOut + t.flowsIn
  return (
    <section className="host-details card" aria-label={`Host ${displayText(address, 64)}`} data-testid="host-details">
      <h2>
        <span className="file-name" data-testid="host-address">{displayText(d.address, 64)}</span>{d.name && <span className="muted"> · {displayText(d.name)}</span>}
        <span className={`role-badge role-${d.role}`} data-testid="host-role">{d.role}</span>
      </h2>
      <p className="muted">
        {d.mac ? `MAC ${d.mac}. ` : ''}{d.offLink ? 'Reached through a router: its MAC is the gateway\'s, so it is not on the local link. ' : ''}
        {range ? 'Figures cover the selected time range.' : 'Figures cover the whole capture.'}
      </p>
      <dl className="facts">
        <div><dt>Sent</dt><dd data-testid="host-bytes-out">{size(t.bytesOut)} in {count(t.packetsOut)} packets</dd></div>
        <div><dt>Received</dt><dd data-testid="host-bytes-in">{size(t.bytesIn)} in {count(t.packetsIn)} packets</dd></div>
        <div><dt>Flows opened / answered</dt><dd>{count(t.flowsOut)} / {count(t.flowsIn)}</dd></div>
        <div><dt>Peers</dt><dd>{count(t.peers)}</dd></div>
        <div><dt>Handshake RTT (latency)</dt><dd>{quant(d.rtt)}</dd></div>
        <div><dt>Jitter (packet spacing)</dt><dd>{quant(d.jitter)}</dd></div>
        <div><dt>Loss (TCP retransmissions)</dt><dd data-testid="host-loss">{count(d.retransmissions)} of {count(d.tcpPackets)} packets ({percent(d.retransmissions, d.tcpPackets)})</dd></div>
        <div><dt>Resets / failed attempts</dt><dd data-testid="host-errors">{count(d.resets)} / {count(d.failedConnections)} ({percent(d.resets + d.failedConnections, flows)} of flows)</dd></div>
        <div><dt>ICMP unreachable sent / received</dt><dd>{count(d.icmpUnreachableSent)} / {count(d.icmpUnreachableReceived)}</dd></div>
        <div><dt>Throughput peak in / out</dt><dd>{bitRate(peakIn)} / {bitRate(peakOut)} (mean {bitRate(meanBps)})</dd></div>
        <div>
          <dt><label htmlFor="link-speed">Link speed</label></dt>
          <dd>
            <select id="link-speed" value={linkBps} onChange={(e) => setPreferences({ linkSpeedBps: Number(e.target.value) })} data-testid="link-speed">
              {(LINK_SPEEDS_BPS.includes(linkBps) ? LINK_SPEEDS_BPS : [...LINK_SPEEDS_BPS, linkBps]).map((b) => <option key={b} value={b}>{bitRate(b)}</option>)}
            </select>{' '}
            peak utilisation <span data-testid="host-utilisation-peak">{percent(Math.max(peakIn, peakOut), linkBps)}</span>
          </dd>
        </div>
      </dl>
      <HostCharts details={d} linkBps={linkBps} />
      <div className="tables">
        <table className="count-table" data-testid="host-peers">
          <caption>Busiest peers</caption>
          <thead><tr><th scope="col">Peer</th><th scope="col">Role</th><th scope="col" className="num">Bytes</th><th scope="col" className="num">Flows</th></tr></thead>
          <tbody>
            {d.peers.map((p) => (
              <tr key={p.address}>
                <th scope="row"><button type="button" className="link" onClick={() => selectHost(p.address)} title={p.name === null ? undefined : displayText(p.name)}>{displayText(p.address, 64)}</button></th>
                <td>{p.role}</td><td className="num">{size(p.bytes)}</td><td className="num">{count(p.flows)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ServiceTable caption="Services it offers" rows={d.servicesOffered} who="clients" />
        <ServiceTable caption="Services it uses" rows={d.servicesUsed} who="servers" />
      </div>
    </section>
  )
}

function ServiceTable({ caption, rows, who }: { readonly caption: string; readonly rows: readonly HostService[]; readonly who: string }) {
  return (
    <table className="count-table">
      <caption>{caption}</caption>
      <thead><tr><th scope="col">Service</th><th scope="col" className="num">Flows</th><th scope="col" className="num">Bytes</th><th scope="col" className="num">{who}</th></tr></thead>
      <tbody>
        {rows.length === 0 && <tr><td colSpan={4} className="muted">none</td></tr>}
        {rows.map((s) => (
          <tr key={s.service}><th scope="row">{displayText(s.service, 80)}{s.app ? ` (${displayText(s.app, 40)})` : ''}</th><td className="num">{count(s.flows)}</td><td className="num">{size(s.bytes)}</td><td className="num">{count(s.peers)}</td></tr>
        ))}
      </tbody>
    </table>
  )
}

