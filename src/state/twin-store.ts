/**
 * The Twin view's state: the twin built for the data on screen (its overview: fidelity, hosts, catalog, packs),
 * the scenario builder's rows and options, the run in progress and its result (scorecard, curves, summary), and
 * exports. Small facts only: the twin's traffic and the merged capture stay in the worker
 * (src/twin/lab through src/engine-client.ts).
 */
import { create } from 'zustand'
import { cancelTwin, twinBuildEngine, twinExportEngine, twinRunEngine } from '../engine-client.ts'
import type { TwinExport, TwinExportKind, TwinOverview, TwinProgress, TwinRunResult } from '../twin/lab/lab-types.ts'
import { editDraft, newDraft, packDrafts, toScenarioFile, type ScenarioDraft } from '../components/twin/scenario-drafts.ts'
import { openFile } from './analysis-store.ts'
import type { DataSource } from './data-source.ts'
import { runOfSource } from './detect-store.ts'
import { ANONYMIZED_CAPTURE_TYPE, anonymizeCapture } from '../formats/anonymize-capture.ts'
import { blobSource } from '../formats/sources.ts'
import { exportAnonymizer } from './export-store.ts'
import { downloadBlob } from './sessions-store.ts'

export type TwinPhase = 'idle' | 'building' | 'ready' | 'running' | 'failed'

export interface TwinState {
  /** What the twin is doing: idle (none), building, ready (built, no run going), running, failed (the build). */
  readonly phase: TwinPhase
  /** The DataSource id the twin was built for: a new capture on screen needs a new twin. */
  readonly builtFor: string | null
  readonly overview: TwinOverview | null
  /** Latest progress of the build or run. */
  readonly progress: TwinProgress | null
  /** Why the last build, run or export failed (for the user), else null. */
  readonly error: string | null
  /** The twin's length (seconds; null: the engine's default) and seed, used by the next build. */
  readonly lengthSeconds: number | null
  readonly twinSeed: number
  /** The builder's rows, the chosen pack, the set's seed, where to inject and whether to sweep. */
  readonly drafts: readonly ScenarioDraft[]
  readonly packId: string | null
  readonly setSeed: number
  readonly target: 'twin' | 'capture'
  readonly sweep: boolean
  /** Index of the row selected on the timeline (null: none). */
  readonly selected: number | null
  readonly result: TwinRunResult | null
  /** Runs finished (success, failure or cancel): mirrored to a data attribute tests wait on. */
  readonly runsFinished: number
  /** The export being made (null: none). */
  readonly exporting: TwinExportKind | null
}

export const useTwinStore = create<TwinState>(() => ({
  phase: 'idle',
  builtFor: null,
  overview: null,
  progress: null,
  error: null,
  lengthSeconds: null,
  twinSeed: 1,
  drafts: [],
  packId: null,
  setSeed: 1,
  target: 'twin',
  sweep: true,
  selected: null,
  result: null,
  runsFinished: 0,
  exporting: null,
}))

const set = useTwinStore.setState
const get = useTwinStore.getState

/** Seconds of the traffic scenarios go into (the twin's or the capture's span). */
export function trafficSpan(s: Pick<TwinState, 'overview' | 'target'>): number {
  const facts = s.target === 'capture' ? s.overview?.capture : s.overview?.twin
  return facts ? Math.max(1, facts.end - facts.start) : 1
}

/** Builds the twin of what `source` shows: the live capture in the worker, or a stored session's baseline. */
export async function buildTwin(source: DataSource, sessionName: string): Promise<void> {
  if (get().phase === 'building' || get().phase === 'running') return
  const run = runOfSource(source)
  set({ phase: 'building', progress: null, error: null, result: null, builtFor: source.id })
  let basis
  if (run !== null) {
    basis = { kind: 'capture' as const, run }
  } else {
    let json: string | null = null
    try {
      json = await source.query('baselineJson', {})
    } catch (e) {
      set({ phase: 'failed', error: e instanceof Error ? e.message : String(e) })
      return
    }
    if (json === null) {
      set({ phase: 'failed', error: 'This saved session has no baseline to learn a twin from: open the capture file again.' })
      return
    }
    basis = { kind: 'baseline' as const, json, name: sessionName }
  }
  const { lengthSeconds, twinSeed } = get()
  const answer = await twinBuildEngine({ basis, durationSeconds: lengthSeconds, seed: twinSeed }, (progress) => set({ progress }))
  if (get().builtFor !== source.id) return
  if (!answer.ok) {
    set({ phase: answer.cancelled ? 'idle' : 'failed', overview: null, progress: null, error: answer.cancelled ? null : answer.message })
    return
  }
  const overview = answer.value
  set((s) => ({
    phase: 'ready',
    overview,
    progress: null,
    target: overview.capture === null ? 'twin' : s.target,
    // Rows made for another twin may name hosts it does not have: start afresh.
    drafts: [],
    packId: null,
    selected: null,
  }))
}

