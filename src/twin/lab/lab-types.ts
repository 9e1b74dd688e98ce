/**
 * What the twin lab (twin-lab.ts) takes and answers: plain, chart-sized data that crosses the worker boundary
 * (workers/engine-api.ts re-exports these). The packet data, the twin's traffic and the merged capture stay in
 * the worker; exported files leave as Blobs.
 */
import type { FidelityReport } from '../fidelity.ts'
import type { LessonPack } from '../packs/lesson-packs.ts'
import type { ScenarioKindInfo } from '../scenarios/kinds.ts'
import type { Scorecard } from '../score/scorecard.ts'
import type { SensitivityCurve } from '../score/sweep.ts'

/** Where the twin is learned from: the capture on screen (run), or a baseline's JSON text (a saved session's). */
export type TwinBasis = { readonly kind: 'capture'; readonly run: number } | { readonly kind: 'baseline'; readonly json: string; readonly name: string }

export interface TwinBuildRequest {
  readonly basis: TwinBasis
  /** Seconds of ordinary traffic to generate (null: as long as the source). */
  readonly durationSeconds: number | null
  readonly seed: number
}

/** A host the scenario builder offers as attacker or target. */
export interface HostOption {
  readonly ip: string
  readonly internal: boolean
  readonly flows: number
  /** A few ports it answered on. */
  readonly services: readonly number[]
}

export interface TrafficFacts {
  /** Seconds since the epoch. */
  readonly start: number
  readonly end: number
  readonly packets: number
  /** Busiest hosts first, capped (HOST_OPTIONS). */
  readonly hosts: readonly HostOption[]
}

export interface TwinOverview {
  readonly basis: 'capture' | 'baseline'
  /** The capture's or baseline's name, as the user knows it (display as text). */
  readonly name: string
  readonly seed: number
  /** Null when learned from a baseline (no flows to compare with). */
  readonly fidelity: FidelityReport | null
  readonly targets: { readonly jsd: number; readonly emd: number }
  readonly generated: { readonly packets: number; readonly flows: number; readonly bytes: number; readonly capped: boolean }
  readonly twin: TrafficFacts
  /** The real capture, when the twin was learned from one (scenarios may go into it instead). */
  readonly capture: TrafficFacts | null
  /** Size of the capture file; injecting into it is refused above MAX_INJECT_BYTES. */
  readonly captureBytes: number | null
  readonly catalog: readonly ScenarioKindInfo[]
  readonly packs: readonly LessonPack[]
  readonly milliseconds: number
}

export interface TwinRunRequest {
  /** Inject into the twin's traffic or into the real capture. */
  readonly target: 'twin' | 'capture'
  /** A scenario set as the scenario file holds it (validated strictly in the worker). */
  readonly scenarios: unknown
  /** Also run each scenario at 1/32 .. 1 of its intensity (sensitivity curves). */
  readonly sweep: boolean
}

export interface TwinRunResult {
  readonly target: 'twin' | 'capture'
  readonly scorecard: Scorecard
  readonly curves: readonly SensitivityCurve[]
  readonly summary: string
  readonly trafficStart: number
  readonly trafficEnd: number
  readonly ordinaryPackets: number
  readonly injectedPackets: number
  readonly droppedFrames: number
  readonly alerts: number
  readonly milliseconds: number
  /** True when the run was cancelled part-way through the sweep: curves cover what finished. */
  readonly partialSweep: boolean
}

export type TwinExportKind = 'twin-pcap' | 'twin-pcapng' | 'injected-pcap' | 'injected-pcapng' | 'labels-csv'

export interface TwinExport {
  readonly blob: Blob
  readonly fileName: string
}

/** Progress of a build or a run: a stage in words, and how far through the steps. */
export interface TwinProgress {
  readonly stage: string
  readonly step: number
  readonly steps: number
}

export type TwinAnswer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly cancelled: boolean; readonly message: string }
