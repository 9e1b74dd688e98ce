/**
 * Overview: the capture's facts (CaptureSummaryView), a small IO graph, top talkers and services. Fills in
 * while the file is read (the summary comes from the progress reports, the charts from live queries).
 */
import { useCallback } from 'react'
import { renderBarChart } from '../../charts/bar-chart.ts'
import { renderTimeSeries } from '../../charts/time-series.ts'
import { formatCount, formatSize } from '../../lib/display-format.ts'
import { formatUtc } from '../../lib/display-format.ts'
import { useAnalysisStore } from '../../state/analysis-store.ts'
import { useQuery } from '../../state/use-query.ts'
import { setTimeRange, useViewStore } from '../../state/view-store.ts'
import { CaptureSummaryView } from '../CaptureSummaryView.tsx'
import { Chart } from '../shell/Chart.tsx'
import { CsvExport } from '../shell/ExportButtons.tsx'
import type { ViewDefinition, ViewProps } from './view-definition.ts'
import { QueryStatus, bucketLabel, bucketTimes, compact, sizeLabel } from './view-helpers.tsx'

function OverviewView({ source }: ViewProps) {
  const summary = useAnalysisStore((s) => s.summary)
  // The range brushed on the time series narrows the charts and lists (not the capture facts above them).
  const range = useViewStore((s) => s.timeRange)
  const q = useQuery(source, 'overview', { top: 10, range })
  const data = q.data

  const drawIo = useCallback(
    (svg: SVGSVGElement, width: number) => {
      if (!data) return null
      const io = data.io
      return renderTimeSeries(svg, { times: bucketTimes(io.start, io.bucketSeconds, io.packets.length), series: [{ name: 'packets', values: io.packets }] }, {
        label: 'Packets over time',
        description: `Packets per ${bucketLabel(io.bucketSeconds)} across ${data.range ? 'the selected time range' : 'the capture'}.`,
        width,
        height: 180,
        yLabel: `packets / ${bucketLabel(io.bucketSeconds)}`,
        formatValue: compact,
      })
    },
    [data],
  )
  const drawTalkers = useCallback(
    (svg: SVGSVGElement, width: number) =>
      data
        ? renderBarChart(svg, { labels: data.talkers.map((t) => t.address), values: data.talkers.map((t) => t.bytes) }, {
            label: 'Top talkers by bytes',
            description: 'The addresses that sent and received the most bytes.',
            width,
            formatValue: sizeLabel,
          })
        : null,
    [data],
  )

  return (
    <div className="view-body">
      {summary && <CaptureSummaryView summary={summary} />}
      {range && (
        <p className="muted" data-testid="view-range-note">
          Charts and lists below show the selected time range: {formatUtc(range.start)} to {formatUtc(range.end)}{' '}
          <button type="button" className="small" onClick={() => setTimeRange(null)}>Show the whole capture</button>
        </p>
      )}
      {data?.range && (
        <p data-testid="range-totals">
          Selected range: {formatCount(data.range.packets)} packets, {formatSize(data.range.bytes)}, {formatCount(data.range.flowsStarted)} flows started
          {data.range.approximate && ' (windows and flows that cross its edges count whole, so the lists may include a little traffic outside it)'}.
        </p>
      )}
      <QueryStatus state={q} what="the overview charts" />
      {data && (
        <div className="grid-2">
          <Chart title="Packets over time" draw={drawIo} testId="overview-io" empty={data.io.packets.length === 0 ? 'No packets yet.' : null} />
          <Chart title="Top talkers" draw={drawTalkers} testId="overview-talkers" empty={data.talkers.length === 0 ? 'No IP traffic.' : null}
            controls={<CsvExport title="top-talkers" header={['address', 'packets', 'bytes', 'exact']} rows={() => data.talkers.map((t) => [t.address, t.packets, t.bytes, t.exact])} />} />
          <section className="card" data-testid="overview-services">
            <div className="chart-head">
              <h3>Services</h3>
              <CsvExport title="services" header={['protocol', 'port', 'name', 'conversations', 'servers', 'packets', 'bytes']}
                rows={() => data.services.map((s) => [s.proto, s.port, s.name, s.conversations, s.servers, s.packets, s.bytes])} />
            </div>
            {data.services.length === 0 ? (
              <p className="muted">No TCP or UDP services.</p>
            ) : (
              <table className="count-table">
                <caption className="visually-hidden">Busiest server ports</caption>
                <thead>
                  <tr><th scope="col">Service</th><th scope="col" className="num">Conversations</th><th scope="col" className="num">Bytes</th></tr>
                </thead>
                <tbody>
                  {data.services.map((s) => (
                    <tr key={`${s.proto}/${s.port}`} data-name={`${s.proto}/${s.port}`}>
                      <th scope="row">{s.proto}/{s.port}{s.name && ` (${s.name})`}</th>
                      <td className="num">{formatCount(s.conversations)}</td>
                      <td className="num">{formatSize(s.bytes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}
    </div>
  )
}

export const overviewView: ViewDefinition = {
  id: 'overview',
  label: 'Overview',
  explanation:
    'The capture at a glance: how many packets and bytes it holds, when it starts and ends, which protocols appear (a packet counts once for every layer it carries, so Ethernet, IP and TCP all count the same web packet), anything malformed the decoders noticed, the hosts that exchanged the most bytes, the busiest services (server ports) and how traffic spread over time. Start here, then open a view below to look closer.',
  component: OverviewView,
}
