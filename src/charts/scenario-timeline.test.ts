// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest'
import { clampBar, renderScenarioTimeline, timelineStep } from './scenario-timeline.ts'
import { createSvg, normalizeSvg } from './svg-snapshot.ts'

const data = {
  span: 600,
  bars: [
    { label: 'port-scan-1', start: 240, duration: 60 },
    { label: '<img src=x onerror=alert(1)>\u202e', start: 390, duration: 60 },
  ],
  selected: 0,
}

function key(el: Element, k: string, shiftKey = false): void {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey, bubbles: true }))
}

describe('renderScenarioTimeline', () => {
  it('matches the snapshot', async () => {
    const svg = createSvg()
    renderScenarioTimeline(svg, data, { width: 600, onChange: () => undefined })
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/scenario-timeline.svg')
  })

  it('draws one lane per scenario, bars placed by start and duration, labels as text', () => {
    const svg = createSvg()
    renderScenarioTimeline(svg, data, { width: 626 })
    const bars = [...svg.querySelectorAll('.bar-body')]
    expect(bars).toHaveLength(2)
    // 600 px of axis for 600 s: one pixel per second, from x = 12.
    expect(bars.map((b) => [Number(b.getAttribute('x')), Number(b.getAttribute('width'))])).toEqual([[252, 60], [402, 60]])
    expect(svg.querySelector('img')).toBeNull()
    expect(svg.querySelectorAll('.scenario-bar title')[1].textContent).toContain('<img src=x')
    expect(svg.querySelectorAll('.scenario-bar title')[1].textContent).not.toContain('\u202e')
    // Without onChange nor onSelect nothing is focusable.
    expect(svg.querySelector('[tabindex]')).toBeNull()
  })

  it('moves a bar with the arrow keys and resizes it with Shift, inside the span', () => {
    const svg = createSvg()
    const onChange = vi.fn()
    renderScenarioTimeline(svg, data, { width: 626, onChange })
    const bar = svg.querySelectorAll('.scenario-bar')[1]
    key(bar, 'ArrowRight')
    expect(onChange).toHaveBeenLastCalledWith(1, 396, 60)
    key(bar, 'ArrowLeft', true)
    expect(onChange).toHaveBeenLastCalledWith(1, 396, 54)
    for (let i = 0; i < 100; i++) key(bar, 'ArrowRight')
    expect(onChange).toHaveBeenLastCalledWith(1, 546, 54)
    expect(Number(bar.querySelector('.bar-body')?.getAttribute('x'))).toBe(12 + 546)
  })

  it('moves a bar by dragging it and resizes it by dragging its edge', () => {
    const svg = createSvg()
    document.body.append(svg)
    const onChange = vi.fn()
    renderScenarioTimeline(svg, data, { width: 626, onChange })
    // Events built by the svg's own window (vitest's globals may belong to another realm than jsdom's document).
    const win = svg.ownerDocument.defaultView as (Window & typeof globalThis) | null
    if (win === null) throw new Error('no window')
    // jsdom refuses vitest's window proxy as `view`; d3-drag needs it to listen for the moves, so it is set after.
    const mouse = (type: string, clientX: number): MouseEvent => {
      const e = new win.MouseEvent(type, { clientX, clientY: 10, bubbles: true, button: 0 })
      Object.defineProperty(e, 'view', { value: win })
      return e
    }
    const drag = (el: Element, from: number, to: number): void => {
      el.dispatchEvent(mouse('mousedown', from))
      win.dispatchEvent(mouse('mousemove', to))
      win.dispatchEvent(mouse('mouseup', to))
    }
    drag(svg.querySelectorAll('.bar-body')[0], 260, 300)
    expect(onChange).toHaveBeenLastCalledWith(0, 280, 60)
    drag(svg.querySelectorAll('.resize-handle')[0], 340, 370)
    expect(onChange).toHaveBeenLastCalledWith(0, 280, 90)
    svg.remove()
  })

  it('keeps bars inside the span', () => {
    expect(clampBar(100, 95, 20)).toEqual({ start: 80, duration: 20 })
    expect(clampBar(100, -5, 500)).toEqual({ start: 0, duration: 100 })
    expect(clampBar(100, Number.NaN, Number.NaN)).toEqual({ start: 0, duration: 1 })
    expect(timelineStep(600)).toBe(6)
    expect(timelineStep(20)).toBe(1)
  })
})
