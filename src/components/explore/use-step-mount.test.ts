// @vitest-environment jsdom
import { act, createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { afterEach, describe, expect, it } from 'vitest'
import { useStepMount } from './use-step-mount.ts'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const host = document.createElement('div')
document.body.append(host)

afterEach(() => {
  host.replaceChildren()
})

/** A list that mounts `wanted` items through the hook, 3 per step. */
function List({ wanted }: { readonly wanted: number }) {
  const mounted = useStepMount(wanted, 3)
  return createElement('ul', null, Array.from({ length: Math.min(wanted, mounted) }, (_, i) => createElement('li', { key: i }, String(i))))
}

const items = () => host.querySelectorAll('li').length
/** Lets the pending step timer (and its transition) run. */
const nextTask = () => act(async () => {
  await new Promise((resolve) => setTimeout(resolve, 1))
})

describe('useStepMount', () => {
  it('mounts nothing with the frame, then a step per task, then everything at once from then on', async () => {
    const root = createRoot(host)
    act(() => root.render(createElement(List, { wanted: 0 })))
    await nextTask()
    // No items yet: the steps wait for some.
    expect(items()).toBe(0)
    act(() => root.render(createElement(List, { wanted: 8 })))
    expect(items()).toBe(0)
    const seen: number[] = []
    for (let i = 0; i < 4; i++) {
      await nextTask()
      seen.push(items())
    }
    expect(seen).toEqual([3, 6, 8, 8])
    // Done stepping: more items appear in the same commit.
    act(() => root.render(createElement(List, { wanted: 20 })))
    expect(items()).toBe(20)
    act(() => root.unmount())
  })
})
