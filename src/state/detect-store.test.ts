import { beforeEach, describe, expect, it } from 'vitest'
import type { LiveAlerts } from '../detect/live-detection.ts'
import { noteLiveAlerts, runOfSource, sortAlerts, toggleCategory, useDetectStore } from './detect-store.ts'
import type { DataSource } from './data-source.ts'

const live = (sequence: number, total: number): LiveAlerts => ({ alerts: [], total, sequence, provisional: true })
const source = (kind: 'live' | 'stored', id: string): DataSource => ({ kind, id, query: () => Promise.reject(new Error('unused')) })

describe('detect store', () => {
  beforeEach(() => useDetectStore.setState({ live: null, liveRun: 0, selected: null, categories: [], severities: [], sort: { column: 'severity', descending: true } }))

  it('keeps the newest detection of a run and starts afresh with a new run', () => {
    noteLiveAlerts(1, live(2, 5))
    noteLiveAlerts(1, live(1, 3))
    expect(useDetectStore.getState().live?.total).toBe(5)
    useDetectStore.setState({ selected: 'x' })
    noteLiveAlerts(2, live(1, 1))
    expect(useDetectStore.getState()).toMatchObject({ liveRun: 2, selected: null })
    expect(useDetectStore.getState().live?.total).toBe(1)
  })

  it('finds the engine run of a live source only', () => {
    expect(runOfSource(source('live', 'live:17'))).toBe(17)
    expect(runOfSource(source('stored', 'abc'))).toBeNull()
    expect(runOfSource(source('live', 'live:x'))).toBeNull()
    expect(runOfSource(null)).toBeNull()
  })

  it('toggles filters and flips the sort direction on the same column', () => {
    toggleCategory('port-scan')
    toggleCategory('udp-flood')
    toggleCategory('port-scan')
    expect(useDetectStore.getState().categories).toEqual(['udp-flood'])
    sortAlerts('start')
    expect(useDetectStore.getState().sort).toEqual({ column: 'start', descending: false })
    sortAlerts('start')
    expect(useDetectStore.getState().sort).toEqual({ column: 'start', descending: true })
  })
})
