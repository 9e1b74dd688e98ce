/**
 * Learns a baseline from a flow source over a period (default: the first 30% of its time span). Works on a
 * partial analysis too (the period is then a fraction of what was read so far). Pure: reads the columns, keeps
 * nothing of the analysis.
 */
import { AddressClasses } from './address-class.ts'
import { flowOutcomes } from './flow-outcome.ts'
import type { FlowSource } from './flow-source.ts'
import { learnGlobal } from './learn-global.ts'
import { learnHosts } from './learn-hosts.ts'
import { chooseWindowSeconds, resolvePeriod, type BaselinePeriod } from './period.ts'
import { BASELINE_KIND, BASELINE_VERSION, type Baseline } from './types.ts'

export interface LearnOptions {
  readonly period?: BaselinePeriod
  /** Name of the input, recorded in the baseline. */
  readonly fileName?: string | null
  /** Window for the fan-out maxima (default 300 s, the scan window of the scan detectors). */
  readonly scanWindowSeconds?: number
  /** Outcomes of the source's flows when already computed (flow-outcome.ts). */
  readonly outcomes?: Uint8Array
  readonly classes?: AddressClasses
}

/** Fewer windows or flows than this and the baseline is marked thin: detectors fall back to their defaults. */
export const MIN_BASELINE_WINDOWS = 10
export const MIN_BASELINE_FLOWS = 30

export function learnBaseline(source: FlowSource, options: LearnOptions = {}): Baseline {
  const period = resolvePeriod(source, options.period)
  const span = Number.isFinite(source.end - source.start) ? source.end - source.start : 0
  // Bands use the window of the packet series when there is one, so a chart of that series can draw the band.
  const ws = source.series?.bucketSeconds ?? chooseWindowSeconds(span)
  const scanWindow = Math.max(1, options.scanWindowSeconds ?? 300)
  const classes = options.classes ?? new AddressClasses(source.addresses)
  const outcomes = options.outcomes ?? flowOutcomes(source.columns, source.count, classes)
  const global = learnGlobal(source, period, ws, outcomes, classes)
  const part = learnHosts(source, period, ws, scanWindow, outcomes, classes)
  const windows = Math.ceil((period.end - period.start) / ws)
  return {
    kind: BASELINE_KIND,
    version: BASELINE_VERSION,
    source: {
      fileName: options.fileName ?? null,
      start: period.start,
      end: period.end,
      fraction: period.fraction,
      inputStart: Number.isFinite(source.start) ? source.start : 0,
      inputEnd: Number.isFinite(source.end) ? source.end : 0,
    },
    windowSeconds: ws,
    scanWindowSeconds: scanWindow,
    global,
    hosts: part.hosts,
    services: part.services,
    edges: part.edges,
    truncated: part.truncated,
    thin: windows < MIN_BASELINE_WINDOWS || global.totalFlows < MIN_BASELINE_FLOWS,
  }
}
