/**
 * Writes for the topology chart's SVG that touch the DOM only when a value changes. While a file is read the
 * chart is redrawn every few hundred milliseconds with up to 2,000 lines and 300 nodes, most of which did not
 * move; rewriting every attribute made the browser restyle every element each time (a 76 ms task). Reading an
 * attribute back is cheap and invalidates nothing, so each write is a compare first.
 */

/** Sets (or, for null, removes) an attribute unless it already has that value. */
export function setAttr(el: Element, name: string, value: string | null): void {
  const old = el.getAttribute(name)
  if (value === null) {
    if (old !== null) el.removeAttribute(name)
  } else if (old !== value) {
    el.setAttribute(name, value)
  }
}

/** Sets an element's text (always as text, never markup) unless it already reads that. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text
}

/**
 * A stroke width to 1/100 px: finer differences are invisible, and without rounding every line's width would
 * change (and be restyled) each time the heaviest edge grows during a read. Idempotent, as the snapshot
 * normaliser's rounding is.
 */
export function roundWidth(v: number): number {
  return Math.round(v * 100) / 100
}

/** Whether two sets hold the same members. */
export function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false
  for (const v of a) if (!b.has(v)) return false
  return true
}
