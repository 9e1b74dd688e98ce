/**
 * The Baseline view: what the twin learned as normal, and from when. The period (and fraction), the global
 * per-second bands, the protocol and port mix, the hosts with their bands, fan-out and peer sets, the services,
 * and what is new since (hosts and edges not in the baseline). The baseline can be exported as JSON, imported,
 * or learned again from another part of the input or another session (BaselineSourceForm).
 */
import { useCallback, useMemo, useState } from 'react'
import { baselineToJSON } from '../../baseline/baseline-json.ts'
import type { Band } from '../../baseline/robust-stats.ts'
import type { Baseline, HostBaseline } from '../../baseline/types.ts'
import { renderBarChart } from '../../charts/bar-chart.ts'
import { formatCount } from '../../lib/display-format.ts'
import { escapeDisplay } from '../../lib/escape.ts'
import { useAnalysisStore } from '../../state/analysis-store.ts'
import { useQuery } from '../../state/use-query.ts'
import { Chart } from '../shell/Chart.tsx'
import type { ViewProps } from '../views/view-definition.ts'
import { fullTime, shortDuration } from '../explore/cell-format.ts'
import { BaselineSourceForm } from './BaselineSourceForm.tsx'

const HOSTS_SHOWN = 100
const num = (v: number): string => (Math.abs(v) >= 100 ? formatCount(Math.round(v)) : v.toFixed(v === 0 ? 0 : 2))

function BandCells({ band }: { readonly band: Band }) {
  return (
    <>
      <td className="num">{num(band.median)}</td>
      <td className="num">{num(band.mad)}</td>
      <td className="num">{num(band.p95)}</td>
      <td className="num">{num(band.max)}</td>
    </>
  )
}

function MixChart({ title, mix, testId }: { readonly title: string; readonly mix: Baseline['global']['protocolMix']; readonly testId: string }) {
  const draw = useCallback(
    (svg: SVGSVGElement, width: number) =>
      renderBarChart(svg, { labels: mix.map((m) => m.key), values: mix.map((m) => m.share * 100) }, { label: title, width: Math.min(width, 560), maxBars: 20, formatValue: (v) => `${v.toFixed(1)}%` }),
    [mix, title],
  )
  return <Chart title={title} draw={draw} testId={testId} empty={mix.length === 0 ? 'Nothing in the period.' : null} />
}

function HostRow({ h }: { readonly h: HostBaseline }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <tr data-testid="baseline-host">
        <th scope="row">{escapeDisplay(h.addr, 64)}{h.internal ? '' : ' (external)'}</th>
        <td className="num">{num(h.bytesOut.median)}</td>
        <td className="num">{num(h.bytesOut.p95)}</td>
        <td className="num">{num(h.flowsOut.median)}</td>
        <td className="num">{h.fanOut.hosts} / {h.fanOut.ports}</td>
        <td className="num">{(h.failedRatio * 100).toFixed(0)}%</td>
        <td>
          <button type="button" className="small" aria-expanded={open} onClick={() => setOpen(!open)}>
            {h.peers.length}{h.peersTruncated ? '+' : ''} peers
          </button>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={7} className="peer-list">
            <strong>Peers:</strong> {h.peers.map((p) => escapeDisplay(p, 64)).join(', ') || 'none'}
            <br /><strong>Served:</strong> {h.served.join(', ') || 'none'} <strong>Used:</strong> {h.used.join(', ') || 'none'}
          </td>
        </tr>
      )}
    </>
  )
}

