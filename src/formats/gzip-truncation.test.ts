/**
 * A gzip stream cut or damaged after some output is a truncation the capture and table readers report, even when
 * the output happens to stop between two records (found by the mutation fuzzer: src/fuzz/fixtures/gzip-*.bin).
 */
import { describe, expect, it } from 'vitest'
import { readAll } from './tables/table-test-utils.ts'
import { gunzipSource } from './gzip.ts'
import { pcap } from './pcap.ts'
import { PcapWriter } from './pcap-writer.ts'
import { concat, frame, readWith } from './read-test-utils.ts'
import { bytesSource } from './sources.ts'
import { openCapture } from './registry.ts'

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

describe('gzip streams that end early', () => {
  it('a second member cut short marks the capture truncated where its output stopped, at a record boundary', async () => {
    const w = new PcapWriter()
    for (let i = 0; i < 3; i++) w.rawRecord(1_700_000_000 + i, 0, frame(60, i))
    const first = w.take()
    w.rawRecord(1_700_000_010, 0, frame(60, 9))
    const second = w.take()
    const member2 = await gzip(second)
    // Only the 8-byte trailer (CRC-32, ISIZE) of the second member is gone: every record is there, and the
    // decompressed stream ends exactly after the last one.
    const file = concat(await gzip(first), member2.subarray(0, member2.length - 8))
    const opened = await openCapture(bytesSource(file, 'cut.pcap.gz'))
    const out = await readWith({ ...pcap, read: (_s, sink, o) => pcap.read(opened.source, sink, o) }, file)
    expect(out.packets.length).toBe(4)
    expect(out.report?.truncated).toBe(24 + 4 * (16 + 60))
    expect(out.anomalies['pcap.record_truncated']).toBe(1)
  })

  it('endedEarly() is false for a whole stream and true for a cut one', async () => {
    const packed = await gzip(frame(5000, 1))
    const drain = async (bytes: Uint8Array) => {
      const src = gunzipSource(bytesSource(bytes, 'x.gz', 100))
      for await (const s of src.slices()) void s
      return src.endedEarly?.()
    }
    expect(await drain(packed)).toBe(false)
    expect(await drain(packed.subarray(0, packed.length - 6))).toBe(true)
  })

  it('a table in a cut gzip stream is read up to the damage and marked truncated', async () => {
    const text = 'src_addr,dst_addr,bytes\n' + Array.from({ length: 50 }, (_, i) => `10.0.0.${i},10.0.1.${i},${i * 10}`).join('\n') + '\n'
    const packed = await gzip(new TextEncoder().encode(text))
    const { report } = await readAll(packed.subarray(0, packed.length - 6), { dialect: 'generic-flow-csv' }, 64)
    expect(report.compression).toBe('gzip')
    expect(report.truncated).not.toBe(false)
  })
})
