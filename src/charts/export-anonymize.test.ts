// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { Anonymizer } from '../lib/anonymize/anonymizer.ts'
import { renderBarChart } from './bar-chart.ts'
import { svgToString } from './export.ts'

describe('chart export with anonymised addresses', () => {
  it('replaces addresses in every label and title of the exported SVG, not in the page', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg')
    document.body.append(svg)
    renderBarChart(svg, { labels: ['10.0.0.5', 'dns.example.org'], values: [10, 3] }, { label: 'Top talkers 10.0.0.5', width: 400 })
    const anon = new Anonymizer(new Uint8Array(32).fill(6))
    const out = svgToString(svg, { mapText: (t) => anon.text(t) })
    expect(out).not.toContain('10.0.0.5')
    expect(out).toContain(anon.address('10.0.0.5') as string)
    expect(out).toContain('dns.example.org')
    expect(svg.textContent).toContain('10.0.0.5') // the chart on the page keeps its labels
  })
})
