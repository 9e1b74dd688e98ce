/**
 * Chart export as SVG and PNG. Charts colour themselves with CSS variables (palette.ts), which mean nothing in
 * a standalone file, so the copy being exported gets every var(...) replaced by its current value (read at the
 * chart's root and its ancestors, where themes set them) and a concrete text colour. PNG goes through an
 * <img> of that SVG drawn onto a canvas: no request leaves the page, the SVG is a local blob URL.
 */
import { computedColor, readVariable } from './palette.ts'

const SVG_NS = 'http://www.w3.org/2000/svg'
/** Browsers refuse canvases much beyond this (Chrome: 16,384 px a side, ~268M px); stay well inside. */
const MAX_SIDE = 16_384
const MAX_PIXELS = 64 * 1024 * 1024

export interface ExportOptions {
  /** A background fill; default: the chart's --chart-bg when set, else transparent. null: never. */
  readonly background?: string | null
  /** Applied to every text node of the copy (labels, titles): the export's address anonymiser, when asked for. */
  readonly mapText?: (text: string) => string
}

/** The chart as a standalone SVG document with theme variables resolved. */
export function svgToString(svg: SVGSVGElement, options: ExportOptions = {}): string {
  // Copied into an inert document: a clone inside the page re-applies the chart's style attributes, which the
  // app's Content-Security-Policy (style-src without 'unsafe-inline') reports as violations.
  const copy = svg.ownerDocument.implementation.createHTMLDocument('').importNode(svg, true)
  const cache = new Map<string, string>()
  const resolve = (name: string): string => {
    let v = cache.get(name)
    if (v === undefined) {
      v = readVariable(svg, name)
      cache.set(name, v)
    }
    return v
  }
  for (const el of [copy, ...copy.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      if (!attr.value.includes('var(')) continue
      const value = replaceVars(attr.value, resolve)
      // A style attribute is rewritten through CSSOM: setAttribute('style') is an inline style a strict CSP blocks.
      if (attr.name === 'style' && 'style' in el) setDeclarations(el as Element & ElementCSSInlineStyle, value)
      else el.setAttribute(attr.name, value)
    }
  }
  if (options.mapText) {
    const walker = copy.ownerDocument.createTreeWalker(copy, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) (node as Text).data = options.mapText((node as Text).data)
    for (const el of [copy, ...copy.querySelectorAll('*')]) {
      for (const name of ['aria-label', 'aria-description', 'title']) {
        const v = el.getAttribute(name)
        if (v !== null) el.setAttribute(name, options.mapText(v))
      }
    }
  }
  // currentColor (axes, labels) follows the root's colour, which must be concrete outside the page.
  copy.style.setProperty('color', textColorOf(svg, resolve('--chart-fg')))
  copy.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns', SVG_NS)
  const { width, height } = svgSize(svg)
  copy.setAttribute('width', String(width))
  copy.setAttribute('height', String(height))
  const background = options.background === undefined ? resolve('--chart-bg') : options.background
  if (background && background !== 'transparent') {
    const rect = copy.ownerDocument.createElementNS(SVG_NS, 'rect')
    rect.setAttribute('width', '100%')
    rect.setAttribute('height', '100%')
    rect.setAttribute('fill', background)
    const desc = copy.querySelector(':scope > desc')
    copy.insertBefore(rect, desc ? desc.nextSibling : copy.firstChild)
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`
}

/** Applies "name: value; ..." declarations one by one through CSSOM (chart styles hold no ';' inside values). */
function setDeclarations(el: ElementCSSInlineStyle, text: string): void {
  for (const part of text.split(';')) {
    const colon = part.indexOf(':')
    if (colon > 0) el.style.setProperty(part.slice(0, colon).trim(), part.slice(colon + 1).trim())
  }
}

/** The chart's text colour as a concrete value: computed by the browser, else the theme variable, else black. */
function textColorOf(svg: SVGSVGElement, themed: string): string {
  const computed = computedColor(svg)
  const usable = (c: string): boolean => c !== '' && !c.includes('var(') && c !== 'currentColor' && c !== 'inherit'
  return usable(computed) ? computed : usable(themed) ? themed : '#000000'
}

/**
 * Replaces each var(--name, fallback) with the variable's value, else its fallback (which may itself hold a
 * var()); unknown variables without a fallback become "". Bounded: at most 64 replacements per value.
 */
export function replaceVars(value: string, resolve: (name: string) => string): string {
  let out = value
  for (let n = 0; n < 64; n++) {
    const start = out.lastIndexOf('var(') // innermost last: fallbacks are resolved before the var that holds them
    if (start < 0) break
    let depth = 0
    let end = -1
    let comma = -1
    for (let i = start + 3; i < out.length; i++) {
      const c = out[i]
      if (c === '(') depth++
      else if (c === ')' && --depth === 0) {
        end = i
        break
      } else if (c === ',' && depth === 1 && comma < 0) comma = i
    }
    if (end < 0) break
    const name = out.slice(start + 4, comma < 0 ? end : comma).trim()
    const fallback = comma < 0 ? '' : out.slice(comma + 1, end).trim()
    out = out.slice(0, start) + (resolve(name) || fallback) + out.slice(end + 1)
  }
  return out
}

/** The chart's size from its width/height attributes, else its viewBox, else its layout box. */
export function svgSize(svg: SVGSVGElement): { width: number; height: number } {
  const num = (v: string | null): number => (v !== null && /^\s*[\d.]+\s*(px)?\s*$/.test(v) ? parseFloat(v) : NaN)
  let width = num(svg.getAttribute('width'))
  let height = num(svg.getAttribute('height'))
  const box = (svg.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number)
  if (!(width > 0) && box.length === 4) width = box[2]
  if (!(height > 0) && box.length === 4) height = box[3]
  if (!(width > 0) || !(height > 0)) {
    const r = svg.getBoundingClientRect()
    width = width > 0 ? width : r.width
    height = height > 0 ? height : r.height
  }
  return { width: width > 0 ? width : 300, height: height > 0 ? height : 150 }
}

/** What PNG export needs from the browser; tests pass their own. */
export interface RasterEnvironment {
  loadImage(svgText: string): Promise<CanvasImageSource>
  createCanvas(width: number, height: number): HTMLCanvasElement
}

export const browserRaster: RasterEnvironment = {
  async loadImage(svgText) {
    const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }))
    try {
      const image = new Image()
      await new Promise<void>((resolve, reject) => {
        image.onload = () => resolve()
        image.onerror = () => reject(new Error('The chart could not be drawn as an image'))
        image.src = url
      })
      return image
    } finally {
      URL.revokeObjectURL(url)
    }
  },
  createCanvas(width, height) {
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    return canvas
  },
}

/** The chart as a PNG at `scale` times its size (clamped so the canvas stays within browser limits). */
export async function svgToPngBlob(svg: SVGSVGElement, scale = 2, env: RasterEnvironment = browserRaster, options: ExportOptions = {}): Promise<Blob> {
  const text = svgToString(svg, options)
  const { width, height } = svgSize(svg)
  const s = pngScale(width, height, scale)
  const w = Math.max(1, Math.round(width * s))
  const h = Math.max(1, Math.round(height * s))
  const image = await env.loadImage(text)
  const canvas = env.createCanvas(w, h)
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('This browser cannot draw on a canvas')
  ctx.drawImage(image, 0, 0, w, h)
  return new Promise<Blob>((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be encoded'))), 'image/png')
  })
}

/** `scale` limited to (0, 8] and to what keeps the canvas under MAX_SIDE per side and MAX_PIXELS overall. */
export function pngScale(width: number, height: number, scale: number): number {
  const asked = Number.isFinite(scale) && scale > 0 ? Math.min(scale, 8) : 1
  return Math.min(asked, MAX_SIDE / width, MAX_SIDE / height, Math.sqrt(MAX_PIXELS / (width * height)))
}
