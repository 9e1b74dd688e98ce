/**
 * Test helper: turns a rendered chart into stable, reviewable text for file snapshots (in the manner of
 * Observable Plot's test/plot-snapshot.js). Numbers inside attribute values are rounded to 2 decimals so
 * floating-point noise does not churn snapshots; element and attribute order are kept as drawn, since both
 * carry meaning (paint order). One element per line, indented by depth.
 */
/** A number, or a #hex colour (matched so that its digits are left alone). */
const NUMBER = /#[0-9a-f]+|-?(?:\d+\.\d*|\.\d+|\d+)(?:e[-+]?\d+)?/gi

/** Rounds every number in an attribute value to at most 2 decimals ("-0" becomes "0"). */
export function roundNumbers(value: string): string {
  return value.replace(NUMBER, (m) => {
    if (m.startsWith('#')) return m
    const v = Math.round(Number(m) * 100) / 100
    return Object.is(v, -0) ? '0' : String(v)
  })
}

/** Attributes that hold words, not geometry: "10.0.0.50" in an aria-label is an address, not a number. */
function isText(name: string): boolean {
  return name.startsWith('aria-') || name.startsWith('data-') || name === 'class' || name === 'id' || name === 'role' || name === 'href'
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** The normalised, pretty-printed markup of an element and its subtree. */
export function normalizeSvg(root: Element): string {
  const lines: string[] = []
  const walk = (el: Element, depth: number): void => {
    const pad = '  '.repeat(depth)
    const attrs = [...el.attributes].map((a) => ` ${a.name}="${escapeXml(isText(a.name) ? a.value : roundNumbers(a.value))}"`).join('')
    const children = [...el.children]
    const text = children.length === 0 ? (el.textContent ?? '') : ''
    if (children.length === 0) {
      lines.push(text ? `${pad}<${el.tagName}${attrs}>${escapeXml(text)}</${el.tagName}>` : `${pad}<${el.tagName}${attrs}/>`)
      return
    }
    lines.push(`${pad}<${el.tagName}${attrs}>`)
    for (const c of children) walk(c, depth + 1)
    lines.push(`${pad}</${el.tagName}>`)
  }
  walk(root, 0)
  return lines.join('\n') + '\n'
}

/** A fresh <svg> attached to the jsdom document body (charts may look at ancestors for CSS variables). */
export function createSvg(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg')
  document.body.append(svg)
  return svg
}
