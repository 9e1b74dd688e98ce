/**
 * One run of the twin lab: the scenario set scored as a whole (runScenarios: inject, analyse with ground
 * truth, detect, score), then, when asked, each scenario alone at 1/32 .. 1 of its intensity (sweepScenario)
 * for its sensitivity curve, and the classroom summary. A cancel during the sweep keeps the scorecard and the
 * curves that finished (the reads stop early without throwing, so every step checks the signal itself).
 */
import type { ByteSource } from '../../formats/format.ts'
import type { ScenarioSet } from '../scenarios/schema.ts'
import type { Survey } from '../scenarios/survey.ts'
import { classroomSummary } from '../score/classroom-summary.ts'
import { runScenarios, type ScoredRun } from '../score/run-scenarios.ts'
import { SWEEP_FACTORS, sweepScenario, type SensitivityCurve, type SweepPoint } from '../score/sweep.ts'
import type { TwinProgress, TwinRunResult } from './lab-types.ts'
import { nextTask } from './yielding-source.ts'

/** What a finished run leaves for export. */
export interface LastRun {
  readonly target: 'twin' | 'capture'
  readonly set: ScenarioSet
  readonly survey: Survey
  readonly base: () => ByteSource
  readonly scored: ScoredRun
}

export interface RunSetOptions {
  readonly target: 'twin' | 'capture'
  readonly set: ScenarioSet
  readonly survey: Survey
  /** A fresh reader of the traffic (it is read once per run and once per sweep point). */
  readonly base: () => ByteSource
  readonly sweep: boolean
  readonly signal: AbortSignal
  readonly onProgress: (p: TwinProgress) => void
}

/** Runs the set; null when cancelled before the scorecard was complete. */
export async function runSetScored(o: RunSetOptions): Promise<ScoredRun | null> {
  const scored = await runScenarios({ base: o.base(), scenarios: o.set, survey: o.survey, signal: o.signal })
  return o.signal.aborted ? null : scored
}

export async function runSet(o: RunSetOptions): Promise<{ readonly result: TwinRunResult; readonly last: LastRun } | null> {
  const started = performance.now()
  const sweepSteps = o.sweep ? o.set.scenarios.length * SWEEP_FACTORS.length : 0
  const steps = 1 + sweepSteps
  o.onProgress({ stage: `Injecting ${o.set.scenarios.length} scenario(s), analysing and detecting`, step: 1, steps })
  await nextTask()
  const scored = await runSetScored(o)
  if (scored === null) return null
  const curves: SensitivityCurve[] = []
  let partialSweep = false
  if (o.sweep) {
    let step = 1
    for (const spec of o.set.scenarios) {
      const points: SweepPoint[] = []
      o.onProgress({ stage: `Sensitivity sweep of ${spec.id}`, step: step + 1, steps })
      const curve = await sweepScenario(spec, {
        base: o.base(),
        survey: o.survey,
        seed: o.set.seed,
        signal: o.signal,
        onPoint: (p) => {
          if (o.signal.aborted) return
          points.push(p)
          step++
          o.onProgress({ stage: `Sensitivity sweep of ${spec.id}: intensity ${formatIntensity(p.intensity)} done`, step: Math.min(steps, step + 1), steps })
        },
      })
      // A point finished after the cancel read only part of the traffic: that curve is dropped.
      if (o.signal.aborted) {
        partialSweep = true
        break
      }
      curves.push(curve)
      await nextTask()
    }
  }
  const card = scored.scorecard
  const result: TwinRunResult = {
    target: o.target,
    scorecard: card,
    curves,
    summary: classroomSummary(card, o.survey.start, curves),
    trafficStart: scored.labelled.start,
    trafficEnd: scored.labelled.end,
    ordinaryPackets: scored.injected.ordinaryPackets,
    injectedPackets: scored.injected.injectedPackets,
    droppedFrames: scored.injected.droppedFrames,
    alerts: scored.detection.alerts.length,
    milliseconds: Math.round(performance.now() - started),
    partialSweep,
  }
  return { result, last: { target: o.target, set: o.set, survey: o.survey, base: o.base, scored } }
}

/** 1/8 rather than 0.125, as a class reads it. */
export function formatIntensity(x: number): string {
  if (x >= 1 || x <= 0) return String(Math.round(x * 1000) / 1000)
  const inverse = 1 / x
  return Math.abs(inverse - Math.round(inverse)) < 1e-9 ? `1/${Math.round(inverse)}` : String(Math.round(x * 1000) / 1000)
}
