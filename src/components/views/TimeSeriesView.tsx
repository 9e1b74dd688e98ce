/**
 * Time series: packets, bytes or flows started per interval, with a selectable bucket size, plus the per-window
 * measures (active sources, distinct destinations, RTT...) once the read is complete. Brushing a range sets
 * the shared time range (view-store.ts), which the tables and replay narrow to.
 */
import { useCallback, useState } from 'react'
import { renderTimeSeries } from '../../charts/time-series.ts'
import { WINDOW_METRICS, type WindowMetric } from '../../analysis/queries/core.ts'
import { formatUtc } from '../../lib/display-format.ts'
import { setTimeRange, useViewStore } from '../../state/view-store.ts'
import { useQuery } from '../../state/use-query.ts'
import { BaselineTimeline } from '../detect/BaselineTimeline.tsx'
import { Chart } from '../shell/Chart.tsx'
import { CsvExport } from '../shell/ExportButtons.tsx'
import type { ViewDefinition, ViewProps } from './view-definition.ts'
import { QueryStatus, bucketLabel, bucketTimes, compact, sizeLabel } from './view-helpers.tsx'

/** Bucket sizes offered (0 = automatic: about 600 points over the capture). */
export const BUCKETS: readonly number[] = [0, 0.001, 0.01, 0.1, 1, 10, 60, 600, 3600, 86400]
const MEASURES = { packets: 'Packets', bytes: 'Bytes', flowsStarted: 'Flows started' } as const
type Measure = keyof typeof MEASURES
const METRIC_LABELS: Readonly<Record<WindowMetric, string>> = {
  activeSources: 'Active sources', distinctDstHosts: 'Distinct destination hosts', distinctDstPorts: 'Distinct destination ports',
  newPairs: 'New host pairs', failedConnections: 'Failed connections', dnsQueries: 'DNS queries', tlsHandshakes: 'TLS handshakes',
  tcpSyn: 'TCP SYNs', retransmissionRatio: 'Retransmission ratio', rttP50: 'Handshake RTT, median (s)', rttP90: 'Handshake RTT, 90th percentile (s)',
}

function TimeSeriesView({ source }: ViewProps) {
  const [bucket, setBucket] = useState(0)
  const [measure, setMeasure] = useState<Measure>('packets')
  const [metric, setMetric] = useState<WindowMetric>('activeSources')
  const range = useViewStore((s) => s.timeRange)
  const summary = useQuery(source, 'summary', {})
  const duration = summary.data?.summary.duration ?? 0
  const io = useQuery(source, 'ioSeries', { bucketSeconds: bucket === 0 ? Math.max(duration, 1e-3) / 600 : bucket, maxPoints: 20_000 })
  const win = useQuery(source, 'windowMetric', { metric })
  const data = io.data
  const wdata = win.data

  const onBrush = useCallback((r: readonly [number, number] | null) => setTimeRange(r ? { start: r[0], end: r[1] } : null), [])
  const draw = useCallback(
    (svg: SVGSVGElement, width: number) => {
      if (!data) return null
      const handle = renderTimeSeries(svg, { times: bucketTimes(data.start, data.bucketSeconds, data.packets.length), series: [{ name: MEASURES[measure], values: data[measure] }] }, {
        label: `${MEASURES[measure]} per ${bucketLabel(data.bucketSeconds)}`,
        description: 'Drag across the chart (or use the arrow keys) to select a time range for the other views.',
        width,
        height: 280,
        yLabel: `${MEASURES[measure].toLowerCase()} / ${bucketLabel(data.bucketSeconds)}`,
        formatValue: measure === 'bytes' ? sizeLabel : compact,
        onBrush,
      })
      if (range) handle.setSelection([range.start, range.end])
      return handle
    },
    [data, measure, onBrush, range],
  )
  const drawWindow = useCallback(
    (svg: SVGSVGElement, width: number) =>
      wdata
        ? renderTimeSeries(svg, { times: wdata.times, series: [{ name: METRIC_LABELS[metric], values: wdata.values }] }, {
            label: `${METRIC_LABELS[metric]} per ${bucketLabel(wdata.bucketSeconds)} window`,
            width,
            height: 220,
            formatValue: compact,
          })
        : null,
    [wdata, metric],
  )

  const controls = (
    <>
      <label>
        Show{' '}
        <select value={measure} onChange={(e) => setMeasure(e.currentTarget.value as Measure)} data-testid="ts-measure">
          {Object.entries(MEASURES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </select>
      </label>
      <label>
        per{' '}
        <select value={bucket} onChange={(e) => setBucket(Number(e.currentTarget.value))} data-testid="ts-bucket">
          {BUCKETS.map((b) => <option key={b} value={b}>{b === 0 ? 'automatic' : bucketLabel(b)}</option>)}
        </select>
      </label>
      {data && (
        <CsvExport title={`io-${measure}`} header={['start_utc', 'start_epoch_s', 'packets', 'bytes', 'flows_started']}
          rows={() => Array.from(data.packets, (_, i) => [formatUtc(data.start + i * data.bucketSeconds), data.start + i * data.bucketSeconds, data.packets[i], data.bytes[i], data.flowsStarted[i]])} />
      )}
    </>
  )

  return (
    <div className="view-body">
      <QueryStatus state={io} what="the time series" />
      <p className="muted" data-testid="time-range">
        {range ? <>Selected: {formatUtc(range.start)} to {formatUtc(range.end)} <button type="button" className="small" onClick={() => setTimeRange(null)}>Clear selection</button></> : 'No time range selected: the other views show the whole capture.'}
      </p>
      <Chart title="Traffic over time" draw={draw} controls={controls} testId="ts-chart" empty={data && data.packets.length === 0 ? 'No packets yet.' : null} />
      <BaselineTimeline source={source} />
      <Chart
        title="Per-window measures"
        draw={drawWindow}
        testId="ts-window"
        empty={wdata ? null : 'Available when the whole file has been read.'}
        controls={
          <select aria-label="Window measure" value={metric} onChange={(e) => setMetric(e.currentTarget.value as WindowMetric)}>
            {WINDOW_METRICS.map((m) => <option key={m} value={m}>{METRIC_LABELS[m]}</option>)}
          </select>
        }
      />
    </div>
  )
}

export const timeSeriesView: ViewDefinition = {
  id: 'time-series',
  label: 'Time series',
  explanation:
    'Traffic over time, counted in intervals ("buckets") of the size you choose: small buckets show bursts, large ones show trends. A spike in packets with few bytes often means many small packets (scans, floods, DNS); a spike in bytes means a large transfer. Drag across the chart to select a time range: the tables, topology and replay then look at that range only. The lower chart shows measures computed per window, such as how many hosts were active or how long TCP handshakes took.',
  component: TimeSeriesView,
}
