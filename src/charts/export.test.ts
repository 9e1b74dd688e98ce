// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest'
import { renderBarChart } from './bar-chart.ts'
import { pngScale, replaceVars, svgSize, svgToPngBlob, svgToString, type RasterEnvironment } from './export.ts'

/** A bar chart inside a themed container, as on the page. */
function themedChart(theme: string): SVGSVGElement {
  const host = document.createElement('div')
  host.setAttribute('style', theme)
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg')
  host.append(svg)
  document.body.append(host)
  renderBarChart(svg, { labels: ['</text><script>alert(1)</script>', 'b & c'], values: [3, 1] }, { label: 'Top "talkers"', width: 300 })
  return svg
}

describe('replaceVars', () => {
  const vars: Record<string, string> = { '--a': 'red', '--b': '' }
  const resolve = (n: string): string => vars[n] ?? ''
  it('uses the value, else the fallback, including nested fallbacks', () => {
    expect(replaceVars('var(--a, blue)', resolve)).toBe('red')
    expect(replaceVars('var(--b, blue)', resolve)).toBe('blue')
    expect(replaceVars('var(--b, var(--zz, rgb(1, 2, 3)))', resolve)).toBe('rgb(1, 2, 3)')
    expect(replaceVars('color: var(--a); fill: var(--nope)', resolve)).toBe('color: red; fill: ')
  })
  it('stops on malformed input', () => {
    expect(replaceVars('var(--a', resolve)).toBe('var(--a')
    expect(replaceVars('var(var(var(var(', resolve)).toBe('var(var(var(var(')
  })
})

describe('svgToString', () => {
  it('resolves theme variables, sets a concrete text colour and background, and is well-formed XML', () => {
    const svg = themedChart('--chart-fg: #101010; --chart-muted: #777777; --chart-bg: #fafafa; color: #101010')
    const text = svgToString(svg)
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true)
    expect(text).not.toContain('var(')
    expect(text).toContain('fill="#777777"')
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml')
    expect(doc.querySelector('parsererror')).toBeNull()
    const root = doc.documentElement
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg')
    // jsdom's CSSOM may serialise the colour as rgb() (the style is written through CSSOM, see export.ts).
    expect(root.getAttribute('style')).toMatch(/color: (#101010|rgb\(16, 16, 16\))/)
    expect(root.children[1].getAttribute('fill')).toBe('#fafafa')
    expect(doc.querySelector('script')).toBeNull()
    expect(doc.querySelector('.bar title')?.textContent).toBe('</text><script>alert(1)</script>: 3')
    expect(doc.querySelector('svg')?.getAttribute('aria-label')).toBe('Top "talkers"')
    // The page's chart is untouched.
    expect(svg.outerHTML).toContain('var(--chart-muted')
  })

  it('falls back to the palette defaults without a theme and can skip the background', () => {
    const text = svgToString(themedChart(''), { background: null })
    expect(text).toContain('fill="#8c939b"')
    expect(text).not.toContain('width="100%"')
  })
})

describe('svgToPngBlob', () => {
  function fakeEnv(result: 'ok' | 'no-blob' | 'bad-image') {
    const drawn: number[][] = []
    const env: RasterEnvironment = {
      loadImage: vi.fn(async (svgText: string) => {
        if (result === 'bad-image') throw new Error('The chart could not be drawn as an image')
        return { svgText } as unknown as CanvasImageSource
      }),
      createCanvas: vi.fn((w: number, h: number) => ({
        width: w, height: h,
        getContext: () => ({ drawImage: (_i: unknown, ...args: number[]) => drawn.push(args) }),
        toBlob: (cb: (b: Blob | null) => void) => cb(result === 'ok' ? new Blob(['png'], { type: 'image/png' }) : null),
      }) as unknown as HTMLCanvasElement),
    }
    return { env, drawn }
  }

  it('draws the exported SVG at the requested scale', async () => {
    const svg = themedChart('')
    const { env, drawn } = fakeEnv('ok')
    const blob = await svgToPngBlob(svg, 3, env)
    expect(blob.type).toBe('image/png')
    expect(env.loadImage).toHaveBeenCalledWith(svgToString(svg))
    const height = Number(svg.getAttribute('height'))
    expect(env.createCanvas).toHaveBeenCalledWith(900, height * 3)
    expect(drawn).toEqual([[0, 0, 900, height * 3]])
  })

  it('rejects with a message when the image or the encoding fails', async () => {
    await expect(svgToPngBlob(themedChart(''), 2, fakeEnv('bad-image').env)).rejects.toThrow('could not be drawn')
    await expect(svgToPngBlob(themedChart(''), 2, fakeEnv('no-blob').env)).rejects.toThrow('could not be encoded')
  })

  it('keeps the canvas within browser limits', () => {
    expect(pngScale(800, 600, 2)).toBe(2)
    expect(pngScale(800, 600, NaN)).toBe(1)
    expect(pngScale(8000, 100, 4)).toBeCloseTo(16_384 / 8000, 9)
    expect(8000 * 8000 * pngScale(8000, 8000, 8) ** 2).toBeLessThanOrEqual(64 * 1024 * 1024 + 1)
  })

  it('reads the size from attributes, then the viewBox', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg')
    svg.setAttribute('viewBox', '0 0 640 200')
    expect(svgSize(svg)).toEqual({ width: 640, height: 200 })
    svg.setAttribute('width', '100%')
    expect(svgSize(svg)).toEqual({ width: 640, height: 200 })
  })
})
