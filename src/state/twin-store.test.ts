/**
 * The Twin view's state without a browser: the engine client is replaced by the real twin lab running in this
 * thread, so building, applying a lesson pack, editing rows, running, exporting and opening the injected traffic
 * go through the same engine code as in the worker.
 */
import { describe, expect, it, vi } from 'vitest'
import { buildWebMix } from '../../scripts/make-samples.ts'
import { CaptureAnalysis } from '../analysis/capture-analysis.ts'
import { analyzeCapture } from '../analysis/capture-summary.ts'
import { bytesSource } from '../formats/sources.ts'
import type { TwinBuildRequest, TwinExportKind, TwinProgress, TwinRunRequest } from '../twin/lab/lab-types.ts'
import type { DataSource } from './data-source.ts'
import { setExportSettings } from './export-store.ts'

const hoisted = vi.hoisted(() => ({
  requests: [] as unknown[],
  opened: [] as File[],
  downloads: [] as { blob: Blob; name: string }[],
}))

vi.mock('../engine-client.ts', async () => {
  const { TwinLab } = await import('../twin/lab/twin-lab.ts')
  const lab = new TwinLab()
  const capture = async () => {
    const { bytes } = buildWebMix()
    const analysis = new CaptureAnalysis()
    const summary = await analyzeCapture(bytesSource(bytes, 'web-mix.pcapng'), { analysis })
    return { analysis, linkTypes: summary.linkTypes, file: new Blob([bytes as BlobPart]), name: 'web-mix.pcapng' }
  }
  return {
    twinBuildEngine: async (r: TwinBuildRequest, p: (x: TwinProgress) => void) => {
      hoisted.requests.push(r)
      return lab.build(r, r.basis.kind === 'capture' ? await capture() : null, p)
    },
    twinRunEngine: (r: TwinRunRequest, p: (x: TwinProgress) => void) => {
      hoisted.requests.push(r)
      return lab.run(r, p)
    },
    twinExportEngine: (k: TwinExportKind) => lab.export(k),
    cancelTwin: () => lab.cancel(),
    analyzeFile: () => Promise.reject(new Error('not in this test')),
    cancelAnalysis: () => undefined,
    showRun: () => undefined,
    detectEngine: () => Promise.reject(new Error('not in this test')),
  }
})
vi.mock(import('./analysis-store.ts'), async (original) => ({ ...(await original()), openFile: async (f: File) => void hoisted.opened.push(f) }))
vi.mock(import('./sessions-store.ts'), async (original) => ({ ...(await original()), downloadBlob: (blob: Blob, name: string) => void hoisted.downloads.push({ blob, name }) }))

const store = await import('./twin-store.ts')
const { useTwinStore } = store

const live: DataSource = { kind: 'live', id: 'live:3', query: () => Promise.reject(new Error('no queries')) }

describe('twin store', () => {
  it('builds, fills the builder from a pack, runs, exports and opens the injected traffic', async () => {
    store.setTwinOptions({ lengthSeconds: 600, twinSeed: 4 })
    await store.buildTwin(live, 'web-mix.pcapng')
    let s = useTwinStore.getState()
    expect(s.error).toBeNull()
    expect(s.phase).toBe('ready')
    expect(s.builtFor).toBe('live:3')
    expect(hoisted.requests[0]).toEqual({ basis: { kind: 'capture', run: 3 }, durationSeconds: 600, seed: 4 })
    expect(store.trafficSpan(s)).toBeGreaterThan(590)

    store.applyPack('scans')
    s = useTwinStore.getState()
    expect(s.packId).toBe('scans')
    expect(s.drafts.map((d) => [d.kind, d.start])).toEqual([['port-scan', Math.floor(store.trafficSpan(s) * 0.35)], ['host-sweep', Math.floor(store.trafficSpan(s) * 0.65)]])
    // Editing the row keeps the pack's rows; adding one forgets which pack they came from.
    store.updateScenario(0, { duration: 30, attacker: 'new' })
    expect(useTwinStore.getState().drafts[0]).toMatchObject({ duration: 30, attacker: 'new' })
    store.addScenario('brute-force')
    expect(useTwinStore.getState().packId).toBeNull()
    store.removeScenario(2)
    store.addScenario('no-such-kind')
    expect(useTwinStore.getState().drafts).toHaveLength(2)

    store.setTwinOptions({ sweep: false, setSeed: 8 })
    await store.runScenarioSet()
    s = useTwinStore.getState()
    expect(s.error).toBeNull()
    expect(s.runsFinished).toBe(1)
    const sent = hoisted.requests[1] as TwinRunRequest
    expect(sent.sweep).toBe(false)
    expect(sent.scenarios).toMatchObject({ version: 1, seed: 8, scenarios: [{ kind: 'port-scan', attacker: 'new', duration: 30 }, { kind: 'host-sweep' }] })
    expect(s.result?.scorecard.scenarios.find((x) => x.scenario.kind === 'port-scan')?.caught).toBe(true)

    await store.exportTwinFile('labels-csv')
    expect(hoisted.downloads.map((d) => d.name)).toEqual(['web-mix-twin-labels.csv'])
    expect((await hoisted.downloads[0].blob.text()).split('\r\n')[0]).toMatch(/^level,frame_first/)
    await store.openInjected()
    expect(hoisted.opened.map((f) => f.name)).toEqual(['web-mix-twin-injected.pcapng'])
    expect(useTwinStore.getState().exporting).toBeNull()
  }, 120_000)

  it('anonymises twin exports when the export settings ask for it', async () => {
    hoisted.downloads.length = 0
    await store.exportTwinFile('labels-csv')
    await store.exportTwinFile('injected-pcap')
    setExportSettings({ anonymize: true, passphrase: 'class of 2026' })
    await store.exportTwinFile('labels-csv')
    await store.exportTwinFile('injected-pcap')
    setExportSettings({ anonymize: false, passphrase: '' })
    expect(useTwinStore.getState().error).toBeNull()
    const [plainCsv, plainPcap, anonCsv, anonPcap] = hoisted.downloads
    const addresses = new Set((await plainCsv.blob.text()).match(/\b\d{1,3}(\.\d{1,3}){3}\b/g) ?? [])
    expect(addresses.size).toBeGreaterThan(0)
    const anonText = await anonCsv.blob.text()
    for (const a of addresses) expect(anonText).not.toContain(a)
    expect(anonPcap.name).toMatch(/\.anonymised\.pcapng$/)
    const count = async (b: Blob) => (await analyzeCapture(bytesSource(new Uint8Array(await b.arrayBuffer()), 'x'))).packets
    expect(await count(anonPcap.blob)).toBe(await count(plainPcap.blob))
  }, 60_000)

  it('reports a refused run, and a stored session without a baseline cannot give a twin', async () => {
    // An empty set is refused by the engine; the store shows why and is ready again.
    useTwinStore.setState({ drafts: [] })
    await store.runScenarioSet()
    expect(useTwinStore.getState()).toMatchObject({ phase: 'ready', runsFinished: 2, result: null })
    expect(useTwinStore.getState().error).toMatch(/at least one scenario/)
    const stored: DataSource = { kind: 'stored', id: 'session-1', query: async () => null as never }
    useTwinStore.setState({ phase: 'idle' })
    await store.buildTwin(stored, 'old session')
    expect(useTwinStore.getState()).toMatchObject({ phase: 'failed', builtFor: 'session-1' })
    expect(useTwinStore.getState().error).toMatch(/no baseline/)
  }, 60_000)
})
