/**
 * The packet rate with the baseline band and the alerts as markers (src/charts/alert-timeline.ts). Clicking a
 * marker opens that alert; the chart asks for the IO series, the baseline's bands and the alerts itself.
 */
import { useCallback } from 'react'
import { normalBand, renderAlertTimeline } from '../../charts/alert-timeline.ts'
import type { Alert } from '../../detect/alert.ts'
import type { DataSource } from '../../state/data-source.ts'
import { selectAlert } from '../../state/detect-store.ts'
import { useQuery } from '../../state/use-query.ts'
import { Chart } from '../shell/Chart.tsx'

const MAX_MARKERS = 300

export function AlertTimeline({ source, alerts, title = 'Traffic against the baseline, with alerts' }: { readonly source: DataSource; readonly alerts: readonly Alert[]; readonly title?: string }) {
  const io = useQuery(source, 'ioSeries', { bucketSeconds: 0, maxPoints: 400 })
  const bands = useQuery(source, 'baselineBands', {})
  const series = io.data
  const b = bands.data
  const draw = useCallback(
    (svg: SVGSVGElement, width: number) => {
      if (!series) return null
      return renderAlertTimeline(
        svg,
        {
          start: series.start,
          bucketSeconds: series.bucketSeconds,
          packets: series.packets,
          band: b ? normalBand(b.packets) : null,
          period: b ? { start: b.start, end: b.end } : null,
          alerts: alerts.slice(0, MAX_MARKERS).map((a) => ({ id: a.id, start: a.start, end: a.end, severity: a.severity, label: `${a.severity} ${a.category}: ${a.explanation}` })),
        },
        { width, label: title, onSelect: selectAlert },
      )
    },
    [series, b, alerts, title],
  )
  return <Chart title={title} draw={draw} testId="alert-timeline" empty={series && series.packets.length > 0 ? null : 'No packets over time to draw yet.'} />
}
