import { describe, expect, it } from 'vitest'
import { AnomalyCounter } from '../model/anomalies.ts'
import { FormatError } from './format.ts'
import { writePcap } from './pcap-writer.ts'
import { writePcapng } from './pcapng-writer.ts'
import { CollectingSink, frame } from './read-test-utils.ts'
import { formats, openCapture } from './registry.ts'
import { bytesSource } from './sources.ts'

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

async function rejection(bytes: Uint8Array, name = 'upload.pcap'): Promise<FormatError> {
  try {
    await openCapture(bytesSource(bytes, name))
  } catch (e) {
    if (e instanceof FormatError) return e
    throw e
  }
  throw new Error('expected a FormatError')
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const pcapBytes = writePcap([{ time: 1, data: frame(60) }])
const pcapngBytes = writePcapng((w) => {
  w.addInterface({ linkType: 1 })
  w.packet({ interfaceId: 0, time: 1, data: frame(60) })
})

describe('openCapture', () => {
  it('lists pcapng before pcap', () => {
    expect(formats.map((f) => f.id)).toEqual(['pcapng', 'pcap'])
  })

  it('decides by content, never by the file name', async () => {
    expect((await openCapture(bytesSource(pcapngBytes, 'misnamed.pcap'))).format.id).toBe('pcapng')
    expect((await openCapture(bytesSource(pcapBytes, 'misnamed.pcapng'))).format.id).toBe('pcap')
    expect((await openCapture(bytesSource(pcapBytes, 'no-extension'))).compression).toBeNull()
  })

  it('unwraps gzip and sniffs the content inside', async () => {
    const opened = await openCapture(bytesSource(await gzip(pcapngBytes), 'trace.pcapng.gz'))
    expect(opened.format.id).toBe('pcapng')
    expect(opened.compression).toBe('gzip')
    const sink = new CollectingSink()
    const report = await opened.format.read(opened.source, sink, { anomalies: new AnomalyCounter() })
    expect(report.packets).toBe(1)
    expect(sink.packets[0].capLen).toBe(60)
  })

  it('says what the content looks like when it is not a capture', async () => {
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(0), /empty/],
      [Uint8Array.of(0xa1, 0xb2), /only 2 byte/],
      [text('ts,src,dst,bytes\n1,10.0.0.1,10.0.0.2,60\n'), /CSV.*first line: "ts,src,dst,bytes"/],
      [text('<!DOCTYPE html><html><body>download</body></html>'), /HTML page/],
      [text('  {"packets": []}'), /JSON/],
      [Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0), /zip archive/],
      [text('hello world, this is a note\n'), /text|CSV/],
      [Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 0x80, 0x81), /unknown binary data \(starts with de ad be ef 00 01 02 03 80 81\)/],
    ]
    for (const [bytes, pattern] of cases) {
      const e = await rejection(bytes)
      expect(e.code).toBe('not-recognised')
      expect(e.message).toMatch(pattern)
      expect(e.message).toContain('upload.pcap')
    }
  })

  it('escapes file text quoted in the message', async () => {
    const e = await rejection(text('time,source\u202e,bell\u0007,destination,protocol,length,info\n' + '1,10.0.0.1,x,10.0.0.2,TCP,60,SYN\n'.repeat(5)))
    expect(e.message).toContain('\\u{202e}')
    expect(e.message).toContain('\\x07')
  })

  it('reports a gzip file with other content, and a broken gzip file, specifically', async () => {
    const inner = await rejection(await gzip(text('name,value\nx,1\n')), 'table.csv.gz')
    expect(inner.code).toBe('not-recognised')
    expect(inner.message).toMatch(/gzip file whose content is not a capture.*CSV/)
    const broken = await rejection(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff), 'x.gz')
    expect(broken.code).toBe('bad-gzip')
  })
})
