/**
 * Failures in the middle of a read (engine mocked): what the engine kept stays on screen as partial and is not
 * saved; a worker that died leaves the last partial summary without views; and an upgrade blocked by another
 * tab says so until the other tab lets go. The browser-side counterparts are e2e/worker-failure.spec.ts and
 * e2e/storage-faults.spec.ts.
 */
import 'fake-indexeddb/auto'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { type LiveRun, readLive } from '../analysis/queries/live-test-kit.ts'
import { lanCaptureBytes } from '../analysis/queries/test-capture.ts'
import type { AnalyzeResult, LiveProgress } from '../../workers/engine-api.ts'

let run: LiveRun
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
  queryEngine: async () => {
    throw new Error('not used')
  },
  saveSessionEngine: async () => {
    throw new Error('a partial read must not be saved')
  },
}))

const { openFile, useAnalysisStore } = await import('./analysis-store.ts')
await import('./session-actions.ts')
const { storageConnection, useSessionsStore } = await import('./sessions-store.ts')

beforeAll(async () => {
  run = await readLive(lanCaptureBytes(), 'lan.pcap')
})

const file = (name: string) => new File([new Uint8Array(10)], name)
const progress = (): LiveProgress => ({ bytesRead: 5, totalBytes: 10, packets: 3, flows: 1, dataVersion: 1, partial: run.partials[0] })

// First: the storage connection is opened once per page (here, per test file), by whatever needs it first.
describe('an upgrade blocked by another tab', () => {
  it('asks to close the other tabs, then clears the request once the upgrade went through', async () => {
    // An older build's connection at version 1 that ignores versionchange until it is closed by hand.
    const old = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('nettwin', 1)
      r.onupgradeneeded = () => {
        r.result.createObjectStore('sessions', { keyPath: 'id' })
        r.result.createObjectStore('chunks', { keyPath: ['sessionId', 'key'] })
      }
      r.onsuccess = () => resolve(r.result)
      r.onerror = () => reject(r.error)
    })
    const opening = storageConnection()
    await vi.waitFor(() => expect(useSessionsStore.getState().message).toMatch(/Close nettwin in your other tabs/))
    old.close()
    const storage = await opening
    expect(storage?.version).toBeGreaterThan(1)
    expect(useSessionsStore.getState().message).toBeNull()
  })
})

describe('a read that fails mid-file', () => {
  it('shows what the engine kept, marked partial, queryable under its run, and does not save it', async () => {
    const partial = { ...run.summary, partial: true }
    engine.next = async (_f, _r, onProgress) => {
      onProgress(progress())
      return { ok: false, code: 'read-failed', message: 'The file could not be read.', partial }
    }
    await openFile(file('cut.pcap'))
    const s = useAnalysisStore.getState()
    expect(s.phase).toBe('error')
    expect(s.error).toMatchObject({ code: 'read-failed', fileName: 'cut.pcap', partial: true })
    expect(s.error?.message).toContain('marked as partial')
    expect(s.summary).toBe(partial)
    expect(s.source?.kind).toBe('live')
    expect(engine.shown.at(-1)).toBe(Number(s.source?.id.replace('live:', '')))
    expect(s.save.status).toBe('none')
  })

  it('keeps the last partial summary without views when the worker died', async () => {
    engine.next = async (_f, _r, onProgress) => {
      onProgress(progress())
      return { ok: false, code: 'worker-crashed', message: 'The analysis engine stopped unexpectedly.' }
    }
    await openFile(file('crash.pcap'))
    const s = useAnalysisStore.getState()
    expect(s.phase).toBe('error')
    expect(s.error).toMatchObject({ code: 'worker-crashed', partial: true })
    expect(s.summary).toBe(run.partials[0])
    expect(s.source).toBeNull()
  })

  it('keeps the previous capture when the engine failed before reporting anything', async () => {
    engine.next = async () => ({ ok: true, summary: run.summary })
    await openFile(file('good.pcap'))
    const before = useAnalysisStore.getState()
    engine.next = async () => ({ ok: false, code: 'worker-crashed', message: 'The analysis engine stopped unexpectedly.' })
    await openFile(file('early.pcap'))
    const s = useAnalysisStore.getState()
    expect(s.error?.partial).toBeUndefined()
    expect(s.summary).toBe(before.summary)
    expect(s.source).toBe(before.source)
  })
})
