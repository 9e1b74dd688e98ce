// @vitest-environment jsdom
import { act, createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { afterEach, describe, expect, it } from 'vitest'
import { useAnalysisStore } from './analysis-store.ts'
import type { DataSource } from './data-source.ts'
import { useQuery } from './use-query.ts'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

let visibility: DocumentVisibilityState = 'visible'
Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility })

function setVisibility(v: DocumentVisibilityState): void {
  visibility = v
  document.dispatchEvent(new Event('visibilitychange'))
}

/** A live source that answers every question with how many it was asked so far. */
function countingSource(): { source: DataSource; asked: () => number } {
  let asked = 0
  const source = { kind: 'live', id: 'live:1', query: () => Promise.resolve(++asked) } as unknown as DataSource
  return { source, asked: () => asked }
}

let shown: unknown = null
function Probe({ source }: { readonly source: DataSource }) {
  shown = useQuery(source, 'summary', {}).data
  return null
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await act(async () => await Promise.resolve())
}

afterEach(() => {
  visibility = 'visible'
  useAnalysisStore.setState({ dataVersion: 0 })
})

describe('useQuery', () => {
  it('asks again as the live data moves on, and shows the newest answer', async () => {
    const { source, asked } = countingSource()
    const root = createRoot(document.createElement('div'))
    await act(async () => root.render(createElement(Probe, { source })))
    await settle()
    expect(asked()).toBe(1)
    expect(shown).toBe(1)
    await act(async () => useAnalysisStore.setState({ dataVersion: 1 }))
    await settle()
    expect(asked()).toBe(2)
    expect(shown).toBe(2)
    await act(async () => root.unmount())
  })

  it('a hidden page keeps its answer instead of asking for every partial result, and catches up when shown', async () => {
    const { source, asked } = countingSource()
    const root = createRoot(document.createElement('div'))
    await act(async () => root.render(createElement(Probe, { source })))
    await settle()
    expect(asked()).toBe(1)
    await act(async () => setVisibility('hidden'))
    for (let v = 1; v <= 3; v++) await act(async () => useAnalysisStore.setState({ dataVersion: v }))
    await settle()
    expect(asked()).toBe(1)
    expect(shown).toBe(1)
    await act(async () => setVisibility('visible'))
    await settle()
    expect(asked()).toBe(2)
    expect(shown).toBe(2)
    await act(async () => root.unmount())
  })
})
