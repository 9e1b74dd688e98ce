// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { intensityLabel, renderSensitivityCurve } from './sensitivity-curve.ts'
import { createSvg, normalizeSvg } from './svg-snapshot.ts'

const points = [1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, 1].map((intensity, i) => ({ intensity, caught: i >= 2, recall: i >= 2 ? 0.5 + i * 0.1 : null }))

describe('renderSensitivityCurve', () => {
  it('matches the snapshot', async () => {
    const svg = createSvg()
    renderSensitivityCurve(svg, { name: 'port-scan-1', points, weakestCaught: 1 / 8 }, { width: 420, height: 200 })
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/sensitivity-curve.svg')
  })

  it('draws caught points filled and missed ones hollow, on a log-2 axis, with the weakest caught marked', () => {
    const svg = createSvg()
    renderSensitivityCurve(svg, { name: '<b>x</b>', points, weakestCaught: 1 / 8 }, { width: 420, height: 200 })
    expect(svg.querySelectorAll('.point.caught')).toHaveLength(4)
    expect(svg.querySelectorAll('.point.missed')).toHaveLength(2)
    const xs = [...svg.querySelectorAll('.point')].map((c) => Number(c.getAttribute('cx')))
    // Equal steps between halvings: a log scale.
    const steps = xs.slice(1).map((v, i) => v - xs[i])
    for (const s of steps) expect(s).toBeCloseTo(steps[0], 1)
    expect(Number(svg.querySelector('.weakest-caught')?.getAttribute('x1'))).toBeCloseTo(xs[2], 1)
    expect([...svg.querySelectorAll('.x-axis .tick text')].map((t) => t.textContent)).toEqual(['1/32', '1/16', '1/8', '1/4', '1/2', '1'])
    expect(svg.querySelector('b')).toBeNull()
    expect(svg.getAttribute('aria-label')).toBe('Sensitivity of <b>x</b>')
  })

  it('draws no marker when never caught, and copes with no points', () => {
    const svg = createSvg()
    renderSensitivityCurve(svg, { name: 'x', points: points.map((p) => ({ ...p, caught: false })), weakestCaught: null })
    expect(svg.querySelector('.weakest-caught')).toBeNull()
    renderSensitivityCurve(svg, { name: 'x', points: [], weakestCaught: null })
    expect(svg.querySelectorAll('.point')).toHaveLength(0)
    expect(intensityLabel(0.3)).toBe('0.3')
  })
})
