/** Format registry (placeholder until the capture readers land). */
import type { ByteSource, Format } from './format.ts'
import { FormatError } from './format.ts'

export interface OpenedCapture {
  readonly format: Format
  /** The source to read: the original one, or its decompressed stream for gzip. */
  readonly source: ByteSource
  readonly compression: 'gzip' | null
}

export const formats: readonly Format[] = []

export async function openCapture(source: ByteSource): Promise<OpenedCapture> {
  throw new FormatError('not-recognised', `${source.name}: not a capture nettwin can read`)
}
