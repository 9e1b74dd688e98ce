/**
 * Rows of a big table fetched page by page as they scroll into view: the table asks for the rows it is about
 * to show (ensure), pages of PAGE_ROWS come from the DataSource (which filters and sorts where the data is) and
 * are kept until the question changes (filter, sort, source, or more data read). At most a few pages are asked
 * at once, and an answer to an older question is dropped.
 */
import { startTransition, useCallback, useEffect, useRef, useState } from 'react'
import type { FilterErrorInfo } from '../../analysis/filter/index.ts'
import type { QueryName, QueryParams } from '../../analysis/queries/index.ts'
import type { TablePage } from '../../analysis/queries/flows-page.ts'
import { useAnalysisStore } from '../../state/analysis-store.ts'
import type { DataSource } from '../../state/data-source.ts'

export const PAGE_ROWS = 200
/** Pages kept in memory; far-away pages are dropped and fetched again when scrolled back to. */
const MAX_PAGES = 60

export interface PagedRows<R> {
  /** Rows matched (null before the first answer). */
  readonly matched: number | null
  readonly total: number | null
  readonly error: FilterErrorInfo | null
  /** A failure of the source itself (worker crashed...). */
  readonly failure: string | null
  /** The row at an index, if its page has arrived. */
  row(index: number): R | undefined
  /** Asks for the pages holding rows [from, to). */
  ensure(from: number, to: number): void
  /** Increases when pages arrive (for re-rendering). */
  readonly revision: number
  /** The canonical filter of the current answer. */
  readonly canonical: string
  /** Fetches every matched row, in order, at most `cap` (for CSV export). */
  all(cap: number): Promise<readonly R[]>
}

type PageQuery = 'flowsPage' | 'conversationsPage' | 'endpointsPage'

export function usePagedRows<N extends PageQuery, R>(source: DataSource | null, name: N, params: Omit<QueryParams<N>, 'offset' | 'limit'>): PagedRows<R> {
  const liveVersion = useAnalysisStore((s) => s.dataVersion)
  const version = source?.kind === 'live' ? liveVersion : 0
  const key = JSON.stringify(params)
  const pages = useRef(new Map<number, readonly R[]>())
  const asked = useRef(new Set<number>())
  const question = useRef(0)
  const [state, setState] = useState<{ matched: number | null; total: number | null; error: FilterErrorInfo | null; failure: string | null; canonical: string; revision: number }>({
    matched: null, total: null, error: null, failure: null, canonical: '', revision: 0,
  })

  const fetchPage = useCallback((page: number, q: number) => {
    if (!source || asked.current.has(page)) return
    asked.current.add(page)
    const p = { ...(JSON.parse(key) as object), offset: page * PAGE_ROWS, limit: PAGE_ROWS } as QueryParams<N>
    source.query(name as QueryName, p as never).then(
      (answer) => {
        if (q !== question.current) return
        const a = answer as TablePage<R>
        pages.current.set(page, a.rows)
        if (pages.current.size > MAX_PAGES) {
          const oldest = pages.current.keys().next().value
          if (oldest !== undefined && oldest !== page) {
            pages.current.delete(oldest)
            asked.current.delete(oldest)
          }
        }
        // In a transition, as useQuery does: a page answered for each partial result of a read re-renders every
        // visible row, and React may then render them in slices.
        startTransition(() => setState((s) => ({ matched: a.matched, total: a.total, error: a.error, failure: null, canonical: a.canonical, revision: s.revision + 1 })))
      },
      (e: unknown) => {
        if (q !== question.current) return
        asked.current.delete(page)
        setState((s) => ({ ...s, failure: e instanceof Error ? e.message : String(e), revision: s.revision + 1 }))
      },
    )
  }, [source, name, key])

  // A new question: forget the pages (keep the counts on screen until the first answer) and ask for page 0.
  useEffect(() => {
    const q = ++question.current
    pages.current = new Map()
    asked.current = new Set()
    fetchPage(0, q)
  }, [fetchPage, version])

  const ensure = useCallback((from: number, to: number) => {
    const first = Math.max(0, Math.floor(from / PAGE_ROWS))
    const last = Math.max(first, Math.floor(Math.max(from, to - 1) / PAGE_ROWS))
    for (let p = first; p <= last && p <= first + 4; p++) fetchPage(p, question.current)
  }, [fetchPage])

  const row = useCallback((index: number) => pages.current.get(Math.floor(index / PAGE_ROWS))?.[index % PAGE_ROWS], [])

  const all = useCallback(async (cap: number): Promise<readonly R[]> => {
    if (!source) return []
    const out: R[] = []
    for (let offset = 0; offset < cap; offset += 1000) {
      const p = { ...(JSON.parse(key) as object), offset, limit: Math.min(1000, cap - offset) } as QueryParams<N>
      const a = (await source.query(name as QueryName, p as never)) as TablePage<R>
      out.push(...a.rows)
      if (a.rows.length === 0 || offset + a.rows.length >= a.matched) break
    }
    return out
  }, [source, name, key])

  return { ...state, row, ensure, all }
}
