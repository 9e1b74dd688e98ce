/**
 * The twin lab: what the Twin view asks of the engine, in one place the worker wires up (and Vitest runs
 * without a worker). It builds the twin of the capture on screen (or of a baseline), measures its fidelity,
 * keeps the twin's traffic in memory as pcap chunks, runs a scenario set against the twin or the real capture
 * (inject, analyse, detect, score; optionally an intensity sweep per scenario), and makes the files to export.
 * Everything it answers is chart-sized; traffic and analyses stay here. One build and one run are kept.
 */
import type { CaptureAnalysis } from '../../analysis/capture-analysis.ts'
import { parseBaseline } from '../../baseline/baseline-json.ts'
import { flowSourceOf } from '../../baseline/flow-source.ts'
import { SchemaError } from '../../baseline/strict-json.ts'
import type { ByteSource } from '../../formats/format.ts'
import { blobSource } from '../../formats/sources.ts'
import { PcapFrameSink } from '../craft/index.ts'
import { FIDELITY_TARGETS } from '../fidelity.ts'
import { runTwin } from '../fidelity-run.ts'
import { generateTwin } from '../generate/generate-twin.ts'
import { chunksSource } from '../inject/chunk-source.ts'
import { surveyTraffic } from '../inject/inject-scenarios.ts'
import { learnTwinFromFlows } from '../model/learn-from-analysis.ts'
import { learnTwinFromBaseline } from '../model/learn-from-baseline.ts'
import type { TwinModel } from '../model/types.ts'
import { LESSON_PACKS } from '../packs/lesson-packs.ts'
import { scenarioCatalog } from '../scenarios/kinds.ts'
import { checkScenarioSet, MAX_DURATION_SECONDS, type ScenarioSet } from '../scenarios/schema.ts'
import { surveyAnalysis, type Survey } from '../scenarios/survey.ts'
import { exportFile } from './lab-export.ts'
import { runSet, type LastRun } from './lab-run.ts'
import type { TrafficFacts, TwinAnswer, TwinBuildRequest, TwinExport, TwinExportKind, TwinOverview, TwinProgress, TwinRunRequest, TwinRunResult } from './lab-types.ts'
import { nextTask, yieldingSource } from './yielding-source.ts'

/** Hosts offered as attacker or target (busiest first). */
export const HOST_OPTIONS = 200
/** The twin is generated in memory: this many packets at most... */
export const MAX_TWIN_PACKETS = 2_000_000
/** ...and about this many bytes (a capture of a few huge frames would otherwise give gigabytes). */
export const MAX_TWIN_BYTES = 256 * 1024 * 1024
/** A twin shorter than this is too short for most lessons (a beacon needs many periods): the default length. */
export const MIN_DEFAULT_TWIN_SECONDS = 600
/** The merged capture is kept in memory for export: injecting into a real capture is refused above this. */
export const MAX_INJECT_BYTES = 512 * 1024 * 1024

/** The capture on screen, as the worker holds it. */
export interface CaptureInput {
  readonly analysis: CaptureAnalysis
  readonly linkTypes: readonly number[]
  readonly file: Blob
  readonly name: string
}

export interface Built {
  readonly overview: TwinOverview
  readonly model: TwinModel
  readonly durationSeconds: number
  readonly chunks: readonly Uint8Array[]
  readonly twinSurvey: Survey
  readonly capture: { readonly file: Blob; readonly survey: Survey } | null
}

export type ProgressFn = (p: TwinProgress) => void

