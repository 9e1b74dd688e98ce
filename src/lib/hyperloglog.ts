/**
 * HyperLogLog distinct counter over 32-bit hashes (Flajolet, Fusy, Gandouet, Meunier 2007,
 * https://algo.inria.fr/flajolet/Publications/FlFuGaMe07.pdf), with the paper's small-range (linear counting)
 * and large-range corrections. m = 2^p one-byte registers; relative standard error 1.04 / sqrt(m)
 * (p = 12: 4 KiB, 1.6 %). Two sketches with the same precision merge by taking register maxima, which gives
 * exactly the sketch of the union.
 */
import { fmix32 } from './hash.ts'

export const HLL_MIN_PRECISION = 4
export const HLL_MAX_PRECISION = 16

const TWO_32 = 4294967296

export class HyperLogLog {
  readonly precision: number
  readonly registers: Uint8Array
  private readonly shift: number

  /** The registers may be a view into a shared pool (see DistinctPerKey); they must be zeroed. */
  constructor(precision = 12, registers?: Uint8Array) {
    const p = Math.min(HLL_MAX_PRECISION, Math.max(HLL_MIN_PRECISION, Math.floor(precision)))
    this.precision = p
    this.shift = 32 - p
    this.registers = registers && registers.length === 1 << p ? registers : new Uint8Array(1 << p)
  }

  /** Relative standard error of the estimate (one sigma). */
  get relativeStandardError(): number {
    return 1.04 / Math.sqrt(this.registers.length)
  }

  /** Adds a value that is already a well-mixed 32-bit hash. Returns true when a register grew. */
  addHash(hash: number): boolean {
    const h = hash >>> 0
    const index = h >>> this.shift
    // The remaining bits, with a sentinel one so the run of leading zeros is at most 32 - p.
    const rest = ((h << this.precision) | (1 << (this.precision - 1))) >>> 0
    const rank = Math.clz32(rest) + 1
    if (rank > this.registers[index]) {
      this.registers[index] = rank
      return true
    }
    return false
  }

  /** Adds a uint32 value (an address id, a port): hashed with fmix32, a bijection, so no collisions. */
  add(value: number): boolean {
    return this.addHash(fmix32(value))
  }

  estimate(): number {
    const regs = this.registers
    const m = regs.length
    let sum = 0
    let zeros = 0
    for (let i = 0; i < m; i++) {
      const r = regs[i]
      sum += 1 / 2 ** r
      if (r === 0) zeros++
    }
    const alpha = m === 16 ? 0.673 : m === 32 ? 0.697 : m === 64 ? 0.709 : 0.7213 / (1 + 1.079 / m)
    const raw = (alpha * m * m) / sum
    if (raw <= 2.5 * m && zeros > 0) return m * Math.log(m / zeros)
    if (raw > TWO_32 / 30) return -TWO_32 * Math.log(1 - Math.min(raw / TWO_32, 1 - 1e-12))
    return raw
  }

  /** Folds another sketch of the same precision into this one (register-wise maximum). */
  merge(other: HyperLogLog): void {
    if (other.precision !== this.precision) throw new RangeError('HyperLogLog precision mismatch')
    const a = this.registers
    const b = other.registers
    for (let i = 0; i < a.length; i++) if (b[i] > a[i]) a[i] = b[i]
  }

  clear(): void {
    this.registers.fill(0)
  }

  isEmpty(): boolean {
    const regs = this.registers
    for (let i = 0; i < regs.length; i++) if (regs[i] !== 0) return false
    return true
  }
}
