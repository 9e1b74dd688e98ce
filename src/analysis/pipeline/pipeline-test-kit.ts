/**
 * For tests of the two-thread pipeline (unit tests on generated captures, conformance on corpus captures):
 * runs both sides over in-memory ports and checks that the split analysis equals analyzeCapture's.
 */
import { expect } from 'vitest'
import type { FlowModeName } from '../../flows/flow-modes.ts'
import { bytesSource } from '../../formats/sources.ts'
import { CaptureAnalysis } from '../capture-analysis.ts'
import { analyzeCapture } from '../capture-summary.ts'
import { type DecodeSideOptions, runDecodeSide } from './decode-side.ts'
import { memoryPorts } from './memory-ports.ts'
import type { DecoderMessage, OwnerMessage } from './messages.ts'
import { analyzeFromDecoder } from './owner-side.ts'

/** Decodes in one "thread" and analyses in the other, over in-memory ports, with small batches. */
export async function pipelined(bytes: Uint8Array, batchCapacity: number, maxInFlight: number, analysis = new CaptureAnalysis(), sideOptions: DecodeSideOptions = {}) {
  const [decoderPort, ownerPort] = memoryPorts<DecoderMessage, OwnerMessage>()
  // Slices of 1000 bytes so the read waits for returned batches many times over.
  void runDecodeSide(bytesSource(bytes, 'in.pcap', 1000), decoderPort, { batchCapacity, maxInFlight, ...sideOptions })
  return analyzeFromDecoder('in.pcap', ownerPort, { analysis })
}

/** Where the flows are assembled, and under which mode. */
export const PIPELINE_SPLITS: readonly (readonly [string, FlowModeName, boolean])[] = [
  ['flows on the owner', 'zeek', false],
  ['flows on the decoding side (zeek)', 'zeek', true],
  ['flows on the decoding side (wireshark)', 'wireshark', true],
]

/** Expects the pipelined analysis of `data` to give analyzeCapture's summary, flows and statistics. */
export async function expectSameAsOneThread(data: Uint8Array, flowMode: FlowModeName, assembleFlows: boolean): Promise<void> {
  const single = new CaptureAnalysis({ flowMode })
  const expected = await analyzeCapture(bytesSource(data, 'in.pcap'), { analysis: single })
  const split = new CaptureAnalysis({ flowMode })
  const actual = await pipelined(data, 7, 2, split, { assembleFlows, flowMode })
  expect(actual).toEqual(expected)
  expect(split.flows.toRecords(split.ctx, { limit: 10_000 })).toEqual(single.flows.toRecords(single.ctx, { limit: 10_000 }))
  expect(split.stats.listConversations('tcp', 'bytes', 1000)).toEqual(single.stats.listConversations('tcp', 'bytes', 1000))
  expect(split.stats.listEndpoints('bytes', 1000)).toEqual(single.stats.listEndpoints('bytes', 1000))
  expect(split.ctx.addresses.size).toBe(single.ctx.addresses.size)
  expect(split.flows.stateCounts()).toEqual(single.flows.stateCounts())
  expect(split.stats.windowSeries()).toEqual(single.stats.windowSeries())
}
