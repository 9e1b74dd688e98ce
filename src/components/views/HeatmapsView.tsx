/**
 * Heatmaps: host x time (one metric per host per window), destination port x destination host, and hour of
 * day x day (UTC) for captures spanning days.
 */
import { useCallback, useState } from 'react'
import { canvasRasterize, renderHeatmap } from '../../charts/heatmap.ts'
import { HOST_COUNTER_NAMES } from '../../analysis/queries/host-window-table.ts'
import type { HostMetric } from '../../analysis/window-queries.ts'
import { formatUtc } from '../../lib/display-format.ts'
import { useQuery } from '../../state/use-query.ts'
import { setTimeRange, useViewStore } from '../../state/view-store.ts'
import { Chart } from '../shell/Chart.tsx'
import type { ViewDefinition, ViewProps } from './view-definition.ts'
import { QueryStatus, bucketLabel, compact, sizeLabel } from './view-helpers.tsx'

const HOST_METRICS: readonly HostMetric[] = ['bytesOut', 'bytesIn', ...HOST_COUNTER_NAMES]
const utcTime = (t: number): string => new Date(t * 1000).toISOString().slice(11, 19)

function HeatmapsView({ source }: ViewProps) {
  const [metric, setMetric] = useState<HostMetric>('bytesOut')
  const [measure, setMeasure] = useState<'bytes' | 'packets' | 'conversations'>('bytes')
  const range = useViewStore((s) => s.timeRange)
  const hosts = useQuery(source, 'hostHeatmap', { metric, hosts: 40, range })
  const ports = useQuery(source, 'portHostHeatmap', { measure, hosts: 30, ports: 20, range })
  const hours = useQuery(source, 'hourDayHeatmap', { measure: 'packets', range })
  const h = hosts.data
  const p = ports.data
  const d = hours.data
  const fmt = metric.startsWith('bytes') ? sizeLabel : compact

  const drawHosts = useCallback(
    (svg: SVGSVGElement, width: number) =>
      h ? renderHeatmap(svg, { rows: h.hosts.length, cols: h.windowStart.length, values: h.values, rowLabels: h.hosts, colLabels: Array.from(h.windowStart, utcTime) },
        { label: `${metric} per host per ${bucketLabel(h.bucketSeconds)} window`, width, height: Math.max(160, 40 + h.hosts.length * 14), scale: 'log', formatValue: fmt, rasterize: canvasRasterize }) : null,
    [h, metric, fmt],
  )
  const drawPorts = useCallback(
    (svg: SVGSVGElement, width: number) =>
      p ? renderHeatmap(svg, { rows: p.hosts.length, cols: p.ports.length, values: p.values, rowLabels: p.hosts, colLabels: p.ports },
        { label: `${measure} per destination host and port`, width, height: Math.max(160, 60 + p.hosts.length * 16), scale: 'log', formatValue: measure === 'bytes' ? sizeLabel : compact }) : null,
    [p, measure],
  )
  const drawHours = useCallback(
    (svg: SVGSVGElement, width: number) =>
      d ? renderHeatmap(svg, { rows: d.days.length, cols: 24, values: d.values, rowLabels: d.days, colLabels: Array.from({ length: 24 }, (_, i) => `${String(i).padStart(2, '0')}h`) },
        { label: 'Packets per hour of day (UTC) and day', width, height: Math.max(120, 60 + d.days.length * 16), formatValue: compact, rasterize: canvasRasterize }) : null,
    [d],
  )

  return (
    <div className="view-body">
      {range && (
        <p className="muted" data-testid="view-range-note">
          The maps show the selected time range (the hosts over time stay the busiest of the whole capture): {formatUtc(range.start)} to {formatUtc(range.end)}{' '}
          <button type="button" className="small" onClick={() => setTimeRange(null)}>Show the whole capture</button>
        </p>
      )}
      <QueryStatus state={hosts} what="the host heatmap" />
      <Chart
        title="Hosts over time"
        draw={drawHosts}
        testId="heatmap-hosts"
        empty={h === null ? 'Available when the whole file has been read.' : h.hosts.length === 0 ? 'No hosts.' : null}
        controls={
          <select aria-label="Host metric" value={metric} onChange={(e) => setMetric(e.currentTarget.value as HostMetric)}>
            {HOST_METRICS.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        }
      />
      <Chart
        title="Destination ports by host"
        draw={drawPorts}
        testId="heatmap-ports"
        empty={p && p.hosts.length === 0 ? 'No TCP or UDP conversations.' : null}
        controls={
          <select aria-label="Port measure" value={measure} onChange={(e) => setMeasure(e.currentTarget.value as typeof measure)}>
            <option value="bytes">bytes</option>
            <option value="packets">packets</option>
            <option value="conversations">conversations</option>
          </select>
        }
      />
      <Chart
        title="Hour of day by day"
        draw={drawHours}
        testId="heatmap-hours"
        empty={d && d.days.length === 0 ? 'No packets.' : null}
      />
      {d && d.days.length === 1 && <p className="muted">The capture lies within one UTC day, so this map has a single row.</p>}
    </div>
  )
}

export const heatmapsView: ViewDefinition = {
  id: 'heatmaps',
  label: 'Heatmaps',
  explanation:
    'A heatmap is a table whose cells are coloured by size (darker or brighter means more, on a logarithmic scale so small values stay visible). Hosts over time shows, for the busiest hosts, how much each did in every window: a row that lights up suddenly is a host changing behaviour. Destination ports by host shows which services each server offered and how much they were used; a host with many thin cells across many ports can be a port scan target. Hour of day by day shows daily rhythms in long captures.',
  component: HeatmapsView,
}