export function setTwinOptions(patch: Partial<Pick<TwinState, 'lengthSeconds' | 'twinSeed' | 'setSeed' | 'target' | 'sweep'>>): void {
  set(patch)
}

export function addScenario(kindId: string): void {
  const s = get()
  const kind = s.overview?.catalog.find((k) => k.id === kindId)
  if (kind === undefined || s.drafts.length >= 64) return
  const row = newDraft(kind, trafficSpan(s), s.drafts)
  set({ drafts: [...s.drafts, row], selected: s.drafts.length, packId: null })
}

export function updateScenario(index: number, patch: Parameters<typeof editDraft>[1]): void {
  set((s) => ({ drafts: s.drafts.map((d, i) => (i === index ? editDraft(d, patch) : d)) }))
}

export function removeScenario(index: number): void {
  set((s) => ({ drafts: s.drafts.filter((_, i) => i !== index), selected: null }))
}

export function selectScenario(index: number | null): void {
  set({ selected: index })
}

/** Replaces the rows with a lesson pack's scenarios. */
export function applyPack(packId: string): void {
  const s = get()
  const pack = s.overview?.packs.find((p) => p.id === packId)
  if (!pack || !s.overview) return
  set({ drafts: packDrafts(pack, s.overview.catalog, trafficSpan(s)), packId: pack.id, selected: null })
}

export async function runScenarioSet(): Promise<void> {
  const s = get()
  if (s.phase !== 'ready') return
  set({ phase: 'running', progress: null, error: null, result: null })
  const answer = await twinRunEngine({ target: s.target, scenarios: toScenarioFile(s.drafts, s.setSeed), sweep: s.sweep }, (progress) => set({ progress }))
  set((now) => ({
    phase: 'ready',
    progress: null,
    result: answer.ok ? answer.value : null,
    error: answer.ok || answer.cancelled ? null : answer.message,
    runsFinished: now.runsFinished + 1,
  }))
}

export function cancelTwinWork(): void {
  cancelTwin()
}

/** Makes a file in the worker and downloads it. */
export async function exportTwinFile(kind: TwinExportKind): Promise<void> {
  if (get().exporting !== null) return
  set({ exporting: kind, error: null })
  const answer = await twinExportEngine(kind)
  if (!answer.ok) return set({ exporting: null, error: answer.message })
  try {
    const file = await anonymizedExport(kind, answer.value)
    set({ exporting: null })
    downloadBlob(file.blob, file.fileName)
  } catch (e) {
    set({ exporting: null, error: `Anonymising the export failed: ${e instanceof Error ? e.message : String(e)}` })
  }
}

/**
 * The export as the export settings want it: with "Anonymise addresses" on, every address in the capture (as
 * pcapng, checksums fixed) or in the labels CSV is replaced, as in every other export of the page.
 */
async function anonymizedExport(kind: TwinExportKind, file: TwinExport): Promise<TwinExport> {
  const anon = exportAnonymizer()
  if (anon === null) return file
  if (kind === 'labels-csv') return { ...file, blob: new Blob([anon.text(await file.blob.text())], { type: file.blob.type }) }
  const out = await anonymizeCapture(blobSource(file.blob, file.fileName), anon)
  const fileName = file.fileName.replace(/\.(pcap|pcapng)$/i, '') + '.anonymised.pcapng'
  return { ...file, blob: new Blob(out.parts as BlobPart[], { type: ANONYMIZED_CAPTURE_TYPE }), fileName }
}

/** Opens the traffic with the attacks injected as a new analysis, so the normal views (and alerts) show it. */
export async function openInjected(): Promise<void> {
  if (get().exporting !== null) return
  set({ exporting: 'injected-pcapng', error: null })
  const answer = await twinExportEngine('injected-pcapng')
  set({ exporting: null, error: answer.ok ? null : answer.message })
  if (answer.ok) await openFile(new File([answer.value.blob], answer.value.fileName))
}
