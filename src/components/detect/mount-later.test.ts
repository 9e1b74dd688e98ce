// @vitest-environment jsdom
import { act, createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { afterEach, describe, expect, it } from 'vitest'
import { MountLater } from './MountLater.tsx'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const host = document.createElement('div')
document.body.append(host)

afterEach(() => {
  host.replaceChildren()
})

describe('MountLater', () => {
  it('commits its children in a later task than itself, then keeps them', async () => {
    const root = createRoot(host)
    const view = (text: string) => createElement('section', null, createElement('h2', null, 'head'), createElement(MountLater, null, createElement('p', null, text)))
    // act() flushes effects but not the timer: the first commit has the head and not the children.
    act(() => root.render(view('table')))
    expect(host.querySelector('h2')?.textContent).toBe('head')
    expect(host.querySelector('p')).toBeNull()
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5))
    })
    expect(host.querySelector('p')?.textContent).toBe('table')
    // A later render shows new children at once.
    act(() => root.render(view('table, updated')))
    expect(host.querySelector('p')?.textContent).toBe('table, updated')
    act(() => root.unmount())
  })
})
