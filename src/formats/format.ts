/**
 * What every input format implements, and the types that cross between a reader and the engine.
 * A reader streams its source slice by slice, carries leftover bytes across slices, and hands each record to a
 * sink as a view into the current slice (no copy, no object per packet).
 */
import type { AnomalyCounter } from '../model/anomalies.ts'

/** An input read in slices: a browser File, a Node file, or a decompressed stream. */
export interface ByteSource {
  /** The file name as the user gave it; used for display only, never to decide the format. */
  readonly name: string
  /** Total size in bytes when known before reading (not for a decompressed stream). */
  readonly size: number | null
  /** The first n bytes (fewer at end of input). Does not consume anything. */
  head(n: number): Promise<Uint8Array>
  /** The whole input from its start as successive slices; each slice may be transferred or reused after the next one is requested. */
  slices(signal?: AbortSignal): AsyncIterable<Uint8Array>
  /**
   * For a decompressed stream: true once slices() has ended because the compressed input was damaged or cut
   * before its end, so the bytes delivered are only a prefix of the content (readers then report truncation).
   */
  endedEarly?(): boolean
}

/** Receives one call per capture record. */
export interface PacketSink {
  /**
   * data[start, start + capLen) holds the captured bytes and is valid only during the call.
   * time is seconds since the Unix epoch; origLen is the length on the wire.
   */
  packet(linkType: number, time: number, origLen: number, data: Uint8Array, start: number, capLen: number): void
}

export interface ReadProgress {
  /** Bytes of the source consumed so far (compressed bytes for gzip). */
  readonly bytesRead: number
  readonly packets: number
}

export interface ReadOptions {
  readonly signal?: AbortSignal
  readonly onProgress?: (p: ReadProgress) => void
  /** File-level anomalies (bad timestamps, clamped lengths, skipped blocks) are counted here. */
  readonly anomalies: AnomalyCounter
}

export interface InterfaceInfo {
  readonly linkType: number
  readonly snaplen: number
  readonly name: string | null
  readonly description: string | null
  /** Seconds per timestamp unit (1e-6 for classic microsecond pcap). */
  readonly tsUnit: number
  readonly tsOffset: number
}

export interface ReadReport {
  readonly format: string
  /** Records in the file, decodable or not. */
  readonly packets: number
  /** Sum of captured lengths. */
  readonly capturedBytes: number
  /** Sum of original (on the wire) lengths. */
  readonly bytes: number
  /** Link types of the interfaces packets were read from, ascending. */
  readonly linkTypes: readonly number[]
  readonly interfaces: readonly InterfaceInfo[]
  /** Byte offset (in the decoded stream) of the first byte that could not be used, or false when the file ended cleanly. */
  readonly truncated: false | number
  /** File and section comments (escaped for display). */
  readonly comments: readonly string[]
  /** Finest timestamp resolution seen: 'micro', 'nano' or another resolution as seconds per unit. */
  readonly timePrecision: string
  readonly sections: number
}

export type FormatErrorCode =
  | 'not-recognised'
  | 'truncated-header'
  | 'unsupported-version'
  | 'bad-block'
  | 'bad-gzip'
  | 'too-large'
  /** A table whose columns no dialect recognises: its columns need a mapping (the mapping dialog). */
  | 'needs-mapping'

/** A file this format cannot read at all (as opposed to a bad record inside it, which is an anomaly). */
export class FormatError extends Error {
  constructor(readonly code: FormatErrorCode, message: string, readonly offset = 0) {
    super(message)
    this.name = 'FormatError'
  }
}

/** A capture format, registered once in registry.ts. */
export interface Format {
  readonly id: string
  readonly label: string
  /** Looks at the first bytes only; never throws. */
  sniff(head: Uint8Array): boolean
  read(source: ByteSource, sink: PacketSink, options: ReadOptions): Promise<ReadReport>
}

/** Thrown (as a DOMException-like error) when the signal aborts a read. */
export function isAbort(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: string }).name === 'AbortError'
}
