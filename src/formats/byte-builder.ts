/**
 * A growable byte buffer for the capture writers: little- or big-endian integer appends, and take() to hand out
 * what was written so far, so a writer can stream a file of any size in chunks.
 */
export class ByteBuilder {
  private buf: Uint8Array
  private view: DataView
  length = 0

  constructor(initialCapacity = 64 * 1024) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity))
    this.view = new DataView(this.buf.buffer)
  }

  private reserve(n: number): void {
    const needed = this.length + n
    if (needed <= this.buf.length) return
    let cap = this.buf.length * 2
    while (cap < needed) cap *= 2
    const grown = new Uint8Array(cap)
    grown.set(this.buf.subarray(0, this.length))
    this.buf = grown
    this.view = new DataView(grown.buffer)
  }

  u8(v: number): void {
    this.reserve(1)
    this.buf[this.length++] = v
  }

  u16(v: number, littleEndian: boolean): void {
    this.reserve(2)
    this.view.setUint16(this.length, v, littleEndian)
    this.length += 2
  }

  u32(v: number, littleEndian: boolean): void {
    this.reserve(4)
    this.view.setUint32(this.length, v >>> 0, littleEndian)
    this.length += 4
  }

  i64(v: bigint, littleEndian: boolean): void {
    this.reserve(8)
    this.view.setBigInt64(this.length, v, littleEndian)
    this.length += 8
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length)
    this.buf.set(b, this.length)
    this.length += b.length
  }

  /** Zero bytes up to the next multiple of 4. */
  pad4(): void {
    while (this.length % 4 !== 0) this.u8(0)
  }

  /** Overwrites a 32-bit value already written (block lengths are known only at the end of a block). */
  setU32(at: number, v: number, littleEndian: boolean): void {
    this.view.setUint32(at, v >>> 0, littleEndian)
  }

  /** Returns a copy of the bytes written since the last take and starts over (capacity is kept). */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.length)
    this.length = 0
    return out
  }
}

/** Concatenates chunks (used by the one-shot writers for small files). */
export function concatChunks(chunks: readonly Uint8Array[]): Uint8Array {
  let n = 0
  for (const c of chunks) n += c.length
  const out = new Uint8Array(n)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}
