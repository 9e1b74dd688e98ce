/**
 * useQuery: a view's way to ask its DataSource. It asks again when the source changes, when the live data
 * moves on (dataVersion in the analysis store) and when the params change (compared by value); an answer that
 * arrives after a newer question was asked is dropped. The previous data stays visible while a new answer is
 * on its way, so charts do not flash empty while a file is read.
 */
import { useEffect, useState } from 'react'
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

export function useQuery<N extends QueryName>(source: DataSource | null, name: N, params: QueryParams<N>): QueryState<QueryResult<N>> {
  const liveVersion = useAnalysisStore((s) => s.dataVersion)
  const version = source?.kind === 'live' ? liveVersion : 0
  const key = paramsKey(params)
  const [state, setState] = useState<QueryState<QueryResult<N>> & { readonly sourceId: string | null }>({
    status: 'loading',
    data: null,
    error: null,
    pending: true,
    sourceId: null,
  })

  useEffect(() => {
    if (!source) return
    let current = true
    setState((s) => (s.sourceId === source.id ? { ...s, pending: true } : { status: 'loading', data: null, error: null, pending: true, sourceId: source.id }))
    source.query(name, JSON.parse(key === '' ? 'null' : key) as QueryParams<N>).then(
      (data) => {
        if (current) setState({ status: 'ok', data, error: null, pending: false, sourceId: source.id })
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
  }, [source, name, key, version])

  if (!source || state.sourceId !== source.id) return { status: 'loading', data: null, error: null, pending: true }
  return state
}
