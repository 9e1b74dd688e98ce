/**
 * A D3 chart in a React view: a titled figure whose <svg> is drawn by a render function from src/charts (React
 * never touches the svg's children), redrawn when the function or the available width changes, with PNG and
 * SVG export. `draw` should be memoised by the caller (useCallback over the data it closes over).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { ChartHandle } from '../../charts/chart-frame.ts'
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

  useEffect(() => {
    const el = box.current
    if (!el) return
    const measure = () => setWidth(Math.max(MIN_WIDTH, Math.floor(el.clientWidth)))
    measure()
    if (typeof ResizeObserver === 'undefined') return
    let frame = 0
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(measure)
    })
    observer.observe(el)
    return () => {
      cancelAnimationFrame(frame)
      observer.disconnect()
    }
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
