// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest'
import { normalBand, renderAlertTimeline } from './alert-timeline.ts'
import { renderObservedBaseline } from './observed-baseline.ts'
import { createSvg, normalizeSvg } from './svg-snapshot.ts'

const T = 1_700_000_000
const data = {
  start: T,
  bucketSeconds: 10,
  packets: Float64Array.from({ length: 30 }, (_, i) => (i === 20 ? 5000 : 100 + (i % 3) * 10)),
  band: normalBand({ median: 10, mad: 1, p95: 13 }),
  period: { start: T, end: T + 90 },
  alerts: [
    { id: 'flood-1', start: T + 200, end: T + 210, severity: 'high' as const, label: 'udp-flood: <b>10.0.0.66</b>\u202e' },
    { id: 'late', start: T + 5000, end: T + 5001, severity: 'low' as const, label: 'outside' },
  ],
}

describe('renderAlertTimeline', () => {
  it('matches the snapshot', async () => {
    const svg = createSvg()
    renderAlertTimeline(svg, data, { width: 600, height: 200 })
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/alert-timeline.svg')
  })

  it('draws the band, the learning period and one marker per alert in range, titles as text', () => {
    const svg = createSvg()
    renderAlertTimeline(svg, data, { width: 600, height: 200 })
    expect(svg.querySelectorAll('.baseline-band')).toHaveLength(1)
    expect(svg.querySelectorAll('.learning-period')).toHaveLength(1)
    const markers = svg.querySelectorAll('.alert-marker')
    expect(markers).toHaveLength(1)
    expect(markers[0].querySelector('b')).toBeNull()
    expect(markers[0].querySelector('title')?.textContent).toContain('<b>10.0.0.66</b>')
    expect(markers[0].querySelector('title')?.textContent).not.toContain('\u202e')
    // The band spans median ± 3 x 1.4826 x MAD: 10 ± 4.45 packets/s.
    expect(normalBand({ median: 10, mad: 1, p95: 13 })).toEqual({ low: 10 - 3 * 1.4826, median: 10, high: 10 + 3 * 1.4826 })
  })

  it('makes markers keyboard buttons when onSelect is given', () => {
    const svg = createSvg()
    const onSelect = vi.fn()
    renderAlertTimeline(svg, data, { width: 600, onSelect })
    const marker = svg.querySelector('.alert-marker')
    expect(marker?.getAttribute('tabindex')).toBe('0')
    marker?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    expect(onSelect).toHaveBeenCalledWith('flood-1')
  })

  it('draws without a band, alerts or packets', () => {
    const svg = createSvg()
    renderAlertTimeline(svg, { start: T, bucketSeconds: 1, packets: [], band: null, period: null, alerts: [] })
    expect(svg.querySelectorAll('.baseline-band')).toHaveLength(0)
    expect(svg.getAttribute('role')).toBe('img')
  })
})

describe('renderObservedBaseline', () => {
  it('draws observed against the comparison value with the ratio, on one scale', () => {
    const svg = createSvg()
    renderObservedBaseline(svg, { metric: 'packets/s to one port', unit: 'packets/s', observed: 1000, baseline: 50, baselineSource: 'baseline' }, { width: 400 })
    const widths = [...svg.querySelectorAll('.row rect')].map((r) => Number(r.getAttribute('width')))
    expect(widths).toHaveLength(2)
    expect(widths[0] / widths[1]).toBeCloseTo(0.05, 6)
    expect(svg.querySelector('.metric')?.textContent).toContain('20x')
    expect(svg.querySelector('.expected text')?.textContent).toBe('Baseline')
  })

  it('draws the observed bar alone when there is no comparison value', () => {
    const svg = createSvg()
    renderObservedBaseline(svg, { metric: 'm', unit: 'u', observed: 3, baseline: null, baselineSource: 'default' })
    expect(svg.querySelectorAll('.row')).toHaveLength(1)
    expect(svg.querySelector('.metric')?.textContent).toContain('no comparison value')
  })
})
