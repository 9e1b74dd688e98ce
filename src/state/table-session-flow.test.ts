/**
 * A traffic table as a session, without a browser: reading a table (engine mocked, answering with a real table
 * read of a sample) saves a table session; opening it again shows the same summary and flows with no file and no
 * engine.
 */
import 'fake-indexeddb/auto'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { AnalyzeResult } from '../../workers/engine-api.ts'
import type { TableExplore } from '../analysis/queries/table-explore.ts'
import type { TableSummary } from '../analysis/table-summary.ts'
import { readSampleTable } from '../storage/table-test-fixtures.ts'

const engine = vi.hoisted(() => ({ next: null as null | (() => Promise<AnalyzeResult>) }))

vi.mock('../engine-client.ts', () => ({
  analyzeFile: () => {
    if (!engine.next) throw new Error('no engine behaviour set')
    return engine.next()
  },
  cancelAnalysis: () => undefined,
  showRun: () => undefined,
  queryEngine: async () => {
    throw new Error('a table session never asks the engine')
  },
  saveSessionEngine: async () => {
    throw new Error('a table session never asks the engine')
  },
}))

const { openFile, useAnalysisStore } = await import('./analysis-store.ts')
const { openStoredSession } = await import('./session-actions.ts')
const { refreshSessions, useSessionsStore } = await import('./sessions-store.ts')
const { useTableStore, currentTableFile } = await import('./table-store.ts')
const { useViewStore } = await import('./view-store.ts')

let table: TableSummary
let explore: TableExplore

beforeAll(async () => {
  ;({ table, explore } = await readSampleTable('cicids'))
})

async function settled(): Promise<void> {
  await vi.waitFor(() => expect(useAnalysisStore.getState().save.status).toBe('saved'))
}

describe('a traffic table as a session', () => {
  it('is saved when read, listed as a table, and reopens with the same summary and flows', async () => {
    engine.next = async () => ({ ok: true, kind: 'table', table, explore }) as AnalyzeResult
    await openFile(new File(['x'], 'flows.csv'))
    expect(useTableStore.getState()).toMatchObject({ table, hasFile: true })
    await settled()
    const save = useAnalysisStore.getState().save
    if (save.status !== 'saved') throw new Error('not saved')
    expect(useViewStore.getState().sessionId).toBe(save.id)
    await refreshSessions()
    const listed = useSessionsStore.getState().sessions.find((s) => s.id === save.id)
    expect(listed).toMatchObject({ kind: 'table', name: 'flows.csv', stats: { packets: table.records } })

    const firstSource = useTableStore.getState().flowSource
    const page = { offset: 0, limit: 20 }
    const before = await firstSource?.query('flowsPage', page)
    useTableStore.setState({ table: null, flowSource: null })
    await openStoredSession(save.id)
    const s = useAnalysisStore.getState()
    expect(s).toMatchObject({ phase: 'done', summary: null, source: null, name: 'flows.csv', save: { status: 'saved', id: save.id } })
    const reopened = useTableStore.getState()
    expect(JSON.parse(JSON.stringify(reopened.table))).toEqual(JSON.parse(JSON.stringify(table)))
    expect(reopened.table?.labels.confusion).toEqual(table.labels.confusion)
    expect(currentTableFile()).toBeNull()
    expect(reopened.hasFile).toBe(false)
    const after = await reopened.flowSource?.query('flowsPage', page)
    expect(after).toEqual(before)
    expect(after?.total).toBe(table.flows)
  })
})
