/**
 * What the table does past its flow cap (FlowTableOptions.maxFlows): packets of flows that would have to be
 * created are not stored per flow; their packets and bytes are counted exactly and the number of distinct flow
 * keys among them is estimated with a HyperLogLog sketch (Flajolet et al. 2007; 2^12 registers, standard error
 * about 1.6%, with the small-range linear-counting correction). This is the one place where an exact count
 * gives way to a sketch, and the table reports it as `overflow`.
 */
const P = 12
const M = 1 << P
const ALPHA = 0.7213 / (1 + 1.079 / M)

/** A FlowOverflow as plain data. */
export interface ExportedOverflow {
  readonly packets: number
  readonly bytes: number
  readonly registers: Uint8Array
}

export class FlowOverflow {
  packets = 0
  bytes = 0
  private readonly registers = new Uint8Array(M)

  /** Counts a packet of an unstored flow whose key hash is `hash` (32 bits). */
  add(hash: number, bytes: number): void {
    this.packets++
    this.bytes += bytes
    // Re-mix so register choice and rank use independent bits.
    let h = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b)
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b)
    h ^= h >>> 16
    const idx = h >>> (32 - P)
    const rest = (h << P) | (1 << (P - 1)) // guard bit bounds the rank
    const rank = Math.clz32(rest) + 1
    if (rank > this.registers[idx]) this.registers[idx] = rank
  }

  /** Counts and registers as plain data for another thread (flow-transfer.ts). */
  exportOverflow(): ExportedOverflow {
    return { packets: this.packets, bytes: this.bytes, registers: this.registers.slice() }
  }

  /** Takes over what another table's overflow counted (exportOverflow). */
  adoptOverflow(e: ExportedOverflow): void {
    if (!(e.registers instanceof Uint8Array) || e.registers.length !== M) throw new Error('flow overflow: not an exported sketch')
    this.packets = e.packets
    this.bytes = e.bytes
    this.registers.set(e.registers)
  }

  /** Estimated number of distinct flow keys among the unstored packets. */
  get estimatedFlows(): number {
    if (this.packets === 0) return 0
    let sum = 0
    let zeros = 0
    for (let i = 0; i < M; i++) {
      sum += 2 ** -this.registers[i]
      if (this.registers[i] === 0) zeros++
    }
    const e = (ALPHA * M * M) / sum
    if (e <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros))
    return Math.round(e)
  }
}
