/**
 * Running the detectors: `runDetectors` over a flow source (or a capture analysis, partial or finished) with a
 * baseline or none, and `detectAll`, which also learns the default baseline (the first 30% of the input) when
 * none is given. Parameters come per detector id and are clamped to their documented ranges; a detector that
 * throws is reported in `detectors[].error` and the others still run. Re-running with new parameters reads
 * only the columns and taps, never the file.
 */
import { CaptureAnalysis } from '../analysis/capture-analysis.ts'
import { AddressClasses } from '../baseline/address-class.ts'
import { BaselineIndex } from '../baseline/baseline-index.ts'
import { flowOutcomes } from '../baseline/flow-outcome.ts'
import { flowSourceOf, type FlowSource } from '../baseline/flow-source.ts'
import { learnBaseline } from '../baseline/learn-baseline.ts'
import { DEFAULT_BASELINE_FRACTION, type BaselinePeriod } from '../baseline/period.ts'
import type { Baseline } from '../baseline/types.ts'
import { compareAlerts, type Alert } from './alert.ts'
import { DetectContext } from './context.ts'
import { resolveParams } from './detector.ts'
import { DETECTORS } from './registry.ts'
import { flowRisks, hostRisks, type FlowRisk, type HostRisk } from './risk.ts'
import type { PacketTaps } from './taps/packet-taps.ts'

export interface DetectOptions {
  /** Parameter overrides per detector id (unknown ids and keys are ignored, values clamped). */
  readonly params?: Readonly<Record<string, unknown>>
  /** Turn detectors on or off by id (opt-in detectors are off unless set true here). */
  readonly enabled?: Readonly<Record<string, boolean>>
  /** Packet-level observations gathered while reading (ARP bindings, DNS questions, HTTP requests). */
  readonly taps?: PacketTaps | null
  /** Cap on alerts returned (most severe first). Default 2000. */
  readonly maxAlerts?: number
  /** Address classes and flow outcomes of this very source when already computed (detectAll passes them). */
  readonly shared?: { readonly classes: AddressClasses; readonly outcomes: Uint8Array } | null
}

export interface DetectorRun {
  readonly id: string
  readonly alerts: number
  readonly milliseconds: number
  /** Set when the detector threw (a bug): the run continued without it. */
  readonly error?: string
  /** Set when it did not run: disabled, or it needs a baseline and there is none. */
  readonly skipped?: 'disabled' | 'needs-baseline'
}

export interface DetectResult {
  readonly alerts: readonly Alert[]
  readonly hostRisk: readonly HostRisk[]
  readonly flowRisk: readonly FlowRisk[]
  readonly detectors: readonly DetectorRun[]
  /** Whether a baseline was compared against, and from when. */
  readonly mode: 'baseline' | 'self-contained'
  readonly compareFrom: number | null
  /** True when the input was still being read: alerts cover what was read so far. */
  readonly partial: boolean
  /** Alerts found beyond maxAlerts (dropped, least severe first). */
  readonly droppedAlerts: number
}

function sourceOf(input: CaptureAnalysis | FlowSource): FlowSource {
  return input instanceof CaptureAnalysis ? flowSourceOf(input) : input
}

export function runDetectors(input: CaptureAnalysis | FlowSource, baseline: Baseline | null, options: DetectOptions = {}): DetectResult {
  const source = sourceOf(input)
  const usable = baseline !== null && !baseline.thin ? baseline : null
  const ctx = new DetectContext(source, usable === null ? null : new BaselineIndex(usable), options.taps ?? null, options.shared ?? null)
  const runs: DetectorRun[] = []
  let alerts: Alert[] = []
  for (const d of DETECTORS) {
    const enabled = options.enabled?.[d.id] ?? !d.optIn
    if (!enabled) {
      runs.push({ id: d.id, alerts: 0, milliseconds: 0, skipped: 'disabled' })
      continue
    }
    if (d.modes === 'baseline' && ctx.baseline === null) {
      runs.push({ id: d.id, alerts: 0, milliseconds: 0, skipped: 'needs-baseline' })
      continue
    }
    const t0 = performance.now()
    try {
      const found = d.run(ctx, resolveParams(d, options.params?.[d.id]))
      alerts.push(...found)
      runs.push({ id: d.id, alerts: found.length, milliseconds: performance.now() - t0 })
    } catch (e) {
      runs.push({ id: d.id, alerts: 0, milliseconds: performance.now() - t0, error: e instanceof Error ? e.message.slice(0, 300) : String(e).slice(0, 300) })
    }
  }
  alerts = uniqueIds(alerts).sort(compareAlerts)
  const max = Math.max(0, options.maxAlerts ?? 2000)
  const dropped = Math.max(0, alerts.length - max)
  alerts = alerts.slice(0, max)
  return {
    alerts,
    hostRisk: hostRisks(alerts),
    flowRisk: flowRisks(alerts),
    detectors: runs,
    mode: ctx.baseline === null ? 'self-contained' : 'baseline',
    compareFrom: ctx.baseline === null ? null : Number.isFinite(ctx.compareFrom) ? ctx.compareFrom : source.start,
    partial: source.partial,
    droppedAlerts: dropped,
  }
}

/** Ids are hashes: should two findings collide, the later one gets a suffix rather than vanish. */
function uniqueIds(alerts: Alert[]): Alert[] {
  const seen = new Map<string, number>()
  return alerts.map((a) => {
    const n = seen.get(a.id) ?? 0
    seen.set(a.id, n + 1)
    return n === 0 ? a : { ...a, id: `${a.id}-${n}` }
  })
}

export interface DetectAllOptions extends DetectOptions {
  /**
   * The baseline to compare with: a saved one, null for self-contained detection only, or 'auto' (default) to
   * learn one from `period` of this input (default the first 30%).
   */
  readonly baseline?: Baseline | null | 'auto'
  readonly period?: BaselinePeriod
  readonly fileName?: string | null
}

export interface DetectAllResult extends DetectResult {
  /** The baseline used or learned (null in self-contained mode); `thin` says it was too small to be used. */
  readonly baseline: Baseline | null
}

/** Learns (or takes) a baseline and runs every enabled detector: what `nettwin analyze --json` reports. */
export function detectAll(input: CaptureAnalysis | FlowSource, options: DetectAllOptions = {}): DetectAllResult {
  const source = sourceOf(input)
  const choice = options.baseline === undefined ? 'auto' : options.baseline
  // Outcomes and address classes are computed once and shared by the baseline and the detectors.
  const classes = new AddressClasses(source.addresses)
  const shared = { classes, outcomes: flowOutcomes(source.columns, source.count, classes) }
  const baseline =
    choice === 'auto'
      ? learnBaseline(source, { period: options.period ?? { kind: 'fraction', fraction: DEFAULT_BASELINE_FRACTION }, fileName: options.fileName ?? null, ...shared })
      : choice
  return { ...runDetectors(source, baseline, { ...options, shared }), baseline }
}
