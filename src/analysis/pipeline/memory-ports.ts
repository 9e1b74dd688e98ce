/**
 * Two connected in-memory pipeline ports (messages.ts) for running both sides in one thread: tests, and a
 * fallback where no second thread is available. Messages arrive asynchronously and in order (held until the
 * other end listens), through structuredClone with the transfer list, so a transferred buffer is detached on
 * the sending side exactly as between threads.
 */
import type { PipelinePort } from './messages.ts'

class Mailbox<M> {
  private readonly queue: M[] = []
  private handler: ((m: M) => void) | null = null
  private scheduled = false

  put(m: M): void {
    this.queue.push(m)
    this.schedule()
  }

  listen(handler: (m: M) => void): void {
    this.handler = handler
    this.schedule()
  }

  private schedule(): void {
    if (this.scheduled || this.handler === null || this.queue.length === 0) return
    this.scheduled = true
    setTimeout(() => {
      this.scheduled = false
      const m = this.queue.shift()
      if (m !== undefined && this.handler !== null) this.handler(m)
      this.schedule()
    }, 0)
  }
}

/** Ports [a, b]: what a posts, b's listener receives, and the other way round. */
export function memoryPorts<A, B>(): [PipelinePort<B, A>, PipelinePort<A, B>] {
  const toA = new Mailbox<B>()
  const toB = new Mailbox<A>()
  return [
    { post: (m, transfer) => toB.put(structuredClone(m, { transfer })), listen: (h) => toA.listen(h) },
    { post: (m, transfer) => toA.put(structuredClone(m, { transfer })), listen: (h) => toB.listen(h) },
  ]
}