export function BaselineView({ source }: ViewProps) {
  const b = useQuery(source, 'baseline', {}).data
  const d = useQuery(source, 'detection', {}).data
  const fresh = useQuery(source, 'newAgainstBaseline', {}).data
  const fileName = useAnalysisStore((s) => s.name)
  const json = useMemo(() => (b ? `${baselineToJSON(b, 1)}\n` : null), [b])
  const hosts = useMemo(() => (b ? [...b.hosts].sort((x, y) => y.totalBytesOut + y.totalBytesIn - (x.totalBytesOut + x.totalBytesIn)).slice(0, HOSTS_SHOWN) : []), [b])
  const form = <BaselineSourceForm source={source} settings={d?.settings ?? null} json={json} fileName={fileName} />
  if (!b) {
    return (
      <div className="baseline-view" data-testid="baseline-view" data-baseline="none">
        <section className="card">
          <h2>Baseline</h2>
          <p className="muted">{d ? 'No baseline is in use: detection is self-contained.' : 'No detection has run yet.'}</p>
        </section>
        {form}
      </div>
    )
  }
  const g = b.global
  const s = b.source
  return (
    <div className="baseline-view" data-testid="baseline-view" data-baseline={s.fraction === null ? 'range' : String(s.fraction)}>
      <section className="card">
        <h2>Baseline</h2>
        <p data-testid="baseline-period">
          Learned from {d?.baselineLabel ?? 'this input'}: {fullTime(s.start)} to {fullTime(s.end)} ({shortDuration(s.end - s.start) || '0 s'}
          {s.fraction !== null ? `, the first ${Math.round(s.fraction * 100)}% of the input` : ''}), in windows of {b.windowSeconds} s.
          {s.fileName !== null && <> File: {escapeDisplay(s.fileName, 120)}.</>}
        </p>
        {b.thin && <p className="notice" data-testid="baseline-thin">The period held too little traffic for its bands to mean much: detectors that need a baseline stay silent, the others use their defaults.</p>}
        <table className="count-table" data-testid="baseline-global">
          <caption>Normal rates per second over the period</caption>
          <thead><tr><th scope="col">Measure</th><th scope="col" className="num">Median</th><th scope="col" className="num">MAD</th><th scope="col" className="num">95th pct.</th><th scope="col" className="num">Max</th></tr></thead>
          <tbody>
            {([['Packets', g.packets], ['Bytes', g.bytes], ['Flows started', g.flows], ['Failed connections', g.failed], ['DNS queries', g.dnsQueries], ['TLS handshakes', g.tlsHandshakes], ['TCP SYN packets', g.synPackets]] as const).map(([name, band]) => (
              <tr key={name}><th scope="row">{name}</th><BandCells band={band} /></tr>
            ))}
          </tbody>
        </table>
        <p className="muted">
          {formatCount(g.totalFlows)} flows, {formatCount(g.totalPackets)} packets in the period; {formatCount(b.hosts.length)} hosts{b.truncated.hosts ? ' (capped)' : ''},{' '}
          {formatCount(b.services.length)} services, {formatCount(b.edges.length)} edges{b.truncated.edges ? ' (capped)' : ''}; TLS fingerprints: {g.tls.ja3.length} JA3.
        </p>
      </section>
      <div className="chart-row">
        <MixChart title="Protocol mix in the baseline" mix={g.protocolMix} testId="baseline-protocol-mix" />
        <MixChart title="Port mix in the baseline" mix={g.portMix} testId="baseline-port-mix" />
      </div>
      {fresh && (
        <section className="card" data-testid="baseline-new">
          <h3>New since the baseline</h3>
          <p>
            <strong>{formatCount(fresh.hosts.length)}</strong> host(s) and <strong>{formatCount(fresh.edges.length)}</strong> edge(s) appeared after {fullTime(fresh.since)} that the baseline never saw
            {fresh.truncated ? ' (lists capped)' : ''}. The topology view can highlight them.
          </p>
          {fresh.hosts.length > 0 && <p className="muted" data-testid="baseline-new-hosts">Hosts: {fresh.hosts.slice(0, 40).map((h) => escapeDisplay(h, 64)).join(', ')}{fresh.hosts.length > 40 ? ', …' : ''}</p>}
          {fresh.edges.length > 0 && <p className="muted">Edges: {fresh.edges.slice(0, 30).map((e) => `${escapeDisplay(e.src, 64)} → ${escapeDisplay(e.dst, 64)}`).join(', ')}{fresh.edges.length > 30 ? ', …' : ''}</p>}
        </section>
      )}
      <section className="card">
        <table className="count-table" data-testid="baseline-hosts">
          <caption>Hosts (the {formatCount(hosts.length)} busiest): per-second bands and fan-out</caption>
          <thead>
            <tr><th scope="col">Host</th><th scope="col" className="num">Bytes out/s median</th><th scope="col" className="num">Bytes out/s p95</th><th scope="col" className="num">Flows/s median</th>
              <th scope="col" className="num">Fan-out hosts / ports</th><th scope="col" className="num">Failed</th><th scope="col">Peers</th></tr>
          </thead>
          <tbody>{hosts.map((h) => <HostRow key={h.addr} h={h} />)}</tbody>
        </table>
      </section>
      <section className="card">
        <table className="count-table" data-testid="baseline-services">
          <caption>Services seen in the period</caption>
          <thead><tr><th scope="col">Service</th><th scope="col" className="num">Servers</th><th scope="col" className="num">Clients</th><th scope="col" className="num">Flows</th><th scope="col" className="num">Median duration</th></tr></thead>
          <tbody>
            {b.services.slice(0, 50).map((v) => (
              <tr key={v.key}><th scope="row">{escapeDisplay(v.key, 40)}</th><td className="num">{formatCount(v.servers)}</td><td className="num">{formatCount(v.clients)}</td><td className="num">{formatCount(v.flows)}</td><td className="num">{v.durations ? shortDuration(v.durations.p50) : '–'}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
      {form}
    </div>
  )
}
