/**
 * The chunk buffer behind the pcap and pcapng sinks: records are appended in place, without an object per
 * record; when the next record does not fit, the filled part is handed to `write` (which owns it from then on,
 * unless the writer said it is done with a chunk when it returns) and a new chunk is started, so a file of any
 * size streams in chunks.
 */

const DEFAULT_CHUNK = 1 << 20

export interface ChunkOptions {
  /** Bytes per chunk handed to `write` (default 1 MiB; a record larger than this gets a chunk of its own size). */
  readonly chunkBytes?: number
  /**
   * True when `write` is done with a chunk when it returns (a synchronous file write): the chunk buffer is then
   * reused instead of a new one being allocated for every chunk.
   */
  readonly reuseChunks?: boolean
}

export class ChunkBuffer {
  buf: Uint8Array
  view: DataView
  /** Bytes filled in `buf`. */
  at = 0
  private readonly chunkBytes: number
  private readonly reuse: boolean

  constructor(private readonly write: (chunk: Uint8Array) => void, options: ChunkOptions = {}) {
    this.chunkBytes = Math.max(4096, options.chunkBytes ?? DEFAULT_CHUNK)
    this.reuse = options.reuseChunks ?? false
    this.buf = new Uint8Array(this.chunkBytes)
    this.view = new DataView(this.buf.buffer)
  }

  /** Makes room for `need` more bytes at `at`. */
  reserve(need: number): void {
    if (this.at + need <= this.buf.length) return
    if (this.at > 0) this.write(this.buf.subarray(0, this.at))
    this.at = 0
    if (this.reuse && need <= this.buf.length) return
    this.buf = new Uint8Array(Math.max(this.chunkBytes, need))
    this.view = new DataView(this.buf.buffer)
  }

  /** Hands over what is left. */
  close(): void {
    if (this.at > 0) this.write(this.buf.subarray(0, this.at))
    this.at = 0
  }
}
