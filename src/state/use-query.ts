/**
 * useQuery: a view's way to ask its DataSource. It asks again when the source changes, when the live data
 * moves on (dataVersion in the analysis store) and when the params change (compared by value); an answer that
 * arrives after a newer question was asked is dropped. The previous data stays visible while a new answer is
 * on its way, so charts do not flash empty while a file is read. An answer is rendered in a transition, which
 * React renders in slices: a view re-rendering a big table or chart for each partial result of a file being
 * read would otherwise hold the main thread for one long task per answer.
 */
import { startTransition, useEffect, useRef, useState } from 'react'
import type { QueryName, QueryParams, QueryResult } from '../analysis/queries/index.ts'
import { useAnalysisStore } from './analysis-store.ts'
import type { DataSource } from './data-source.ts'

export interface QueryState<T> {
  /** 'loading' until the first answer for this source; 'ok' or 'error' after. */
  readonly status: 'loading' | 'ok' | 'error'
  /** The latest answer (kept while a newer question is on its way); null before the first. */
  readonly data: T | null
  /** Why the latest question failed, in words for the user. */
  readonly error: string | null
  /** True while a newer question than `data` answers is on its way. */
  readonly pending: boolean
}

/** A stable text key for params (plain data only): the effect below re-runs when it changes. */
function paramsKey(params: unknown): string {
  try {
    return JSON.stringify(params) ?? ''
  } catch {
    return String(Math.random())
  }
}

/** Whether the page is visible (not a background tab or a minimised window). */
function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => typeof document === 'undefined' || document.visibilityState !== 'hidden')
  useEffect(() => {
    if (typeof document === 'undefined') return
    const onChange = () => setVisible(document.visibilityState !== 'hidden')
    document.addEventListener('visibilitychange', onChange)
    return () => document.removeEventListener('visibilitychange', onChange)
  }, [])
  return visible
}

export function useQuery<N extends QueryName>(source: DataSource | null, name: N, params: QueryParams<N>): QueryState<QueryResult<N>> {
  const liveVersion = useAnalysisStore((s) => s.dataVersion)
  const version = source?.kind === 'live' ? liveVersion : 0
  const key = paramsKey(params)
  const visible = usePageVisible()
  /** The source the latest answer came from: a hidden page keeps it instead of asking again for each partial result. */
  const answered = useRef<string | null>(null)
  const [state, setState] = useState<QueryState<QueryResult<N>> & { readonly sourceId: string | null }>({
    status: 'loading',
    data: null,
    error: null,
    pending: true,
    sourceId: null,
  })

  useEffect(() => {
    if (!source) return
    // A page nobody sees (another tab) does not re-ask for every partial result; it catches up when shown.
    if (!visible && answered.current === source.id) return
    let current = true
    setState((s) => (s.sourceId === source.id ? { ...s, pending: true } : { status: 'loading', data: null, error: null, pending: true, sourceId: source.id }))
    source.query(name, JSON.parse(key === '' ? 'null' : key) as QueryParams<N>).then(
      (data) => {
        if (!current) return
        answered.current = source.id
        startTransition(() => setState({ status: 'ok', data, error: null, pending: false, sourceId: source.id }))
      },
      (e: unknown) => {
        if (!current) return
        const error = e instanceof Error ? e.message : String(e)
        setState((s) => ({ ...s, status: 'error', error, pending: false, sourceId: source.id }))
      },
    )
    return () => {
      current = false
    }
  }, [source, name, key, version, visible])

  if (!source || state.sourceId !== source.id) return { status: 'loading', data: null, error: null, pending: true }
  return state
}
