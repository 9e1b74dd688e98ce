/**
 * Reader worker: reads the File the engine worker analyses, slice by slice, and hands each slice over as a
 * transferred buffer, so the file is read while the engine parses (file-reading.ts says why that needs a
 * thread of its own). Started by the engine worker for one read (reader-source.ts) and ended by it.
 */
import { Credits, readSlices, type ReadRequest, type ReaderAck, type ReaderMessage } from './file-reading.ts'

interface ReaderScope {
  onmessage: ((event: MessageEvent<ReadRequest | ReaderAck>) => void) | null
  postMessage(message: ReaderMessage, transfer?: Transferable[]): void
}

const scope = self as unknown as ReaderScope
const credits = new Credits()
let started = false

scope.onmessage = (event) => {
  const data = event.data
  if ('kind' in data) {
    if (data.kind === 'ack') credits.grant()
    return
  }
  // One read per worker: a second request is a bug on the other side, not a reason to read twice.
  if (started) return
  started = true
  readSlices(data, (buffer, length) => scope.postMessage({ kind: 'slice', buffer, length }, [buffer]), () => credits.next()).then(
    () => scope.postMessage({ kind: 'end' }),
    (e: unknown) => {
      const name = e instanceof Error || e instanceof DOMException ? e.name : 'NotReadableError'
      const message = e instanceof Error || e instanceof DOMException ? e.message : String(e)
      scope.postMessage({ kind: 'error', name, message })
    },
  )
}
