/**
 * The packet rate with the baseline band and the alerts as markers (src/charts/alert-timeline.ts). Clicking a
 * marker opens that alert; the chart asks for the IO series, the baseline's bands and the alerts itself, and
 * redraws at most every REDRAW_INTERVAL_MS however often they change.
 */
import { useCallback, useMemo } from 'react'
import { normalBand, renderAlertTimeline } from '../../charts/alert-timeline.ts'
import type { Alert } from '../../detect/alert.ts'
import type { DataSource } from '../../state/data-source.ts'
import { selectAlert } from '../../state/detect-store.ts'
import { useQuery } from '../../state/use-query.ts'
import { Chart } from '../shell/Chart.tsx'
import { useThrottled } from '../shell/use-throttled.ts'

const MAX_MARKERS = 300
/**
 * Fewest milliseconds between two redraws. The chart is redrawn in full, and while a file is read its three
 * inputs (the IO series, the bands, the alerts) each change with every partial result: up to several redraws
 * a second, each a main-thread task. Coalesced, it redraws at most twice a second with the latest of each.
 */
const REDRAW_INTERVAL_MS = 500

export function AlertTimeline({ source, alerts, title = 'Traffic against the baseline, with alerts' }: { readonly source: DataSource; readonly alerts: readonly Alert[]; readonly title?: string }) {
  const io = useQuery(source, 'ioSeries', { bucketSeconds: 0, maxPoints: 400 })
  const bands = useQuery(source, 'baselineBands', {})
  const latest = useMemo(() => ({ series: io.data, b: bands.data, alerts }), [io.data, bands.data, alerts])
  const { series, b, alerts: marked } = useThrottled(latest, REDRAW_INTERVAL_MS)
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
          alerts: marked.slice(0, MAX_MARKERS).map((a) => ({ id: a.id, start: a.start, end: a.end, severity: a.severity, label: `${a.severity} ${a.category}: ${a.explanation}` })),
        },
        { width, label: title, onSelect: selectAlert },
      )
    },
    [series, b, marked, title],
  )
  return <Chart title={title} draw={draw} testId="alert-timeline" empty={series && series.packets.length > 0 ? null : 'No packets over time to draw yet.'} />
}
