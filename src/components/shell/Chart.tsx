/**
 * A D3 chart in a React view: a titled figure whose <svg> is drawn by a render function from src/charts (React
 * never touches the svg's children), redrawn when the function or the available width changes, with PNG and
 * SVG export. `draw` should be memoised by the caller (useCallback over the data it closes over).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { renderBarChart } from '../../charts/bar-chart.ts'
import type { ChartHandle } from '../../charts/chart-frame.ts'
import { renderTimeSeries } from '../../charts/time-series.ts'
import { ChartExport } from './ExportButtons.tsx'

interface Props {
  readonly title: string
  readonly draw: (svg: SVGSVGElement, width: number) => ChartHandle | null
  readonly testId?: string
  /** Extra controls shown next to the title (bucket size, metric...). */
  readonly controls?: ReactNode
  /** Shown instead of the chart (e.g. "no data yet"). */
  readonly empty?: string | null
}

const MIN_WIDTH = 280

export function Chart({ title, draw, testId, controls, empty }: Props) {
  const box = useRef<HTMLDivElement>(null)
  const svg = useRef<SVGSVGElement>(null)
  const [width, setWidth] = useState(0)

  // The width comes from ResizeObserver, which reports after the browser's own layout: reading clientWidth here
  // would force a synchronous layout of the whole page inside the commit (a long task on the first view).
  useEffect(() => {
    const el = box.current
    if (!el) return
    if (typeof ResizeObserver === 'undefined') {
      setWidth(Math.max(MIN_WIDTH, Math.floor(el.clientWidth)))
      return
    }
    const observer = new ResizeObserver((entries) => {
      const w = entries[entries.length - 1]?.contentRect.width ?? 0
      setWidth(Math.max(MIN_WIDTH, Math.floor(w)))
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  useEffect(() => {
    const el = svg.current
    if (!el || width === 0 || empty) return
    let handle: ChartHandle | null = null
    // Drawn in a task of its own: updates from the stores commit synchronously, and a view with several charts
    // drawn in the same task as the commit would hold the main thread for tens of milliseconds.
    const timer = setTimeout(() => {
      try {
        handle = draw(el, width)
      } catch {
        el.replaceChildren()
      }
    }, 0)
    return () => {
      clearTimeout(timer)
      handle?.destroy()
    }
  }, [draw, width, empty])

  return (
    <figure className="chart card" data-testid={testId}>
      <figcaption className="chart-head">
        <h3>{title}</h3>
        <span className="chart-controls">
          {controls}
          {!empty && <ChartExport svg={svg} title={title} />}
        </span>
      </figcaption>
      <div ref={box} className="chart-box">
        {empty ? <p className="muted">{empty}</p> : <svg ref={svg} />}
      </div>
    </figure>
  )
}

/**
 * Draws a tiny chart of each common kind into a detached <svg> while the page is idle, so the first real chart
 * (often the first partial view of a file being read) does not pay for compiling the chart code: measured at
 * about 80 ms for the first time series in headless Chromium, a few ms after.
 */
export function warmChartCode(): void {
  const run = () => {
    try {
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg')
      renderTimeSeries(svg, { times: Float64Array.of(0, 1, 2), series: [{ name: 'x', values: [1, 3, 2] }] }, { label: 'warm-up', width: 300, height: 120 }).destroy()
      renderBarChart(svg, { labels: ['a', 'b'], values: [2, 1] }, { label: 'warm-up', width: 300 }).destroy()
    } catch {
      // Only a warm-up: a failure here changes nothing for the real charts.
    }
  }
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback
  if (idle) idle(run, { timeout: 2000 })
  else setTimeout(run, 200)
}
