// @vitest-environment jsdom
import { randomLcg } from 'd3'
import { describe, expect, it, vi } from 'vitest'
import { createSvg, normalizeSvg } from './svg-snapshot.ts'
import { renderTimeSeries, type TimeSeriesData } from './time-series.ts'

process.env.TZ = 'UTC'

const START = Date.UTC(2024, 2, 1, 12, 0, 0) / 1000

/** n one-second buckets of seeded noisy traffic, with a baseline band around the first series. */
function sample(n: number, seed = 7): TimeSeriesData {
  const random = randomLcg(seed)
  const times = new Float64Array(n)
  const packets = new Float64Array(n)
  const flows = new Float64Array(n)
  const lower = new Float64Array(n)
  const upper = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    times[i] = START + i
    packets[i] = Math.round(100 + 40 * Math.sin(i / 7) + 30 * random())
    flows[i] = Math.round(10 + 5 * random())
    lower[i] = 70 + 40 * Math.sin(i / 7)
    upper[i] = 140 + 40 * Math.sin(i / 7)
  }
  return {
    times,
    series: [{ name: 'packets', values: packets }, { name: 'flows', values: flows }],
    band: { lower, upper, label: 'baseline p5-p95' },
    alerts: { times: Float64Array.of(START + 20, START + 41), labels: ['SYN scan from 10.0.0.9', 'DNS burst'] },
  }
}

/** A mouse event whose `view` is the window: d3-brush listens there for the rest of the gesture. Vitest's
 * jsdom `window` is a proxy the MouseEvent constructor refuses as `view`, hence defineProperty. */
function mouse(type: string, clientX: number): MouseEvent {
  const event = new MouseEvent(type, { bubbles: true, cancelable: true, clientX, clientY: 50, button: 0 })
  Object.defineProperty(event, 'view', { value: window })
  return event
}

