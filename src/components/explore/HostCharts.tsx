/**
 * The over-time charts of the host details: throughput in and out, link utilisation against the link speed
 * set in the preferences, connection events (flows started, retransmissions, resets) and handshake RTT.
 * Per-interval figures spread each flow's bytes evenly over its lifetime (analysis/queries/time-spread.ts).
 */
import { useCallback } from 'react'
import type { HostDetails } from '../../analysis/queries/host-details.ts'
import { renderTimeSeries } from '../../charts/time-series.ts'
import { Chart } from '../shell/Chart.tsx'
import { compact } from './cell-format.ts'

interface Props {
  readonly details: HostDetails
  readonly linkBps: number
}

function times(d: HostDetails): Float64Array {
  const n = d.series.bytesIn.length
  return Float64Array.from({ length: n }, (_, i) => d.series.start + i * d.series.binSeconds)
}

export function HostCharts({ details, linkBps }: Props) {
  const s = details.series
  const perSecond = 8 / s.binSeconds
  const empty = s.bytesIn.length === 0 ? 'No traffic for this host.' : null

  const throughput = useCallback((svg: SVGSVGElement, width: number) => renderTimeSeries(svg, {
    times: times(details),
    series: [{ name: 'in', values: s.bytesIn.map((b) => b * perSecond) }, { name: 'out', values: s.bytesOut.map((b) => b * perSecond) }],
  }, { label: `Throughput of ${details.address}`, width, height: 200, yLabel: 'bit/s', formatValue: compact }), [details, s, perSecond])

  const utilisation = useCallback((svg: SVGSVGElement, width: number) => renderTimeSeries(svg, {
    times: times(details),
    series: [
      { name: 'in', values: s.bytesIn.map((b) => (100 * b * perSecond) / linkBps) },
      { name: 'out', values: s.bytesOut.map((b) => (100 * b * perSecond) / linkBps) },
    ],
  }, { label: `Link utilisation of ${details.address} at ${compact(linkBps)}bit/s`, width, height: 180, yLabel: '% of link', formatValue: compact }), [details, s, perSecond, linkBps])

  const events = useCallback((svg: SVGSVGElement, width: number) => renderTimeSeries(svg, {
    times: times(details),
    series: [{ name: 'flows started', values: s.flowsStarted }, { name: 'retransmissions', values: s.retransmissions }, { name: 'resets', values: s.resets }],
  }, { label: `Flows, retransmissions and resets of ${details.address}`, width, height: 180, yLabel: 'per interval' }), [details, s])

  const rtt = useCallback((svg: SVGSVGElement, width: number) => renderTimeSeries(svg, {
    times: times(details),
    series: [{ name: 'handshake RTT', values: s.rtt.map((x) => (x === null ? NaN : x * 1000)) }],
  }, { label: `Handshake RTT of ${details.address}`, width, height: 180, yLabel: 'ms', formatValue: compact }), [details, s])

  const hasRtt = s.rtt.some((x) => x !== null)
  return (
    <div className="host-charts">
      <Chart title="Throughput" draw={throughput} empty={empty} testId="host-throughput" />
      <Chart title="Link utilisation" draw={utilisation} empty={empty} testId="host-utilisation" />
      <Chart title="Flows, retransmissions, resets" draw={events} empty={empty} testId="host-events" />
      <Chart title="Handshake RTT" draw={rtt} empty={hasRtt ? null : 'No TCP handshake was measured for this host.'} testId="host-rtt" />
    </div>
  )
}
