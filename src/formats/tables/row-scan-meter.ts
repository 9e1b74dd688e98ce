/**
 * Test-only helper: counts the bytes RowReader hands to its row scanner, so tests can show the work on hostile
 * input is linear in the input (an unfinished row is rescanned only when the pending bytes have doubled), a
 * deterministic stand-in for a wall-clock bound. Spies on the private `scan(buf, n, final)`, which scans buf[0, n).
 */
import { RowReader } from './row-reader.ts'

type Scan = (buf: Uint8Array, n: number, final: boolean) => number

export interface RowScanMeter {
  /** Bytes offered to the scanner since the meter started. */
  scanned(): number
  reset(): void
  /** Puts the original scanner back; call when done (a plain wrapper, so no call is recorded or retained). */
  restore(): void
}

export function meterRowScans(): RowScanMeter {
  let scanned = 0
  const proto = RowReader.prototype as unknown as { scan: Scan }
  const original = proto.scan
  proto.scan = function (this: unknown, buf: Uint8Array, n: number, final: boolean): number {
    scanned += n
    return original.call(this, buf, n, final)
  }
  return {
    scanned: () => scanned,
    reset: () => void (scanned = 0),
    restore: () => void (proto.scan = original),
  }
}
