// @vitest-environment jsdom
import { randomLcg } from 'd3'
import { describe, expect, it, vi } from 'vitest'
import { renderHeatmap, type HeatmapData } from './heatmap.ts'
import { colorRamp, RAMP_SIZE, valueToRamp } from './heatmap-scale.ts'
import { sequentialInterpolator } from './palette.ts'
import { createSvg, normalizeSvg } from './svg-snapshot.ts'

process.env.TZ = 'UTC'

/** A seeded rows x cols matrix of counts with about a third of the cells zero. */
function matrix(rows: number, cols: number, seed = 3): HeatmapData {
  const random = randomLcg(seed)
  const values = new Float64Array(rows * cols)
  for (let i = 0; i < values.length; i++) values[i] = random() < 0.33 ? 0 : Math.floor(random() ** 3 * 5000)
  return {
    rows, cols, values,
    rowLabels: Array.from({ length: rows }, (_, r) => `10.0.0.${r + 1}`),
    colLabels: Array.from({ length: cols }, (_, c) => `${String(c).padStart(2, '0')}:00`),
  }
}

describe('renderHeatmap', () => {
  it('matches the snapshot (rects, linear)', async () => {
    const svg = createSvg()
    const handle = renderHeatmap(svg, matrix(5, 8), { label: 'Packets per host and hour', width: 500, height: 180 })
    expect(handle.mode).toBe('rects')
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/heatmap.svg')
  })

  it('matches the snapshot (rects, log, cividis)', async () => {
    const svg = createSvg()
    renderHeatmap(svg, matrix(4, 6, 9), { label: 'Log scale', width: 400, height: 160, scale: 'log', scheme: 'cividis' })
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/heatmap-log.svg')
  })

  it('draws one rect with a title per non-empty cell', () => {
    const svg = createSvg()
    const data = matrix(5, 8)
    renderHeatmap(svg, data, { label: 'x', width: 500, height: 180 })
    const nonEmpty = Array.from(data.values).filter((v) => v !== 0).length
    expect(svg.querySelectorAll('.cells rect')).toHaveLength(nonEmpty)
    const first = Array.from(data.values).findIndex((v) => v !== 0)
    const title = svg.querySelector('.cells rect title')?.textContent
    expect(title).toBe(`10.0.0.${Math.floor(first / 8) + 1} × ${String(first % 8).padStart(2, '0')}:00: ${data.values[first].toLocaleString('en-US')}`)
  })

  it('paints large matrices into one image through the rasteriser', () => {
    const svg = createSvg()
    const data = matrix(200, 150)
    let bitmap: Uint8ClampedArray | null = null
    const rasterize = vi.fn((rgba: Uint8ClampedArray, w: number, h: number) => {
      bitmap = rgba
      return `data:image/png;base64,${w}x${h}`
    })
    const handle = renderHeatmap(svg, data, { label: 'x', width: 600, height: 400, rasterize })
    expect(handle.mode).toBe('image')
    expect(rasterize).toHaveBeenCalledWith(expect.any(Uint8ClampedArray), 150, 200)
    expect(svg.querySelectorAll('.cells rect')).toHaveLength(0)
    expect(svg.querySelector('.cells image')?.getAttribute('href')).toBe('data:image/png;base64,150x200')
    const ramp = colorRamp(sequentialInterpolator('viridis'))
    let max = 0
    for (const v of Array.from(data.values)) max = Math.max(max, v)
    const px = bitmap as unknown as Uint8ClampedArray
    for (let i = 0; i < data.values.length; i += 97) {
      const v = data.values[i]
      if (v === 0) expect(px[i * 4 + 3]).toBe(0)
      else {
        const k = valueToRamp(v, { min: 0, max, minPositive: 1 }, 'linear')
        expect([px[i * 4], px[i * 4 + 1], px[i * 4 + 2], px[i * 4 + 3]]).toEqual([ramp.rgb[k * 3], ramp.rgb[k * 3 + 1], ramp.rgb[k * 3 + 2], 255])
      }
    }
  })

  it('updates the image title under the pointer and reports clicks', () => {
    const svg = createSvg()
    const onCell = vi.fn()
    const data = matrix(200, 150)
    renderHeatmap(svg, data, { label: 'x', width: 600 + 110 + 8, height: 400 + 46, rasterize: () => 'data:,', onCell })
    const image = svg.querySelector('image') as SVGImageElement
    // Cells are 4 x 2 px; jsdom's bounding box is at 0,0, so clientX/Y are offsets into the image.
    image.dispatchEvent(new MouseEvent('mousemove', { clientX: 4 * 7 + 1, clientY: 2 * 11 + 1, bubbles: true }))
    expect(image.querySelector('title')?.textContent).toBe(`10.0.0.12 × 07:00: ${data.values[11 * 150 + 7].toLocaleString('en-US')}`)
    image.dispatchEvent(new MouseEvent('click', { clientX: 4 * 149 + 3, clientY: 2 * 199 + 1, bubbles: true }))
    expect(onCell).toHaveBeenLastCalledWith(199, 149)
  })

  it('falls back to rects when there is no canvas, and refuses absurd sizes without allocating them', () => {
    const svg = createSvg()
    const data = matrix(30, 30)
    expect(renderHeatmap(svg, data, { label: 'x', rasterThreshold: 100, rasterize: () => null }).mode).toBe('rects')
    expect(svg.querySelectorAll('.cells rect').length).toBe(Array.from(data.values).filter((v) => v !== 0).length)
    expect(renderHeatmap(svg, matrix(1000, 300), { label: 'x', rasterize: () => null }).mode).toBe('too-large')
    const huge = { rows: 1e9, cols: 1e9, values: new Float64Array(4), rowLabels: [], colLabels: [] }
    expect(renderHeatmap(svg, huge, { label: 'x', rasterize: () => 'data:,' }).mode).toBe('too-large')
    expect(svg.querySelector('.too-large')?.textContent).toMatch(/^1,000,000,000,000,000,000 cells are too many/)
    expect(renderHeatmap(svg, { ...huge, rows: -3, cols: NaN }, { label: 'x' }).mode).toBe('rects')
  })

  it('moves a keyboard cursor with the arrows and chooses a cell with Enter', () => {
    const svg = createSvg()
    const onCell = vi.fn()
    renderHeatmap(svg, matrix(5, 8), { label: 'x', onCell })
    const plot = svg.querySelector('.plot') as SVGGElement
    expect(plot.getAttribute('tabindex')).toBe('0')
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowUp', 'ArrowLeft', 'ArrowLeft', 'ArrowRight']) {
      plot.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
    }
    plot.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    expect(onCell).toHaveBeenLastCalledWith(1, 1)
    expect(plot.getAttribute('aria-label')).toMatch(/^10\.0\.0\.2 × 01:00: /)
  })

  it('shows hostile labels as text', () => {
    const svg = createSvg()
    renderHeatmap(svg, { rows: 1, cols: 1, values: [5], rowLabels: ['<iframe src=//x>'], colLabels: ['\u0000\u2066'] }, { label: 'x' })
    expect(svg.querySelector('iframe')).toBeNull()
    expect(svg.querySelector('.cells title')?.textContent).toBe('<iframe src=//x> × \\x00\\u{2066}: 5')
  })
})

describe('valueToRamp', () => {
  const range = { min: 0, max: 1000, minPositive: 1 }
  it('leaves zero, NaN and (on log) negatives empty', () => {
    expect([valueToRamp(0, range, 'linear'), valueToRamp(NaN, range, 'linear'), valueToRamp(-1, range, 'log')]).toEqual([-1, -1, -1])
  })
  it('spreads a log scale by orders of magnitude', () => {
    expect(valueToRamp(1, range, 'log')).toBe(0)
    expect(valueToRamp(1000, range, 'log')).toBe(RAMP_SIZE - 1)
    expect(valueToRamp(Math.sqrt(1000), range, 'log')).toBe(Math.round((RAMP_SIZE - 1) / 2))
    expect(valueToRamp(Math.sqrt(1000), range, 'linear')).toBe(Math.round((Math.sqrt(1000) / 1000) * (RAMP_SIZE - 1)))
  })
})