describe('renderTimeSeries', () => {
  it('matches the snapshot: two series, band, alerts, playhead', async () => {
    const svg = createSvg()
    renderTimeSeries(svg, sample(60), { label: 'Packets per second', yLabel: 'per second', width: 640, height: 220, playhead: START + 30 })
    expect(svg.getAttribute('aria-label')).toBe('Packets per second')
    expect(svg.querySelector('desc')?.textContent).toBe('Packets per second')
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/time-series.svg')
  })

  it('labels the time axis in UTC', () => {
    const svg = createSvg()
    renderTimeSeries(svg, sample(60), { label: 'x', width: 640, height: 220 })
    const ticks = [...svg.querySelectorAll('.x-axis .tick text')].map((t) => t.textContent)
    expect(ticks).toContain('12:00:30')
  })

  it('draws 100,000 points as at most four points per pixel column', () => {
    const svg = createSvg()
    const data = sample(100_000)
    const t = performance.now()
    renderTimeSeries(svg, data, { label: 'big', width: 800, height: 240 })
    const ms = performance.now() - t
    console.log(`time series: 100,000 points rendered in ${ms.toFixed(0)} ms`)
    const plotWidth = 800 - 52 - 14
    const paths = svg.querySelectorAll('path.series')
    expect(paths.length).toBeGreaterThan(0)
    for (const path of paths) {
      const points = (path.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0
      expect(points).toBeGreaterThan(plotWidth)
      expect(points).toBeLessThanOrEqual(4 * (plotWidth + 1))
    }
  })

  it('reports a mouse-brushed range in seconds, and null when cleared with Escape', async () => {
    const svg = createSvg()
    const onBrush = vi.fn()
    renderTimeSeries(svg, sample(61), { label: 'x', width: 652, height: 220, onBrush })
    // Plot width is 652 - 66 = 586 px for 60 s; jsdom has no layout, so clientX is the position in the brush group.
    const overlay = svg.querySelector('.brush .overlay') as SVGRectElement
    overlay.dispatchEvent(mouse('mousedown', 586 / 4))
    window.dispatchEvent(mouse('mousemove', 586 / 2))
    window.dispatchEvent(mouse('mouseup', 586 / 2))
    expect(onBrush).toHaveBeenCalledTimes(1)
    const [range] = onBrush.mock.calls[0]
    expect(range[0] - START).toBeCloseTo(15, 6)
    expect(range[1] - START).toBeCloseTo(30, 6)
    const brush = svg.querySelector('.brush') as SVGGElement
    brush.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    expect(onBrush).toHaveBeenLastCalledWith(null)
    // d3-drag swallows the click that ends a drag with a window listener removed on the next task; let it go.
    await new Promise((resolve) => setTimeout(resolve, 0))
  })

  it('does not call onBrush for a programmatic selection', () => {
    const svg = createSvg()
    const onBrush = vi.fn()
    const chart = renderTimeSeries(svg, sample(61), { label: 'x', width: 652, height: 220, onBrush })
    chart.setSelection([START + 10, START + 20])
    expect(Number(svg.querySelector('.brush .selection')?.getAttribute('width'))).toBeCloseTo(586 / 6, 6)
    expect(onBrush).not.toHaveBeenCalled()
  })

  it('moves the playhead with setPlayhead and with the arrow keys', () => {
    const svg = createSvg()
    const onPlayhead = vi.fn()
    const chart = renderTimeSeries(svg, sample(61), { label: 'x', width: 652, height: 220, onPlayhead })
    const line = svg.querySelector('.playhead') as SVGLineElement
    expect(line.getAttribute('display')).toBe('none')
    chart.setPlayhead(START + 30)
    expect(line.getAttribute('display')).toBeNull()
    expect(Number(line.getAttribute('x1'))).toBeCloseTo(293, 6)
    const brush = svg.querySelector('.brush') as SVGGElement
    brush.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }))
    expect(onPlayhead).toHaveBeenLastCalledWith(START + 31)
    brush.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', shiftKey: true, bubbles: true }))
    expect(onPlayhead).toHaveBeenLastCalledWith(START + 21)
    brush.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }))
    expect(onPlayhead).toHaveBeenLastCalledWith(START + 60)
    chart.setPlayhead(START - 100)
    expect(line.getAttribute('display')).toBe('none')
  })

  it('calls onAlert on click and on Enter, with the alert index', () => {
    const svg = createSvg()
    const onAlert = vi.fn()
    renderTimeSeries(svg, sample(60), { label: 'x', onAlert })
    const markers = svg.querySelectorAll('.alert')
    expect(markers).toHaveLength(2)
    markers[1].dispatchEvent(new MouseEvent('click', { bubbles: true }))
    expect(onAlert).toHaveBeenLastCalledWith(1)
    markers[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    expect(onAlert).toHaveBeenLastCalledWith(0)
    expect(markers[0].getAttribute('tabindex')).toBe('0')
  })

  it('shows hostile series names and alert labels as text only', () => {
    const svg = createSvg()
    const data = sample(10)
    renderTimeSeries(svg, { ...data, series: [{ name: '<img src=x onerror=alert(1)>', values: data.series[0].values }],
      alerts: { times: Float64Array.of(START + 2), labels: ['<script>alert(1)</script>\u202e'] } }, { label: '<b>x</b>' })
    expect(svg.querySelector('img, script, b')).toBeNull()
    expect(svg.querySelector('.legend text')?.textContent).toBe('<img src=x onerror=alert(1)>')
    expect(svg.querySelector('.alert title')?.textContent).toContain('<script>alert(1)</script>\\u{202e}')
  })

  it('survives empty, NaN-only and mismatched inputs', () => {
    const svg = createSvg()
    renderTimeSeries(svg, { times: new Float64Array(0), series: [] }, { label: 'empty' })
    renderTimeSeries(svg, { times: Float64Array.of(NaN, NaN), series: [{ name: 'a', values: [NaN, 1, 2] }] }, { label: 'nan', width: NaN })
    renderTimeSeries(svg, { times: Float64Array.of(START), series: [{ name: 'a', values: [] }] }, { label: 'one' })
    expect(svg.querySelectorAll('path.series')).toHaveLength(1)
  })
})
