/**
 * The capture formats nettwin reads, in priority order, and the one place that decides the format of an input:
 * from its content, never from its file name. gzip is unwrapped first and the inner content sniffed again.
 */
import type { ByteSource, Format } from './format.ts'
import { FormatError } from './format.ts'
import { gunzipSource, isGzip } from './gzip.ts'
import { pcap } from './pcap.ts'
import { pcapng } from './pcapng.ts'
import { describeUnknownContent } from './content-hints.ts'

export interface OpenedCapture {
  readonly format: Format
  /** The source to read: the original one, or its decompressed stream for gzip. */
  readonly source: ByteSource
  readonly compression: 'gzip' | null
}

export const formats: readonly Format[] = [pcapng, pcap]

/** Bytes looked at to decide the format (and to describe content we do not read). */
const SNIFF_BYTES = 512

function findFormat(head: Uint8Array): Format | null {
  for (const f of formats) if (f.sniff(head)) return f
  return null
}

/**
 * Picks the reader for `source`. Throws FormatError('not-recognised') with a message that says what the content
 * looks like instead, or FormatError('bad-gzip') for a gzip stream that cannot be decompressed.
 */
export async function openCapture(source: ByteSource): Promise<OpenedCapture> {
  const head = await source.head(SNIFF_BYTES)
  const direct = findFormat(head)
  if (direct) return { format: direct, source, compression: null }
  if (isGzip(head)) {
    const inner = gunzipSource(source)
    const innerHead = await inner.head(SNIFF_BYTES)
    const format = findFormat(innerHead)
    if (format) return { format, source: inner, compression: 'gzip' }
    throw new FormatError(
      'not-recognised',
      `${source.name}: a gzip file whose content is not a capture: ${describeUnknownContent(innerHead)}`,
    )
  }
  throw new FormatError('not-recognised', `${source.name}: not a pcap or pcapng capture: ${describeUnknownContent(head)}`)
}
