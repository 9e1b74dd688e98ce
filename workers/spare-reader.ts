/**
 * One reader worker started ahead of the next read. Starting a worker (a thread, a JavaScript isolate, its
 * module) at the moment a file is dropped competed for the two cores with the page's own handling of the drop,
 * which then ran as a 50-60 ms task by the clock for ~10 ms of its own CPU; started during idle time instead,
 * the reader is ready when the file comes. A spare that fails to start is dropped, never handed out (its
 * error event would have fired before anyone listened).
 */
import type { ReaderPort } from './reader-source.ts'

export class SpareReader {
  private spare: ReaderPort | null = null
  private spareFailed = false
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly create: () => ReaderPort | null) {}

  /** The spare if one is ready, else a new reader (null where none can start). Never the same one twice. */
  take(): ReaderPort | null {
    const ready = this.spare !== null && !this.spareFailed ? this.spare : null
    if (ready === null) this.spare?.terminate()
    this.spare = null
    if (ready !== null) {
      ready.onerror = null
      return ready
    }
    try {
      return this.create()
    } catch {
      return null
    }
  }

  /** Starts a spare after `delayMs`, unless one is waiting or already scheduled. */
  prepare(delayMs: number): void {
    if (this.spare !== null || this.timer !== null) return
    this.timer = setTimeout(() => {
      this.timer = null
      if (this.spare !== null) return
      try {
        const port = this.create()
        if (port === null) return
        this.spareFailed = false
        port.onerror = () => {
          this.spareFailed = true
        }
        this.spare = port
      } catch {
        this.spare = null
      }
    }, delayMs)
  }
}
