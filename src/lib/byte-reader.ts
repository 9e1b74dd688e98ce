/**
 * The one bounds-checked reader every decoder goes through (shared/RELIABILITY.md row 40).
 *
 * A plain Uint8Array read past its end yields undefined and silently turns arithmetic into NaN; this reader
 * throws Truncated instead, and the frame decoder catches it once per packet (the pattern of tcpdump's
 * longjmp and Wireshark's ReportedBoundsError). Reads are absolute (`u16(at)`) so one reader can be shared by
 * all layers of a packet without allocation: a layer narrows `end` to its own length when it knows it.
 */
export class Truncated extends Error {
  constructor(readonly at: number, readonly need: number) {
    super(`truncated: need ${need} byte(s) at offset ${at}`)
    this.name = 'Truncated'
  }
}

export class ByteReader {
  buf: Uint8Array = new Uint8Array(0)
  /** First byte of the current frame. */
  start = 0
  /** One past the last readable byte. */
  end = 0

  reset(buf: Uint8Array, start: number, end: number): this {
    // Once per packet, and the buffer changes only once per input slice. Storing a young object into an old
    // one costs a write-barrier call every time, so store only when it changes.
    if (this.buf !== buf) this.buf = buf
    this.start = start
    this.end = Math.min(end, buf.length)
    return this
  }

  /** Bytes readable from absolute offset `at` (0 when at is past the end). */
  left(at: number): number {
    return at < this.end ? this.end - at : 0
  }

  has(at: number, n: number): boolean {
    return at >= 0 && n >= 0 && at + n <= this.end
  }

  need(at: number, n: number): void {
    if (!(at >= 0 && n >= 0 && at + n <= this.end)) throw new Truncated(at, n)
  }

  u8(at: number): number {
    if (at < 0 || at >= this.end) throw new Truncated(at, 1)
    return this.buf[at]
  }

  u16(at: number): number {
    if (at < 0 || at + 2 > this.end) throw new Truncated(at, 2)
    const b = this.buf
    return (b[at] << 8) | b[at + 1]
  }

  u24(at: number): number {
    if (at < 0 || at + 3 > this.end) throw new Truncated(at, 3)
    const b = this.buf
    return (b[at] << 16) | (b[at + 1] << 8) | b[at + 2]
  }

  u32(at: number): number {
    if (at < 0 || at + 4 > this.end) throw new Truncated(at, 4)
    const b = this.buf
    return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0
  }

  /**
   * The same 4 bytes as u32 as a signed int32. For values that are only stored in a Uint32Array column or
   * interned (addresses, sequence numbers): an int32 stays a small integer in the engine, whereas a uint32 of
   * 2^31 or more becomes a heap-allocated number whenever it is returned from or passed to a call that was not
   * inlined (half of all addresses and sequence numbers: measurable garbage per packet).
   */
  i32(at: number): number {
    if (at < 0 || at + 4 > this.end) throw new Truncated(at, 4)
    const b = this.buf
    return (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]
  }

  u16le(at: number): number {
    if (at < 0 || at + 2 > this.end) throw new Truncated(at, 2)
    const b = this.buf
    return b[at] | (b[at + 1] << 8)
  }

  u32le(at: number): number {
    if (at < 0 || at + 4 > this.end) throw new Truncated(at, 4)
    const b = this.buf
    return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0
  }

  /** A view (no copy) of n bytes at `at`. */
  view(at: number, n: number): Uint8Array {
    this.need(at, n)
    return this.buf.subarray(at, at + n)
  }
}
