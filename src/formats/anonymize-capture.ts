/**
 * An anonymised copy of a capture (pcap, pcapng, gzip of either) for export: every record is read with the
 * project's readers, its addresses rewritten by src/lib/anonymize/frame-rewrite.ts (checksums kept right), and
 * written to a new pcapng file (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html) with one
 * interface per link type and nanosecond timestamps. Nothing else of the input is copied: no comments, interface
 * names or descriptions, name resolution or decryption-secrets blocks, since any of them may name a host. Records
 * of a link type the rewriter does not know are dropped (and counted), never copied with their addresses.
 */
import { rewriteFrameAddresses } from '../lib/anonymize/frame-rewrite.ts'
import type { Anonymizer } from '../lib/anonymize/anonymizer.ts'
import { AnomalyCounter } from '../model/anomalies.ts'
import type { ByteSource, PacketSink } from './format.ts'
import { PcapngWriter } from './pcapng-writer.ts'
import { openCapture } from './registry.ts'

export interface AnonymizedCapture {
  /** The new capture (pcapng), as parts to join or hand to new Blob(). */
  readonly parts: Uint8Array[]
  readonly packets: number
  /** Records dropped because their link type is not one whose addresses can be rewritten. */
  readonly dropped: number
  readonly truncated: boolean
}

/** Writes anonymised copies of the records it receives. */
class AnonymizingSink implements PacketSink {
  readonly writer = new PcapngWriter({ littleEndian: true })
  readonly parts: Uint8Array[] = []
  private readonly interfaces = new Map<number, number>()
  packets = 0
  dropped = 0

  constructor(private readonly anon: Anonymizer) {}

  packet(linkType: number, time: number, origLen: number, data: Uint8Array, start: number, capLen: number): void {
    const frame = data.slice(start, start + capLen)
    if (!rewriteFrameAddresses(this.anon, linkType, frame, 0, frame.length)) {
      this.dropped++
      return
    }
    let id = this.interfaces.get(linkType)
    if (id === undefined) {
      id = this.writer.addInterface({ linkType: linkType & 0xffff, tsresol: 9 })
      this.interfaces.set(linkType, id)
    }
    const t = Number.isFinite(time) && time >= 0 ? time : 0
    this.writer.packet({ interfaceId: id, time: t, data: frame, origLen: Math.max(origLen, frame.length) })
    this.packets++
    // Hand the bytes written so far on now and then, so a large capture is never held twice over in one array.
    if (this.writer.pending >= 4 << 20) this.parts.push(this.writer.take())
  }
}

/** Reads `source` and returns its anonymised pcapng copy. Throws FormatError when it is not a capture. */
export async function anonymizeCapture(source: ByteSource, anon: Anonymizer, signal?: AbortSignal): Promise<AnonymizedCapture> {
  const opened = await openCapture(source)
  const sink = new AnonymizingSink(anon)
  const report = await opened.format.read(opened.source, sink, { anomalies: new AnomalyCounter(), signal })
  sink.parts.push(sink.writer.take())
  return { parts: sink.parts, packets: sink.packets, dropped: sink.dropped, truncated: report.truncated !== false }
}

/** The MIME type of what anonymizeCapture writes. */
export const ANONYMIZED_CAPTURE_TYPE = 'application/x-pcapng'