function facts(s: Survey): TrafficFacts {
  return {
    start: s.start,
    end: s.end,
    packets: s.packets,
    hosts: s.hosts.slice(0, HOST_OPTIONS).map((h) => ({ ip: h.ip, internal: h.internal, flows: h.flows, services: h.services.slice(0, 4) })),
  }
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

function isAbort(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError'
}

export class TwinLab {
  private built: Built | null = null
  private last: LastRun | null = null
  private controller: AbortController | null = null

  /** Stops the build or run in progress at its next slice; it then answers `cancelled`. */
  cancel(): void {
    this.controller?.abort()
  }

  /** Forgets the twin and the last run (their memory), e.g. when another capture is opened. */
  clear(): void {
    this.cancel()
    this.built = null
    this.last = null
  }

  private begin(): AbortSignal {
    this.controller?.abort()
    const controller = new AbortController()
    this.controller = controller
    return controller.signal
  }

  private end(signal: AbortSignal): void {
    if (this.controller?.signal === signal) this.controller = null
  }

  /** Learns the twin, generates its traffic and measures it against the capture. `capture` is required for a capture basis. */
  async build(request: TwinBuildRequest, capture: CaptureInput | null, onProgress: ProgressFn = () => undefined): Promise<TwinAnswer<TwinOverview>> {
    const invalid = checkBuildRequest(request)
    if (invalid !== null) return { ok: false, cancelled: false, message: invalid }
    const signal = this.begin()
    const started = performance.now()
    this.built = null
    this.last = null
    try {
      const seed = request.seed
      let built: Omit<Built, 'overview'> & { capped: boolean; fidelity: TwinOverview['fidelity']; packets: number; flows: number; bytes: number; name: string }
      if (request.basis.kind === 'capture') {
        if (capture === null) return { ok: false, cancelled: false, message: 'There is no capture in the engine to learn a twin from: open a capture first.' }
        onProgress({ stage: 'Learning the twin and generating its traffic', step: 1, steps: 3 })
        await nextTask()
        const span = flowSpan(capture.analysis)
        const durationSeconds = request.durationSeconds ?? Math.max(MIN_DEFAULT_TWIN_SECONDS, Math.ceil(span))
        const chunks: Uint8Array[] = []
        const file = new PcapFrameSink((c) => void chunks.push(c), { nano: true })
        const model = learnTwinFromFlows(flowSourceOf(capture.analysis), { fileName: capture.name })
        const run = runTwin(model, capture.analysis, { durationSeconds, seed, maxPackets: packetCap(model) }, file)
        file.close()
        if (signal.aborted) return { ok: false, cancelled: true, message: 'Building the twin was cancelled.' }
        onProgress({ stage: 'Surveying the twin and the capture', step: 2, steps: 3 })
        await nextTask()
        const twinSurvey = surveyAnalysis(run.twin, [1])
        const captureSurvey = surveyAnalysis(capture.analysis, capture.linkTypes)
        built = {
          model: run.model, durationSeconds, chunks, twinSurvey, capture: { file: capture.file, survey: captureSurvey },
          capped: run.generated.packets >= packetCap(model), fidelity: run.fidelity, packets: run.generated.packets, flows: run.generated.flows, bytes: run.generated.bytes, name: capture.name,
        }
      } else {
        onProgress({ stage: 'Reading the baseline', step: 1, steps: 3 })
        const parsed = parseBaseline(request.basis.json)
        if (!parsed.ok) return { ok: false, cancelled: false, message: `The baseline cannot be used: ${parsed.error}` }
        const model = learnTwinFromBaseline(parsed.baseline)
        if (model.services.length === 0) return { ok: false, cancelled: false, message: 'The baseline has no service the twin can generate (TCP, UDP, ICMP echo, ARP).' }
        const durationSeconds = request.durationSeconds ?? Math.max(MIN_DEFAULT_TWIN_SECONDS, Math.ceil(model.arrivals.activeSeconds))
        onProgress({ stage: 'Generating the twin\'s traffic', step: 2, steps: 3 })
        await nextTask()
        const chunks: Uint8Array[] = []
        const file = new PcapFrameSink((c) => void chunks.push(c), { nano: true })
        const report = generateTwin(model, file, { durationSeconds, seed, maxPackets: packetCap(model) })
        file.close()
        onProgress({ stage: 'Surveying the twin', step: 3, steps: 3 })
        const twinSurvey = await surveyTraffic(yieldingSource(chunksSource(chunks, 'twin.pcap')), signal)
        if (signal.aborted) return { ok: false, cancelled: true, message: 'Building the twin was cancelled.' }
        built = {
          model, durationSeconds, chunks, twinSurvey, capture: null, fidelity: null, capped: report.packets >= packetCap(model),
          packets: report.packets, flows: report.flows, bytes: report.bytes, name: request.basis.name,
        }
      }
      const overview: TwinOverview = {
        basis: request.basis.kind,
        name: built.name,
        seed,
        fidelity: built.fidelity,
        targets: { jsd: FIDELITY_TARGETS.jsd, emd: FIDELITY_TARGETS.emd },
        generated: { packets: built.packets, flows: built.flows, bytes: built.bytes, capped: built.capped },
        twin: facts(built.twinSurvey),
        capture: built.capture === null ? null : facts(built.capture.survey),
        captureBytes: built.capture === null ? null : built.capture.file.size,
        catalog: scenarioCatalog(),
        packs: LESSON_PACKS,
        milliseconds: Math.round(performance.now() - started),
      }
      this.built = { ...built, overview }
      return { ok: true, value: overview }
    } catch (e) {
      if (isAbort(e) || signal.aborted) return { ok: false, cancelled: true, message: 'Building the twin was cancelled.' }
      return { ok: false, cancelled: false, message: `The twin could not be built: ${messageOf(e)}` }
    } finally {
      this.end(signal)
    }
  }

  /** Injects a scenario set into the twin or the capture, detects and scores (and sweeps, when asked). */
  async run(request: TwinRunRequest, onProgress: ProgressFn = () => undefined): Promise<TwinAnswer<TwinRunResult>> {
    const built = this.built
    if (built === null) return { ok: false, cancelled: false, message: 'Build the twin first.' }
    let set: ScenarioSet
    try {
      set = checkScenarioSet(request.scenarios)
    } catch (e) {
      if (e instanceof SchemaError) return { ok: false, cancelled: false, message: `The scenarios cannot be used: ${e.message}` }
      throw e
    }
    if (set.scenarios.length === 0) return { ok: false, cancelled: false, message: 'Add at least one scenario (or pick a lesson pack) first.' }
    let survey: Survey
    let base: () => ByteSource
    if (request.target === 'capture') {
      const capture = built.capture
      if (capture === null) return { ok: false, cancelled: false, message: 'This twin was learned from a baseline: there is no capture to inject into.' }
      if (capture.file.size > MAX_INJECT_BYTES) {
        return { ok: false, cancelled: false, message: `The capture is larger than ${MAX_INJECT_BYTES / 1024 ** 2} MiB: inject into the twin instead (the merged capture is kept in memory for export).` }
      }
      survey = capture.survey
      base = () => yieldingSource(blobSource(capture.file, 'capture', 4 << 20))
    } else {
      survey = built.twinSurvey
      base = () => yieldingSource(chunksSource(built.chunks, 'twin.pcap'))
    }
    const signal = this.begin()
    this.last = null
    try {
      const outcome = await runSet({ target: request.target, set, survey, base, sweep: request.sweep, signal, onProgress })
      if (outcome === null) return { ok: false, cancelled: true, message: 'The run was cancelled.' }
      this.last = outcome.last
      return { ok: true, value: outcome.result }
    } catch (e) {
      if (isAbort(e) || signal.aborted) return { ok: false, cancelled: true, message: 'The run was cancelled.' }
      return { ok: false, cancelled: false, message: `The run failed: ${messageOf(e)}` }
    } finally {
      this.end(signal)
    }
  }

  /** Makes one of the files to download. */
  async export(kind: TwinExportKind): Promise<TwinAnswer<TwinExport>> {
    if (this.built === null) return { ok: false, cancelled: false, message: 'Build the twin first.' }
    try {
      return { ok: true, value: await exportFile(kind, this.built, this.last) }
    } catch (e) {
      return { ok: false, cancelled: false, message: messageOf(e) }
    }
  }
}

/**
 * The packet limit for a model: MAX_TWIN_PACKETS, lowered so that packets of the model's mean size (from its
 * flow shapes: bytes over packets) stay within MAX_TWIN_BYTES.
 */
export function packetCap(model: TwinModel): number {
  let bytes = 0
  let packets = 0
  for (const service of model.services) {
    for (const shape of service.shapes) {
      packets += shape[0] + shape[1]
      bytes += shape[2] + shape[3]
    }
  }
  const mean = packets > 0 && bytes > 0 ? bytes / packets : 1514
  return Math.max(1000, Math.min(MAX_TWIN_PACKETS, Math.floor(MAX_TWIN_BYTES / mean)))
}

/** Why a build request cannot be used (it crosses from the page), or null. */
function checkBuildRequest(r: TwinBuildRequest): string | null {
  if (!Number.isInteger(r.seed) || r.seed < 0 || r.seed > 0xffffffff) return 'The seed must be a whole number from 0 to 4294967295.'
  const d = r.durationSeconds
  if (d !== null && !(typeof d === 'number' && d >= 1 && d <= MAX_DURATION_SECONDS)) return `The twin's length must be 1 to ${MAX_DURATION_SECONDS} seconds.`
  if (r.basis.kind === 'baseline' && typeof r.basis.json !== 'string') return 'The baseline must be JSON text.'
  return null
}

/** Seconds between the first and the last flow activity of an analysis (0 when it has none). */
function flowSpan(analysis: CaptureAnalysis): number {
  const src = flowSourceOf(analysis)
  const span = src.end - src.start
  return Number.isFinite(span) && span > 0 ? span : 0
}
