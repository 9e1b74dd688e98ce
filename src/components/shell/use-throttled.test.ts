// @vitest-environment jsdom
import { act, createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { afterEach, describe, expect, it } from 'vitest'
import { useThrottled } from './use-throttled.ts'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const host = document.createElement('div')
document.body.append(host)

afterEach(() => {
  host.replaceChildren()
})

const INTERVAL = 400
let renders: string[] = []

/** Shows the throttled value and records every value it rendered with. */
function Shown({ value }: { readonly value: string }) {
  const shown = useThrottled(value, INTERVAL)
  renders.push(shown)
  return createElement('p', null, shown)
}

const text = () => host.querySelector('p')?.textContent
const wait = (ms: number) => act(async () => {
  await new Promise((resolve) => setTimeout(resolve, ms))
})

describe('useThrottled', () => {
  it('shows the first value at once, coalesces quick changes and always ends on the latest', async () => {
    renders = []
    const root = createRoot(host)
    act(() => root.render(createElement(Shown, { value: 'a' })))
    expect(text()).toBe('a')
    // Three changes within the interval: none shows yet, then only the last one does.
    for (const v of ['b', 'c', 'd']) act(() => root.render(createElement(Shown, { value: v })))
    expect(text()).toBe('a')
    await wait(INTERVAL * 2)
    expect(text()).toBe('d')
    expect(renders.filter((v, i) => i === 0 || v !== renders[i - 1])).toEqual(['a', 'd'])
    // After a quiet interval a change shows at once (in the commit's effects).
    await wait(INTERVAL * 2)
    act(() => root.render(createElement(Shown, { value: 'e' })))
    expect(text()).toBe('e')
    act(() => root.unmount())
  })
})
