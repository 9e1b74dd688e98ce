/**
 * The slice loop shared by the length-framed capture readers (pcap records, pcapng blocks).
 *
 * A source arrives as slices of any size. Records that lie inside one slice are handed to the framer as views
 * into that slice (no copy). A record that straddles slices is assembled in one reusable scratch buffer that grows
 * only as its bytes actually arrive, so a hostile length field can never make us allocate more than the bytes
 * present (shared/RELIABILITY.md rows 7, 8 and 16).
 */
import type { ByteSource, ReadProgress } from './format.ts'

/** A length-framed record format, driven by readRecords. */
export interface RecordFramer {
  /** Bytes needed at a record start before measure() can tell the record's length. May change between records. */
  need: number
  /** Records handed to the sink so far (for progress). */
  readonly packets: number
  /**
   * Total length (>= need) of the record at buf[pos]; `at` is its offset in the stream. Returns -1 to stop reading
   * (the record is unusable: the framer has recorded the anomaly and the stream is truncated at `at`).
   * May throw FormatError to reject the whole input.
   */
  measure(buf: Uint8Array, view: DataView, pos: number, at: number): number
  /** Handles a complete record of `total` bytes at buf[pos]. Returns false to stop reading, truncated at `at`. */
  handle(buf: Uint8Array, view: DataView, pos: number, total: number, at: number): boolean
}

export interface RecordStreamResult {
  /** Offset of the first record that could not be used, or false when the input ended at a record boundary. */
  readonly truncated: false | number
  /** True when the input ended inside a record (as opposed to the framer stopping on bad data). */
  readonly endedInsideRecord: boolean
  /** Bytes of the stream consumed. */
  readonly bytesRead: number
}

export interface RecordStreamOptions {
  readonly signal?: AbortSignal
  readonly onProgress?: (p: ReadProgress) => void
}

/** Throws the standard AbortError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('The read was cancelled', 'AbortError')
}

/** Scratch buffer for the one record that straddles slices. Grows by doubling, never past twice the bytes received. */
export class Carry {
  buf = new Uint8Array(0)
  view = new DataView(this.buf.buffer)
  length = 0
  /** Total length of the carried record once measured, else 0. */
  total = 0
  /** Stream offset of the carried record's first byte. */
  at = 0

  /** Appends up to `want` bytes of src[from..], returns how many were taken. */
  append(src: Uint8Array, from: number, want: number): number {
    const n = Math.min(want, src.length - from)
    if (n <= 0) return 0
    const needed = this.length + n
    if (needed > this.buf.length) {
      const grown = new Uint8Array(Math.max(needed, Math.min(this.buf.length * 2, this.total || needed), 64))
      grown.set(this.buf.subarray(0, this.length))
      this.buf = grown
      this.view = new DataView(grown.buffer)
    }
    this.buf.set(src.subarray(from, from + n), this.length)
    this.length = needed
    return n
  }

  start(src: Uint8Array, from: number, at: number): void {
    this.length = 0
    this.total = 0
    this.at = at
    this.append(src, from, src.length - from)
  }

  clear(): void {
    this.length = 0
    this.total = 0
    // Drop a big buffer after a big record so one jumbo block does not pin memory for the rest of the read.
    if (this.buf.length > 1 << 20) {
      this.buf = new Uint8Array(0)
      this.view = new DataView(this.buf.buffer)
    }
  }
}

/**
 * Streams every record of `source` through `framer`. Stops at the first record the framer rejects or at the end
 * of input. Checks the signal between slices and reports progress once per slice.
 */
export async function readRecords(
  source: ByteSource,
  framer: RecordFramer,
  options: RecordStreamOptions,
): Promise<RecordStreamResult> {
  const { signal, onProgress } = options
  throwIfAborted(signal)
  const carry = new Carry()
  let base = 0
  let stoppedAt = -1
  for await (const slice of source.slices(signal)) {
    throwIfAborted(signal)
    const len = slice.length
    let pos = 0
    if (carry.length > 0) {
      // Finish the record that began in an earlier slice, one step at a time.
      if (carry.length < framer.need) pos += carry.append(slice, pos, framer.need - carry.length)
      if (carry.length >= framer.need && carry.total === 0) {
        const total = framer.measure(carry.buf, carry.view, 0, carry.at)
        if (!(total >= framer.need)) {
          stoppedAt = carry.at
          break
        }
        carry.total = total
      }
      if (carry.total > 0) {
        pos += carry.append(slice, pos, carry.total - carry.length)
        if (carry.length >= carry.total) {
          if (!framer.handle(carry.buf, carry.view, 0, carry.total, carry.at)) {
            stoppedAt = carry.at
            break
          }
          carry.clear()
        }
      }
    }
    if (carry.length === 0) {
      const view = new DataView(slice.buffer, slice.byteOffset, slice.byteLength)
      while (len - pos >= framer.need) {
        const total = framer.measure(slice, view, pos, base + pos)
        // A length below `need` (the framer's -1 included) would stall the loop: stop instead.
        if (!(total >= framer.need)) {
          stoppedAt = base + pos
          break
        }
        if (total > len - pos) {
          carry.start(slice, pos, base + pos)
          carry.total = total
          pos = len
          break
        }
        if (!framer.handle(slice, view, pos, total, base + pos)) {
          stoppedAt = base + pos
          break
        }
        pos += total
      }
      if (stoppedAt >= 0) break
      if (pos < len) carry.start(slice, pos, base + pos)
    }
    base += len
    onProgress?.({ bytesRead: base, packets: framer.packets })
  }
  if (stoppedAt >= 0) return { truncated: stoppedAt, endedInsideRecord: false, bytesRead: base }
  if (carry.length > 0) return { truncated: carry.at, endedInsideRecord: true, bytesRead: base }
  // A damaged or cut gzip stream can stop exactly between two records: still a truncation, at that point.
  if (source.endedEarly?.() === true) return { truncated: base, endedInsideRecord: true, bytesRead: base }
  return { truncated: false, endedInsideRecord: false, bytesRead: base }
}
