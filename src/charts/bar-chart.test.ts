// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest'
import { renderBarChart } from './bar-chart.ts'
import { createSvg, normalizeSvg } from './svg-snapshot.ts'

const talkers = {
  labels: ['10.0.0.5', '192.168.1.20', 'fe80::1c2b:3aff:fe4d:5e6f', 'dns.example.org', 'a-very-long-host-name.internal.example.com'],
  values: Float64Array.of(48_200, 31_050, 9_800, 1_200, 15),
}

describe('renderBarChart', () => {
  it('matches the snapshot', async () => {
    const svg = createSvg()
    renderBarChart(svg, talkers, { label: 'Top talkers by packets', description: 'Hosts that sent the most packets.', width: 420 })
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/bar-chart.svg')
  })

  it('sizes bars by value, sets the height from the rows, and titles every bar', () => {
    const svg = createSvg()
    renderBarChart(svg, talkers, { label: 'x', width: 420, rowHeight: 20 })
    expect(svg.getAttribute('height')).toBe(String(12 + 5 * 20))
    const widths = [...svg.querySelectorAll('.bar rect')].map((r) => Number(r.getAttribute('width')))
    expect(widths[0]).toBeCloseTo(420 - 150 - 64 - 8, 6)
    expect(widths[1] / widths[0]).toBeCloseTo(31_050 / 48_200, 6)
    expect([...svg.querySelectorAll('.bar title')].map((t) => t.textContent)).toEqual([
      '10.0.0.5: 48,200', '192.168.1.20: 31,050', 'fe80::1c2b:3aff:fe4d:5e6f: 9,800', 'dns.example.org: 1,200',
      'a-very-long-host-name.internal.example.com: 15',
    ])
    expect(svg.querySelectorAll('.bar-label')[4].textContent).toMatch(/…$/)
    expect(svg.getAttribute('role')).toBe('img')
  })

  it('makes rows keyboard buttons when onSelect is given', () => {
    const svg = createSvg()
    const onSelect = vi.fn()
    renderBarChart(svg, talkers, { label: 'x', onSelect })
    const rows = svg.querySelectorAll('.bar')
    expect(rows[2].getAttribute('tabindex')).toBe('0')
    expect(rows[2].getAttribute('role')).toBe('button')
    rows[2].dispatchEvent(new MouseEvent('click', { bubbles: true }))
    expect(onSelect).toHaveBeenLastCalledWith(2)
    rows[3].dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }))
    expect(onSelect).toHaveBeenLastCalledWith(3)
    expect(svg.getAttribute('role')).toBe('group')
  })

  it('shows hostile labels as escaped text and tolerates bad values', () => {
    const svg = createSvg()
    renderBarChart(svg, { labels: ['<svg onload=alert(1)>', 'evil\u202Etxt.exe', 'nan', 'neg'], values: [1, Infinity, NaN, -5] },
      { label: 'x', maxBars: 3 })
    expect(svg.querySelectorAll('.bar')).toHaveLength(3)
    expect(svg.querySelector('svg')).toBeNull()
    expect(svg.querySelectorAll('.bar title')[1].textContent).toBe('evil\\u{202e}txt.exe: 0')
    for (const r of svg.querySelectorAll('.bar rect')) expect(Number(r.getAttribute('width'))).toBeGreaterThanOrEqual(0)
  })

  it('says "No data" for an empty list', () => {
    const svg = createSvg()
    renderBarChart(svg, { labels: [], values: [] }, { label: 'x' })
    expect(svg.querySelector('.empty')?.textContent).toBe('No data')
  })
})
