/**
 * Test-only helper for the checklist fixtures of shared/RELIABILITY.md rows 24-38: a hostile frame is written
 * into a real capture file with the project's pcap writer and read back through the whole pipeline
 * (analyzeCapture: sniff, read, decode, flows, totals), so each row is checked where users meet it, not only
 * inside one decoder. The frame decoder kit (frame-test-kit.ts) is used alongside for per-layer detail.
 */
import { analyzeCapture, type CaptureSummary } from '../analysis/capture-summary.ts'
import { writePcap } from '../formats/pcap-writer.ts'
import { bytesSource } from '../formats/sources.ts'

export const LINKTYPE_ETHERNET = 1

/** The frames as one pcap file (one record per frame, a millisecond apart), analysed end to end. */
export async function analyseFrames(frames: readonly Uint8Array[], linkType = LINKTYPE_ETHERNET): Promise<CaptureSummary> {
  const file = writePcap(frames.map((data, i) => ({ time: 1_700_000_000 + i / 1000, data })), { linkType })
  return analyzeCapture(bytesSource(file, 'reliability-fixture.pcap'))
}

/** Anomaly codes raised by analysing the frames, with their counts. */
export async function anomaliesOf(frames: readonly Uint8Array[], linkType = LINKTYPE_ETHERNET): Promise<Record<string, number>> {
  const summary = await analyseFrames(frames, linkType)
  return { ...summary.anomalies }
}
