import { describe, expect, it } from 'vitest'
import { FormatError } from '../../formats/format.ts'
import { bytesSource } from '../../formats/sources.ts'
import { CaptureAnalysis } from '../capture-analysis.ts'
import { analyzeCapture } from '../capture-summary.ts'
import { lanCaptureBytes } from '../queries/test-capture.ts'
import { runDecodeSide } from './decode-side.ts'
import { memoryPorts } from './memory-ports.ts'
import type { DecoderMessage, OwnerMessage } from './messages.ts'
import { analyzeFromDecoder } from './owner-side.ts'
import { expectSameAsOneThread, PIPELINE_SPLITS, pipelined } from './pipeline-test-kit.ts'

// Corpus captures (TLS with JA4, multi-interface pcapng, VXLAN) go through the same check in
// conformance/pipeline.test.ts, which needs ../shared/corpus.
describe('two-thread pipeline', () => {
  for (const [where, flowMode, assembleFlows] of PIPELINE_SPLITS) {
    it(`gives the same summary, flows and statistics as analyzeCapture, ${where}: a LAN capture (TCP, UDP, DNS, HTTP, ARP, ICMP)`, async () => {
      await expectSameAsOneThread(lanCaptureBytes(), flowMode, assembleFlows)
    })
  }

  it('transfers no buffer while reading (a detached buffer slows every typed-array access: messages.ts)', async () => {
    const [decoderPort, ownerPort] = memoryPorts<DecoderMessage, OwnerMessage>()
    const transferred: string[] = []
    const watch = <I, O extends { type: string }>(port: { post(m: O, t: ArrayBuffer[]): void; listen(h: (m: I) => void): void }) => ({
      post: (m: O, t: ArrayBuffer[]) => {
        if (t.length > 0) transferred.push(m.type)
        port.post(m, t)
      },
      listen: (h: (m: I) => void) => port.listen(h),
    })
    const data = lanCaptureBytes()
    void runDecodeSide(bytesSource(data, 'in.pcap', 1000), watch(decoderPort), { batchCapacity: 7, maxInFlight: 2, assembleFlows: true })
    const summary = await analyzeFromDecoder('in.pcap', watch(ownerPort), { analysis: new CaptureAnalysis() })
    expect(summary.packets).toBeGreaterThan(7)
    // Only the finished flow table, at the very end, moves as transferred buffers.
    expect(transferred).toEqual(['end'])
  })

  it('rejects flows the decoding side assembled under another flow mode', async () => {
    const data = lanCaptureBytes()
    const error = await pipelined(data, 64, 2, new CaptureAnalysis({ flowMode: 'zeek' }), { assembleFlows: true, flowMode: 'wireshark' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(/other settings/)
  })

  it("passes the reader's FormatError on with its code and message", async () => {
    const junk = new TextEncoder().encode('this is not a capture, just some text\n'.repeat(20))
    const expected = await analyzeCapture(bytesSource(junk, 'in.pcap')).catch((e: unknown) => e)
    const actual = await pipelined(junk, 8, 2).catch((e: unknown) => e)
    expect(expected).toBeInstanceOf(FormatError)
    expect(actual).toBeInstanceOf(FormatError)
    expect((actual as FormatError).code).toBe((expected as FormatError).code)
    expect((actual as FormatError).message).toBe((expected as FormatError).message)
  })

  it('stops early when the owner cancels, with a summary marked cancelled', async () => {
    const [decoderPort, ownerPort] = memoryPorts<DecoderMessage, OwnerMessage>()
    const data = lanCaptureBytes()
    void runDecodeSide(bytesSource(data, 'in.pcap', 64), decoderPort, { batchCapacity: 2, maxInFlight: 1 })
    const controller = new AbortController()
    let batches = 0
    const summary = await analyzeFromDecoder('in.pcap', ownerPort, {
      onBatch: () => {
        if (++batches === 2) controller.abort()
      },
      signal: controller.signal,
    })
    expect(summary.cancelled).toBe(true)
    const full = await analyzeCapture(bytesSource(data, 'in.pcap'))
    expect(summary.packets).toBeGreaterThan(0)
    expect(summary.packets).toBeLessThan(full.packets)
  })
})
