import { beforeEach, describe, expect, it } from 'vitest'
import { MAX_URL_FILTER, parseViewQuery, setFilter, setSessionId, setTimeRange, setView, syncViewWithUrl, useViewStore, viewQuery } from './view-store.ts'

const reset = () => useViewStore.setState({ view: 'overview', filter: '', timeRange: null, sessionId: null })

describe('the URL query string', () => {
  it('round-trips view, filter, time range and session', () => {
    const state = { view: 'flows', filter: 'ip.addr == 10.0.0.1 && tcp.port == 443', timeRange: { start: 1714554000.5, end: 1714554030 }, sessionId: '0f8fad5b-d9cb-469f-a165-70867728950e' }
    expect(parseViewQuery(viewQuery(state))).toEqual(state)
    expect(viewQuery({ view: 'overview', filter: '', timeRange: null, sessionId: null })).toBe('')
  })

  it('drops whatever does not validate', () => {
    expect(parseViewQuery('?view=<script>&session=../../x&from=5&to=2&filter=' + 'a'.repeat(MAX_URL_FILTER + 1))).toEqual({})
    expect(parseViewQuery('?from=NaN&to=Infinity')).toEqual({})
    expect(parseViewQuery('?view=__proto__')).toEqual({})
    expect(parseViewQuery('?view=heatmaps&sample=web-mix.pcapng')).toEqual({ view: 'heatmaps' })
  })
})

describe('the view store', () => {
  beforeEach(reset)

  it('accepts only valid values from setters', () => {
    setView('Bad View!')
    setSessionId('not an id!')
    setTimeRange({ start: 10, end: 5 })
    expect(useViewStore.getState()).toMatchObject({ view: 'overview', sessionId: null, timeRange: null })
    setView('time-series')
    setFilter('x'.repeat(5000))
    expect(useViewStore.getState().view).toBe('time-series')
    expect(useViewStore.getState().filter.length).toBe(MAX_URL_FILTER)
  })

  it('applies the URL once and keeps it in step with replaceState (no history entries)', () => {
    const calls: string[] = []
    const win = {
      location: { pathname: '/sub/path/', search: '?view=protocols&filter=udp&sample=web-mix.pcapng', hash: '' },
      history: {
        state: null,
        replaceState(_s: unknown, _t: string, url: string) {
          calls.push(url)
          const q = url.indexOf('?')
          win.location.search = q < 0 ? '' : url.slice(q)
        },
      },
    }
    const stop = syncViewWithUrl(win as unknown as Window)
    expect(useViewStore.getState()).toMatchObject({ view: 'protocols', filter: 'udp' })
    expect(calls).toEqual(['/sub/path/?view=protocols&filter=udp'])
    setView('heatmaps')
    expect(win.location.search).toBe('?view=heatmaps&filter=udp')
    stop()
    setView('overview')
    expect(win.location.search).toBe('?view=heatmaps&filter=udp')
  })
})
