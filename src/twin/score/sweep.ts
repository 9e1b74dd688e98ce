/**
 * The intensity sweep: one scenario run again at geometrically smaller intensities (1/32 to 1 of its own by
 * default: six runs), each scored on its own, giving per detector the weakest intensity it still detected: a
 * sensitivity curve. Every run reuses the survey of the traffic, so the same hosts and times are used and
 * only the strength changes.
 */
import type { ByteSource } from '../../formats/format.ts'
import { MAX_INTENSITY, MIN_INTENSITY, type ScenarioSet, type ScenarioSpec } from '../scenarios/schema.ts'
import type { Survey } from '../scenarios/survey.ts'
import { runScenarios } from './run-scenarios.ts'

export const SWEEP_FACTORS: readonly number[] = [1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, 1]

export interface SweepPoint {
  readonly intensity: number
  /** A meant detector raised an expected category. */
  readonly caught: boolean
  /** Detectors with at least one alert matching the attack. */
  readonly detectedBy: readonly string[]
  /** Best recall and earliest detection among the meant detectors (null when none detected it). */
  readonly recall: number | null
  readonly timeToDetect: number | null
  readonly falseAlarms: number
  readonly attackPackets: number
}

export interface SensitivityCurve {
  readonly scenarioId: string
  readonly kind: string
  readonly points: readonly SweepPoint[]
  /** Per detector that detected it at some intensity: the weakest intensity it did. */
  readonly weakest: Readonly<Record<string, number>>
  /** Weakest intensity at which it was caught by a meant detector (null: never). */
  readonly weakestCaught: number | null
}

export interface SweepOptions {
  readonly base: ByteSource
  readonly survey: Survey
  readonly seed: number
  readonly factors?: readonly number[]
  readonly signal?: AbortSignal
  readonly onPoint?: (p: SweepPoint) => void
}

export async function sweepScenario(spec: ScenarioSpec, options: SweepOptions): Promise<SensitivityCurve> {
  const points: SweepPoint[] = []
  const weakest: Record<string, number> = {}
  let weakestCaught: number | null = null
  for (const f of options.factors ?? SWEEP_FACTORS) {
    const intensity = Math.min(MAX_INTENSITY, Math.max(MIN_INTENSITY, spec.intensity * f))
    const set: ScenarioSet = { version: 1, seed: options.seed, scenarios: [{ ...spec, intensity }] }
    const run = await runScenarios({ base: options.base, scenarios: set, survey: options.survey, signal: options.signal })
    const score = run.scorecard.scenarios[0]
    const meant = score.cells.filter((c) => c.meant && c.detected)
    const point: SweepPoint = {
      intensity,
      caught: score.caught,
      detectedBy: score.cells.filter((c) => c.detected).map((c) => c.detector),
      recall: meant.length > 0 ? Math.max(...meant.map((c) => c.recall ?? 0)) : null,
      timeToDetect: meant.length > 0 ? Math.min(...meant.map((c) => c.timeToDetect ?? Infinity)) : null,
      falseAlarms: run.scorecard.totalFalseAlarms,
      attackPackets: score.scenario.frames,
    }
    points.push(point)
    options.onPoint?.(point)
    for (const d of point.detectedBy) if (weakest[d] === undefined || intensity < weakest[d]) weakest[d] = intensity
    if (point.caught && (weakestCaught === null || intensity < weakestCaught)) weakestCaught = intensity
  }
  return { scenarioId: spec.id, kind: spec.kind, points, weakest, weakestCaught }
}
