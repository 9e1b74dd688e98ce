/**
 * What a detector run sees: the flow source (columns, facts, addresses, window series), the packet taps when
 * the input was read with them, the baseline (or null: self-contained mode) and the time from which traffic is
 * compared with it, plus shared derived data computed once per run (flow outcomes, address classes, formatted
 * addresses) and the alert builder every detector uses so alerts look alike.
 */
import { AddressClasses } from '../baseline/address-class.ts'
import type { BaselineIndex } from '../baseline/baseline-index.ts'
import { flowOutcomes, isProbe } from '../baseline/flow-outcome.ts'
import type { FlowSource } from '../baseline/flow-source.ts'
import type { FlowColumns } from '../flows/flow-columns.ts'
import { fmix32 } from '../lib/hash.ts'
import { MAX_EVIDENCE, MAX_LISTED, type Alert, type AlertCategory, type MitreTechnique, type Severity } from './alert.ts'
import { flowLists, type FlowLists } from './flow-lists.ts'
import type { PacketTaps } from './taps/packet-taps.ts'

export interface AlertSpec {
  readonly detector: string
  readonly category: AlertCategory
  readonly severity: Severity
  readonly confidence: number
  readonly start: number
  readonly end: number
  /** Address ids (formatted here), most important first. */
  readonly src: readonly number[]
  readonly dst: readonly number[]
  readonly srcCount?: number
  readonly dstCount?: number
  readonly ports?: readonly number[]
  readonly metric: string
  readonly unit: string
  readonly observed: number
  readonly baseline: number | null
  readonly baselineSource: 'baseline' | 'self' | 'default'
  readonly evidence: readonly number[]
  readonly evidenceCount?: number
  readonly explanation: string
  readonly mitre: MitreTechnique | null
  /** Extra text that makes the id unique when one detector raises several alerts for the same hosts and time. */
  readonly key?: string
}

function hashText(s: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = fmix32(h ^ s.charCodeAt(i))
  return h.toString(16).padStart(8, '0')
}

function round(x: number, digits = 4): number {
  if (!Number.isFinite(x)) return 0
  const f = 10 ** digits
  return Math.round(x * f) / f
}

export class DetectContext {
  readonly c: FlowColumns
  readonly count: number
  readonly classes: AddressClasses
  /** Time from which traffic is compared with the baseline (-Infinity without one, or for another input's). */
  readonly compareFrom: number
  private outcomeCache: Uint8Array | null = null
  private listCache: FlowLists | null = null
  private probeCache: Uint8Array | null = null
  private readonly names = new Map<number, string>()
  private readonly memos = new Map<string, unknown>()

  constructor(
    readonly source: FlowSource,
    readonly baseline: BaselineIndex | null,
    readonly taps: PacketTaps | null,
    /** Address classes and flow outcomes already computed for this source (by learnBaseline in the same run). */
    shared: { readonly classes: AddressClasses; readonly outcomes: Uint8Array } | null = null,
  ) {
    this.c = source.columns
    this.count = source.count
    this.classes = shared?.classes ?? new AddressClasses(source.addresses)
    if (shared !== null && shared.outcomes.length === source.count) this.outcomeCache = shared.outcomes
    this.compareFrom = baseline === null ? -Infinity : baseline.compareFrom(source.start, source.end)
  }

  get start(): number {
    return this.source.start
  }

  get end(): number {
    return this.source.end
  }

  /** Outcome (flow-outcome.ts) of every flow, computed on first use. */
  get outcomes(): Uint8Array {
    if (this.outcomeCache === null) this.outcomeCache = flowOutcomes(this.c, this.count, this.classes)
    return this.outcomeCache
  }

  /**
   * isProbe (flow-outcome.ts, default limits) of every flow as 1 or 0, computed on first use: the scan and
   * coordination detectors ask it of most flows, some more than once.
   */
  get probes(): Uint8Array {
    if (this.probeCache === null) {
      const c = this.c
      const out = new Uint8Array(this.count)
      for (let id = 0; id < out.length; id++) if (isProbe(c, id)) out[id] = 1
      this.probeCache = out
    }
    return this.probeCache
  }

  /** Flow ids by transport (flow-lists.ts), made on first use. */
  get lists(): FlowLists {
    if (this.listCache === null) this.listCache = flowLists(this.c, this.count)
    return this.listCache
  }

  /** A value derived once per run and shared between detectors (e.g. per-source first contacts). */
  memo<T>(key: string, make: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T
    const v = make()
    this.memos.set(key, v)
    return v
  }

  addr(id: number): string {
    let s = this.names.get(id)
    if (s === undefined) {
      s = this.source.addresses.format(id)
      this.names.set(id, s)
    }
    return s
  }

  /** Builds an alert: formats and caps address lists, caps and sorts evidence, rounds numbers, derives the id. */
  alert(spec: AlertSpec): Alert {
    const src = [...new Set(spec.src)].slice(0, MAX_LISTED).map((id) => this.addr(id))
    const dst = [...new Set(spec.dst)].slice(0, MAX_LISTED).map((id) => this.addr(id))
    const evidence = [...new Set(spec.evidence)].sort((a, b) => a - b)
    const ports = [...new Set(spec.ports ?? [])].sort((a, b) => a - b).slice(0, MAX_LISTED)
    const start = Number.isFinite(spec.start) ? spec.start : 0
    const end = Number.isFinite(spec.end) ? Math.max(start, spec.end) : start
    const idText = `${spec.category}|${src.slice(0, 3).join(',')}|${dst.slice(0, 3).join(',')}|${ports.slice(0, 3).join(',')}|${Math.floor(start)}|${spec.key ?? ''}`
    return {
      id: `${spec.detector}-${hashText(idText)}`,
      detector: spec.detector,
      category: spec.category,
      severity: spec.severity,
      confidence: round(Math.min(1, Math.max(0, spec.confidence)), 3),
      start,
      end,
      src,
      dst,
      srcCount: Math.max(spec.srcCount ?? 0, new Set(spec.src).size),
      dstCount: Math.max(spec.dstCount ?? 0, new Set(spec.dst).size),
      ports,
      metric: spec.metric,
      unit: spec.unit,
      observed: round(spec.observed),
      baseline: spec.baseline === null ? null : round(spec.baseline),
      baselineSource: spec.baselineSource,
      evidence: evidence.slice(0, MAX_EVIDENCE),
      evidenceCount: Math.max(spec.evidenceCount ?? 0, evidence.length),
      explanation: spec.explanation,
      mitre: spec.mitre,
    }
  }
}
