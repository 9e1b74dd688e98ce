/**
 * A benchmark capture on its way to disk: pcap records gathered by the project's writer and flushed in 4 MiB
 * chunks to a temporary name, renamed into place only when complete, so an interrupted run never leaves a
 * partial file that a later run would take for a finished one.
 */
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { PcapWriter } from '../src/formats/pcap-writer.ts'

const FLUSH_BYTES = 4 * 1024 * 1024

export class PcapFileOut {
  private readonly writer = new PcapWriter({ snaplen: 65535 })
  /** Bytes flushed to the file so far. */
  flushed = 0
  packets = 0

  private constructor(
    private readonly path: string,
    private readonly tmp: string,
    private readonly file: FileHandle,
  ) {}

  static async create(path: string): Promise<PcapFileOut> {
    // A fresh clone has no bench/out/ yet (it is ignored by git).
    await mkdir(dirname(path), { recursive: true })
    const tmp = `${path}.partial`
    return new PcapFileOut(path, tmp, await open(tmp, 'w'))
  }

  /** Bytes of the file once finished, if nothing more were added. */
  get size(): number {
    return this.flushed + this.writer.pending
  }

  /**
   * Adds one record. Returns true when a flush is due: the caller awaits flush() then (not a promise per
   * record, which would cost more than writing the record).
   */
  add(seconds: number, micros: number, frame: Uint8Array): boolean {
    this.writer.rawRecord(seconds, micros, frame)
    this.packets++
    return this.writer.pending >= FLUSH_BYTES
  }

  async flush(): Promise<void> {
    const chunk = this.writer.take()
    await this.file.write(chunk)
    this.flushed += chunk.length
  }

  /** Writes what is left and puts the file in place; returns its size. */
  async finish(): Promise<number> {
    await this.flush()
    await this.file.close()
    await rename(this.tmp, this.path)
    return this.flushed
  }

  /** Closes and removes the temporary file (after an error). */
  async abandon(): Promise<void> {
    await this.file.close()
    await rm(this.tmp, { force: true })
  }
}
