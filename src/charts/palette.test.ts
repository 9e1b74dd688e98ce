// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { CATEGORY_COLORS, categoryColor, categoryColorForKey, cssVar, groupColors, resolveColor, textColorOn } from './palette.ts'
import { normalizeSvg, roundNumbers } from './svg-snapshot.ts'

describe('palette', () => {
  it('uses the eight Okabe-Ito colours, wrapping and tolerating odd indexes', () => {
    expect(new Set(CATEGORY_COLORS).size).toBe(8)
    expect(categoryColor(8)).toBe(categoryColor(0))
    expect(categoryColor(-1)).toBe(categoryColor(7))
    expect(categoryColor(NaN)).toBe(categoryColor(0))
  })

  it('gives a name the same colour every time, and groups colours by sorted name', () => {
    expect(categoryColorForKey('tcp')).toBe(categoryColorForKey('tcp'))
    expect(CATEGORY_COLORS).toContain(categoryColorForKey('dns'))
    const colors = groupColors(['server', 'client', 'server', 'router'])
    expect([...colors]).toEqual([['client', CATEGORY_COLORS[0]], ['router', CATEGORY_COLORS[1]], ['server', CATEGORY_COLORS[2]]])
  })

  it('picks black text on light fills and white on dark ones', () => {
    expect(textColorOn('#F0E442')).toBe('#000000')
    expect(textColorOn('#E69F00')).toBe('#000000')
    expect(textColorOn('#0072B2')).toBe('#ffffff')
    expect(textColorOn('var(--x)')).toBe('currentColor')
  })

  it('resolves a chart variable from an ancestor, else its fallback', () => {
    const outer = document.createElement('div')
    outer.setAttribute('style', '--chart-alert: #123456; color: rgb(1, 2, 3)')
    const inner = document.createElementNS('http://www.w3.org/2000/svg', 'svg')
    outer.append(inner)
    document.body.append(outer)
    expect(resolveColor(inner, 'alert')).toBe('#123456')
    expect(resolveColor(inner, 'muted')).toBe('#8c939b')
    expect(resolveColor(inner, 'fg')).toBe('rgb(1, 2, 3)')
    expect(cssVar('alert')).toBe('var(--chart-alert, #D55E00)')
  })
})

describe('snapshot normalisation', () => {
  it('rounds numbers to two decimals but leaves hex colours and text attributes alone', () => {
    expect(roundNumbers('M0.123456,-0.001L1e-7,3.14159')).toBe('M0.12,0L0,3.14')
    expect(roundNumbers('fill: #56B4E9')).toBe('fill: #56B4E9')
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg')
    svg.setAttribute('aria-label', '10.0.0.50')
    svg.setAttribute('x', '1.005001')
    svg.append(document.createElementNS('http://www.w3.org/2000/svg', 'title'))
    svg.firstElementChild?.append('a < b')
    expect(normalizeSvg(svg)).toBe('<svg aria-label="10.0.0.50" x="1.01">\n  <title>a &lt; b</title>\n</svg>\n')
  })
})
