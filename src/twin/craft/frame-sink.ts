/**
 * Where crafted frames go. A FrameSink takes one Ethernet frame at a time with its time; the frame bytes are a
 * view valid only during the call (the crafter reuses its buffer), so a sink copies what it keeps. Sinks here:
 * in memory (tests), a tee, and a counter; pcap-sink.ts and pcapng-sink.ts write files, batch-sink.ts decodes
 * straight into packet batches so the analysis pipeline runs on the frames without a file in between.
 */

export interface FrameSink {
  /**
   * One frame: data[0, length), link type Ethernet. timeUs is microseconds since the Unix epoch; fractions are
   * kept (to about 0.25 us at today's epoch) for nanosecond outputs.
   */
  frame(timeUs: number, data: Uint8Array, length: number): void
}

/** A sink that must be closed (flushes buffered output). */
export interface ClosableFrameSink extends FrameSink {
  close(): void
}

export interface StoredFrame {
  readonly timeUs: number
  readonly data: Uint8Array
}

/** Keeps a copy of every frame (tests and small scenario previews only). */
export class MemoryFrameSink implements ClosableFrameSink {
  readonly frames: StoredFrame[] = []

  frame(timeUs: number, data: Uint8Array, length: number): void {
    this.frames.push({ timeUs, data: data.slice(0, length) })
  }

  close(): void {}
}

/** Counts frames and bytes, and the first and last time (generation benchmarks, dry runs). */
export class CountingFrameSink implements ClosableFrameSink {
  frames = 0
  bytes = 0
  firstUs = Number.NaN
  lastUs = Number.NaN

  frame(timeUs: number, _data: Uint8Array, length: number): void {
    if (this.frames === 0) this.firstUs = timeUs
    this.lastUs = timeUs
    this.frames++
    this.bytes += length
  }

  close(): void {}
}

/** Sends every frame to each of the sinks, in order. */
export class TeeFrameSink implements ClosableFrameSink {
  constructor(private readonly sinks: readonly FrameSink[]) {}

  frame(timeUs: number, data: Uint8Array, length: number): void {
    for (let i = 0; i < this.sinks.length; i++) this.sinks[i].frame(timeUs, data, length)
  }

  close(): void {
    for (const s of this.sinks) if ('close' in s && typeof s.close === 'function') (s as ClosableFrameSink).close()
  }
}
