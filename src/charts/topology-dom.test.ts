// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { roundWidth, sameSet, setAttr, setText } from './topology-dom.ts'

/** Attribute and text mutations made on `el` and below while `f` runs. */
function mutationsDuring(el: Element, f: () => void): MutationRecord[] {
  const observer = new MutationObserver(() => undefined)
  observer.observe(el, { attributes: true, childList: true, characterData: true, subtree: true })
  f()
  const records = observer.takeRecords()
  observer.disconnect()
  return records
}

describe('topology DOM writes', () => {
  it('writes an attribute only when its value changes, and removes it for null', () => {
    const el = document.createElementNS('http://www.w3.org/2000/svg', 'line')
    expect(mutationsDuring(el, () => setAttr(el, 'x1', '10'))).toHaveLength(1)
    expect(mutationsDuring(el, () => setAttr(el, 'x1', '10'))).toHaveLength(0)
    expect(mutationsDuring(el, () => setAttr(el, 'x1', '11'))).toHaveLength(1)
    expect(el.getAttribute('x1')).toBe('11')
    expect(mutationsDuring(el, () => setAttr(el, 'opacity', null))).toHaveLength(0)
    setAttr(el, 'opacity', '0.2')
    expect(mutationsDuring(el, () => setAttr(el, 'opacity', null))).toHaveLength(1)
    expect(el.hasAttribute('opacity')).toBe(false)
  })

  it('sets text as text only when it differs', () => {
    const el = document.createElementNS('http://www.w3.org/2000/svg', 'title')
    setText(el, '<b>x</b>')
    expect(el.children).toHaveLength(0)
    expect(el.textContent).toBe('<b>x</b>')
    expect(mutationsDuring(el, () => setText(el, '<b>x</b>'))).toHaveLength(0)
    expect(mutationsDuring(el, () => setText(el, 'y')).length).toBeGreaterThan(0)
  })

  it('rounds widths to 1/100 px, idempotently', () => {
    expect(roundWidth(2.0712)).toBe(2.07)
    expect(roundWidth(0.5)).toBe(0.5)
    for (const v of [0.505, 1.115, 3.99999, 2.345678]) expect(roundWidth(roundWidth(v))).toBe(roundWidth(v))
  })

  it('compares sets by members', () => {
    expect(sameSet(new Set(['a', 'b']), new Set(['b', 'a']))).toBe(true)
    expect(sameSet(new Set(['a']), new Set(['a', 'b']))).toBe(false)
    expect(sameSet(new Set(['a', 'c']), new Set(['a', 'b']))).toBe(false)
    expect(sameSet(new Set(), new Set())).toBe(true)
  })
})
