/**
 * What a finished analysis reports about detection, in `nettwin analyze --json` and in the worker's result:
 * the alerts and host risk of issue 6's schema, plus how they were found (baseline or self-contained, which
 * detectors ran and how long each took, the baseline's period). Plain data: it crosses the worker boundary and
 * is written as JSON unchanged.
 */
import type { Alert } from './alert.ts'
import type { HostRisk } from './risk.ts'
import type { DetectAllResult, DetectorRun } from './run-detectors.ts'

export interface BaselineBrief {
  readonly fileName: string | null
  readonly start: number
  readonly end: number
  readonly fraction: number | null
  readonly windowSeconds: number
  /** Too little traffic in the period to compare with: only self-contained detectors ran. */
  readonly thin: boolean
}

export interface DetectionInfo {
  readonly mode: 'baseline' | 'self-contained'
  /** Traffic from this time on was compared with the baseline; null in self-contained mode. */
  readonly compareFrom: number | null
  /** True when the alerts cover only what was read so far (provisional). */
  readonly partial: boolean
  readonly droppedAlerts: number
  readonly detectors: readonly DetectorRun[]
  readonly baseline: BaselineBrief | null
  /** Milliseconds spent learning the baseline and running the detectors. */
  readonly milliseconds: number
  /** Why the detectors did not run at all (a table without addresses or times), else null. */
  readonly skipped: string | null
}

export interface DetectionReport {
  readonly alerts: readonly Alert[]
  readonly hostRisk: readonly HostRisk[]
  readonly detection: DetectionInfo
}

export function detectionReport(result: DetectAllResult, milliseconds: number): DetectionReport {
  const b = result.baseline
  return {
    alerts: result.alerts,
    hostRisk: result.hostRisk,
    detection: {
      mode: result.mode,
      compareFrom: result.compareFrom,
      partial: result.partial,
      droppedAlerts: result.droppedAlerts,
      detectors: result.detectors,
      baseline: b === null ? null : { fileName: b.source.fileName, start: b.source.start, end: b.source.end, fraction: b.source.fraction, windowSeconds: b.windowSeconds, thin: b.thin },
      milliseconds: Math.round(milliseconds * 10) / 10,
      skipped: null,
    },
  }
}

/** The report of an input the detectors could not run on, saying why. */
export function skippedDetection(reason: string): DetectionReport {
  return {
    alerts: [],
    hostRisk: [],
    detection: { mode: 'self-contained', compareFrom: null, partial: false, droppedAlerts: 0, detectors: [], baseline: null, milliseconds: 0, skipped: reason },
  }
}
