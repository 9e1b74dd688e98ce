/**
 * The page's flow of use without a browser: a read (engine mocked with a real analysis behind it) fills in a
 * partial summary, ends, is saved to (fake) IndexedDB, and the saved session opens again without the engine,
 * answering the same queries. A failing file keeps the previous capture on screen.
 */
import 'fake-indexeddb/auto'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { runQueryUnchecked } from '../analysis/queries/index.ts'
import { type LiveRun, readLive, snapshotOf } from '../analysis/queries/live-test-kit.ts'
import { lanCaptureBytes } from '../analysis/queries/test-capture.ts'
import type { AnalyzeResult, LiveProgress } from '../../workers/engine-api.ts'
import { EngineStorage, type CaptureSaveRequest } from '../storage/engine-save.ts'

let run: LiveRun
const engineStorage = new EngineStorage()
const engine = vi.hoisted(() => ({
  next: null as null | ((file: File, run: number, onProgress: (p: LiveProgress) => void) => Promise<AnalyzeResult>),
  shown: [] as number[],
}))

vi.mock('../engine-client.ts', () => ({
  analyzeFile: (file: File, r: number, onProgress: (p: LiveProgress) => void) => {
    if (!engine.next) throw new Error('no engine behaviour set')
    return engine.next(file, r, onProgress)
  },
  cancelAnalysis: () => undefined,
  showRun: (r: number) => engine.shown.push(r),
  queryEngine: async (_r: number, name: string, params: unknown) => runQueryUnchecked(run.live, name, params),
  // The worker's side of the save, run here: the snapshot of the finished analysis written by its own connection.
  saveSessionEngine: async (_r: number, request: CaptureSaveRequest) => engineStorage.save(snapshotOf(run.live), request, null),
}))

const { openFile, useAnalysisStore } = await import('./analysis-store.ts')
const { openStoredSession } = await import('./session-actions.ts')
const { refreshSessions, useSessionsStore } = await import('./sessions-store.ts')
const { useViewStore } = await import('./view-store.ts')

beforeAll(async () => {
  run = await readLive(lanCaptureBytes(), 'lan.pcap')
})

const file = (name: string) => new File([new Uint8Array(10)], name)
async function settled(): Promise<void> {
  await vi.waitFor(() => expect(useAnalysisStore.getState().save.status).not.toBe('saving'))
}

describe('reading a file, saving it, opening it again', () => {
  it('shows the partial summary while reading, then the final one, then saves the session', async () => {
    const seen: string[] = []
    engine.next = async (_f, r, onProgress) => {
      onProgress({ bytesRead: 5, totalBytes: 10, packets: 3, flows: 1, dataVersion: 1, partial: run.partials[0] })
      const s = useAnalysisStore.getState()
      seen.push(`${s.phase}:${s.source?.id}:${s.summary?.partial}`)
      expect(engine.shown).toContain(r)
      return { ok: true, summary: run.summary }
    }
    await openFile(file('lan.pcap'))
    const s = useAnalysisStore.getState()
    expect(seen[0]).toMatch(/^reading:live:\d+:true$/)
    expect(s.phase).toBe('done')
    expect(s.summary).toBe(run.summary)
    expect(s.source?.kind).toBe('live')
    await settled()
    const save = useAnalysisStore.getState().save
    expect(save.status).toBe('saved')
    if (save.status !== 'saved') return
    expect(useViewStore.getState().sessionId).toBe(save.id)
    await refreshSessions()
    expect(useSessionsStore.getState().sessions.map((x) => x.name)).toContain('lan.pcap')
  })

  it('opens the saved session without the engine, answering the same queries', async () => {
    const save = useAnalysisStore.getState().save
    if (save.status !== 'saved') throw new Error('previous test saves')
    const finished = useAnalysisStore.getState().finished
    await openStoredSession(save.id)
    const s = useAnalysisStore.getState()
    expect(s.finished).toBe(finished + 1)
    expect(s.source?.kind).toBe('stored')
    expect(s.name).toBe('lan.pcap')
    expect(engine.shown.at(-1)).toBe(-1)
    const overview = await s.source?.query('overview', { top: 5 })
    const live = runQueryUnchecked(run.live, 'overview', { top: 5 }) as { talkers: unknown }
    expect(overview?.talkers).toEqual(live.talkers)
    await expect(s.source?.query('hostHeatmap', { metric: 'bytesOut' })).resolves.not.toBeNull()
  })

  it('keeps the previous capture on screen when a file fails to open', async () => {
    const before = useAnalysisStore.getState()
    engine.next = async () => ({ ok: false, code: 'not-recognised', message: 'not a capture' })
    await openFile(file('notes.txt'))
    const s = useAnalysisStore.getState()
    expect(s.phase).toBe('error')
    expect(s.error).toMatchObject({ code: 'not-recognised', fileName: 'notes.txt' })
    expect(s.source).toBe(before.source)
    expect(s.summary).toBe(before.summary)
  })

  it('reports a session that does not exist and clears it from the URL', async () => {
    useViewStore.setState({ sessionId: '0f8fad5b-d9cb-469f-a165-70867728950e' })
    await openStoredSession('0f8fad5b-d9cb-469f-a165-70867728950e')
    expect(useAnalysisStore.getState().error?.code).toBe('session-unavailable')
    expect(useViewStore.getState().sessionId).toBeNull()
  })

  it('drops the result of a read that a newer one replaced', async () => {
    let release: (r: AnalyzeResult) => void = () => undefined
    engine.next = () => new Promise((resolve) => (release = resolve))
    const first = openFile(file('old.pcap'))
    engine.next = async () => ({ ok: true, summary: { ...run.summary, fileName: 'new.pcap' } })
    await openFile(file('new.pcap'))
    release({ ok: true, summary: { ...run.summary, fileName: 'old.pcap' } })
    await first
    expect(useAnalysisStore.getState().summary?.fileName).toBe('new.pcap')
    await settled()
  })
})
