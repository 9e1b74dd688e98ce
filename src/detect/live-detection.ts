/**
 * Detection alongside a capture being read, and after: the worker creates one LiveDetection per analysis,
 * feeds it every batch (the packet taps), asks `runIfDue` at each partial-summary tick for a provisional alert
 * set over what was read so far, and `runFinal` when reading ends. The analysis and taps stay, so `rerun` with
 * other settings (parameters, a brushed baseline range, an imported baseline) never reads the file again.
 *
 * Provisional runs are paced by their own cost: the next waits at least COST_FACTOR times as long as the last
 * took (and MIN_INTERVAL_MS), so live detection takes at most about 1/COST_FACTOR of the worker's time.
 */
import type { CaptureAnalysis } from '../analysis/capture-analysis.ts'
import { parseBaseline } from '../baseline/baseline-json.ts'
import type { BaselinePeriod } from '../baseline/period.ts'
import type { Baseline } from '../baseline/types.ts'
import type { DecodeContext } from '../decode/context.ts'
import type { PacketBatch } from '../model/packet-batch.ts'
import type { Alert } from './alert.ts'
import { DEFAULT_DETECT_SETTINGS, type DetectSettings } from './detect-settings.ts'
import { detectionReport, type DetectionReport } from './detection-report.ts'
import { detectAll } from './run-detectors.ts'
import { PacketTaps } from './taps/packet-taps.ts'

/** What the page sees of a detection run (plain data). */
export interface DetectionView {
  readonly report: DetectionReport
  /** The baseline compared with (learned or imported); null in self-contained mode. */
  readonly baseline: Baseline | null
  /** Where the baseline came from, for people: "first 30% of x.pcap", "imported: y.json". */
  readonly baselineLabel: string
  /** True while the file is still being read: the alerts may change. */
  readonly provisional: boolean
  readonly settings: DetectSettings
  /** Counts the runs of this analysis; a view with a higher sequence replaces one with a lower. */
  readonly sequence: number
}

/** The alerts a progress report carries during reading (the most severe; the rest come by query). */
export interface LiveAlerts {
  readonly alerts: readonly Alert[]
  readonly total: number
  readonly sequence: number
  readonly provisional: boolean
}

export const LIVE_ALERTS_SENT = 100
const MIN_INTERVAL_MS = 1000
const COST_FACTOR = 6

export type RerunResult = { readonly ok: true; readonly view: DetectionView } | { readonly ok: false; readonly error: string }

export class LiveDetection {
  readonly taps = new PacketTaps()
  private settings: DetectSettings = DEFAULT_DETECT_SETTINGS
  private imported: { readonly baseline: Baseline; readonly label: string } | null = null
  private current: DetectionView | null = null
  private sequence = 0
  private nextAt = 0

  constructor(
    private readonly analysis: CaptureAnalysis,
    private readonly fileName: string,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.nextAt = now() + MIN_INTERVAL_MS
  }

  /** The onBatch hook. */
  consume(batch: PacketBatch, ctx: DecodeContext): void {
    this.taps.consume(batch, ctx)
  }

  get view(): DetectionView | null {
    return this.current
  }

  /** A provisional run over what was read so far when the pacing allows one, else null. */
  runIfDue(): DetectionView | null {
    const t = this.now()
    if (t < this.nextAt || this.analysis.flows.count === 0) return null
    const view = this.run(true)
    const spent = this.now() - t
    this.nextAt = this.now() + Math.max(MIN_INTERVAL_MS, COST_FACTOR * spent)
    return view
  }

  /** The final run, once reading ended. */
  runFinal(): DetectionView {
    return this.run(false)
  }

  /** Runs again with other settings over the kept analysis (after reading, or during it: then provisional). */
  rerun(settings: DetectSettings): RerunResult {
    let imported = this.imported
    if (settings.baseline.kind === 'json') {
      const parsed = parseBaseline(settings.baseline.text)
      if (!parsed.ok) return { ok: false, error: `That is not a usable baseline: ${parsed.error}` }
      imported = { baseline: parsed.baseline, label: settings.baseline.label }
    }
    this.settings = settings
    this.imported = imported
    return { ok: true, view: this.run(!this.analysis.flows.isFinished) }
  }

  /** Live alerts for a progress report: the most severe of the current view. */
  liveAlerts(view: DetectionView): LiveAlerts {
    const alerts = view.report.alerts
    return { alerts: alerts.slice(0, LIVE_ALERTS_SENT), total: alerts.length, sequence: view.sequence, provisional: view.provisional }
  }

  private run(provisional: boolean): DetectionView {
    const t0 = this.now()
    const s = this.settings
    const choice = s.baseline
    let baseline: Baseline | null | 'auto' = 'auto'
    let period: BaselinePeriod | undefined
    let label: string
    if (choice.kind === 'none') {
      baseline = null
      label = 'none (self-contained detection)'
    } else if (choice.kind === 'json') {
      baseline = this.imported?.baseline ?? null
      label = `imported: ${this.imported?.label ?? choice.label}`
    } else if (choice.kind === 'range') {
      period = choice
      label = 'a chosen time range'
    } else {
      period = choice
      label = `the first ${Math.round(choice.fraction * 100)}% of ${this.fileName}${provisional ? ' (as read so far)' : ''}`
    }
    const result = detectAll(this.analysis, { baseline, period, taps: this.taps, fileName: this.fileName, params: s.params, enabled: s.enabled })
    this.sequence++
    const view: DetectionView = {
      report: detectionReport(result, this.now() - t0),
      baseline: result.baseline,
      baselineLabel: label,
      provisional: provisional || result.partial,
      settings: s,
      sequence: this.sequence,
    }
    this.current = view
    return view
  }
}
