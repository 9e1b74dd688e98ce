/**
 * What the user is looking at: the current view, the filter expression shared by the tables, the time range
 * brushed on a chart, and which stored session is open. The URL's query string mirrors them
 * (history.replaceState, so no history entry per keystroke) and is validated when read back: a bookmark or a
 * shared link opens the same view with the same filter.
 */
import { create } from 'zustand'

/** Longest filter expression kept in the URL (the filter compiler has its own, larger limit). */
export const MAX_URL_FILTER = 2000
/** Session ids are UUIDs or 32 hex digits (storage/db.ts newId). */
const SESSION_ID = /^[0-9a-f-]{8,64}$/i
const VIEW_ID = /^[a-z0-9-]{1,32}$/

export interface TimeRange {
  /** Seconds since the epoch, start < end. */
  readonly start: number
  readonly end: number
}

interface ViewState {
  /** Id of the view shown (a ViewDefinition id); unknown ids fall back to the overview where views are listed. */
  readonly view: string
  /** Filter expression of the flows / conversations / endpoints tables ('' = none). Compiled by the tables. */
  readonly filter: string
  /** Time range brushed on the time series (null = the whole capture); other views narrow to it. */
  readonly timeRange: TimeRange | null
  /** The stored session on screen (null for a live analysis or none). */
  readonly sessionId: string | null
}

export const useViewStore = create<ViewState>(() => ({ view: 'overview', filter: '', timeRange: null, sessionId: null }))

export function setView(view: string): void {
  if (VIEW_ID.test(view)) useViewStore.setState({ view })
}

export function setFilter(filter: string): void {
  useViewStore.setState({ filter: filter.slice(0, MAX_URL_FILTER) })
}

export function setTimeRange(range: TimeRange | null): void {
  useViewStore.setState({ timeRange: range === null ? null : validRange(range.start, range.end) })
}

export function setSessionId(sessionId: string | null): void {
  useViewStore.setState({ sessionId: sessionId !== null && SESSION_ID.test(sessionId) ? sessionId : null })
}

function validRange(start: number, end: number): TimeRange | null {
  return Number.isFinite(start) && Number.isFinite(end) && start < end && start >= 0 ? { start, end } : null
}

/** Reads view, filter, time range and session from a query string; anything invalid is left out. */
export function parseViewQuery(search: string): Partial<ViewState> {
  const q = new URLSearchParams(search)
  const out: { view?: string; filter?: string; timeRange?: TimeRange | null; sessionId?: string | null } = {}
  const view = q.get('view')
  if (view !== null && VIEW_ID.test(view)) out.view = view
  const filter = q.get('filter')
  if (filter !== null && filter.length <= MAX_URL_FILTER) out.filter = filter
  const from = q.get('from')
  const to = q.get('to')
  if (from !== null && to !== null) {
    const range = validRange(Number(from), Number(to))
    if (range) out.timeRange = range
  }
  const session = q.get('session')
  if (session !== null && SESSION_ID.test(session)) out.sessionId = session
  return out
}

/** The query string for a state; keeps parameters this store does not own (e.g. ?sample=) out on purpose. */
export function viewQuery(s: ViewState): string {
  const q = new URLSearchParams()
  if (s.sessionId) q.set('session', s.sessionId)
  if (s.view !== 'overview') q.set('view', s.view)
  if (s.filter !== '') q.set('filter', s.filter)
  if (s.timeRange) {
    q.set('from', String(s.timeRange.start))
    q.set('to', String(s.timeRange.end))
  }
  const text = q.toString()
  return text === '' ? '' : `?${text}`
}

/** Applies the URL once at start, then keeps the URL in step with the store. Returns the unsubscribe. */
export function syncViewWithUrl(win: Pick<Window, 'location' | 'history'> = window): () => void {
  useViewStore.setState(parseViewQuery(win.location.search))
  const write = (s: ViewState): void => {
    const next = `${win.location.pathname}${viewQuery(s)}${win.location.hash}`
    if (next !== `${win.location.pathname}${win.location.search}${win.location.hash}`) win.history.replaceState(win.history.state, '', next)
  }
  write(useViewStore.getState())
  return useViewStore.subscribe(write)
}
