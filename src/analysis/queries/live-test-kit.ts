/**
 * Test helper: a capture read by the real pipeline into LiveAnalysisData, wired as the worker wires it
 * (onBatch, finish), plus the StoredAnalysisData built from its snapshot. Not imported by app code.
 */
import { CaptureAnalysis } from '../capture-analysis.ts'
import { analyzeCapture, type CaptureSummary } from '../capture-summary.ts'
import { bytesSource } from '../../formats/sources.ts'
import type { ExploreInput } from './explore-source.ts'
import { exploreSnapshot } from './explore-snapshot.ts'
import { LiveAnalysisData } from './live-data.ts'
import { buildSnapshot, type SessionPayload } from './snapshot.ts'
import { StoredAnalysisData } from './stored-data.ts'

export interface LiveRun {
  readonly live: LiveAnalysisData
  readonly summary: CaptureSummary
  /** Progress reports seen (with the partial summary computed at each one). */
  readonly partials: CaptureSummary[]
}

/** Reads `bytes` in small slices (so there are progress reports mid-read) and finishes the live data. */
export async function readLive(bytes: Uint8Array, name = 'test.pcap', sliceSize = 4096): Promise<LiveRun> {
  const analysis = new CaptureAnalysis()
  const live = new LiveAnalysisData(analysis, name)
  const partials: CaptureSummary[] = []
  const summary = await analyzeCapture(bytesSource(bytes, name, sliceSize), {
    analysis,
    onBatch: (b) => live.noteBatch(b),
    onProgress: () => {
      live.touch()
      partials.push(live.summary())
    },
  })
  live.finish(summary)
  return { live, summary, partials }
}

export function snapshotOf(live: LiveAnalysisData): SessionPayload {
  return buildSnapshot(live, exploreSnapshot(live.analysis))
}

/** The trusting validator: tests that do not look at the exploration part pass the value through. */
export const acceptExplore = (v: unknown): ExploreInput => v as ExploreInput

export function storedOf(payload: SessionPayload): StoredAnalysisData {
  return new StoredAnalysisData(payload.summary, payload.aggregates, acceptExplore)
}
