/**
 * One conversation table (Ethernet, IP, TCP or UDP) in typed-array columns, with Wireshark's semantics
 * (https://www.wireshark.org/docs/wsug_html_chunked/ChStatConversations.html): a conversation is the unordered
 * pair of endpoints (address, port); side A is the source of its first packet; packets and bytes (frame length
 * on the wire) are kept per direction; start and end are the first and last packet times.
 *
 * TCP follows Wireshark's port-reuse rule (epan/dissectors/packet-tcp.c): a SYN without ACK whose sequence number
 * differs from the base sequence already recorded for its direction starts a new conversation on the same
 * ports. The base sequence of a direction is set by its first packet (seq for a SYN, seq - 1 otherwise).
 *
 * The table is an open-addressing index over row numbers; it stops adding rows at `maxRows` and counts what
 * does not fit as overflow (packets, bytes and a HyperLogLog of the distinct conversations), so memory stays
 * bounded whatever the input.
 */
import { hashUnorderedEndpoints } from '../lib/hash.ts'
import { HyperLogLog } from '../lib/hyperloglog.ts'

const SYN = 2
const ACK = 16
const RST = 4
const FIN = 1

/** Bits of the per-row `flags` column. */
export const ConvFlag = Object.freeze({
  SynFromA: 1,
  SynFromB: 2,
  BaseSeqA: 4,
  BaseSeqB: 8,
  /** A FIN or RST was seen (either side). */
  Closed: 16,
})

export const DEFAULT_MAX_CONVERSATIONS = 1 << 20

export class ConversationTable {
  readonly maxRows: number
  rows = 0
  addrA = new Uint32Array(1024)
  addrB = new Uint32Array(1024)
  portA = new Uint16Array(1024)
  portB = new Uint16Array(1024)
  packetsAB = new Float64Array(1024)
  packetsBA = new Float64Array(1024)
  bytesAB = new Float64Array(1024)
  bytesBA = new Float64Array(1024)
  first = new Float64Array(1024)
  last = new Float64Array(1024)
  flags = new Uint8Array(1024)
  baseSeqA = new Uint32Array(1024)
  baseSeqB = new Uint32Array(1024)
  /** Slot -> row + 1 (0 = empty). */
  private slots = new Int32Array(2048)
  private mask = 2047
  /** The row of the previous packet: consecutive packets of one conversation skip the hash. */
  private lastRow = -1
  overflowPackets = 0
  overflowBytes = 0
  readonly overflowDistinct = new HyperLogLog(12)

  constructor(maxRows = DEFAULT_MAX_CONVERSATIONS) {
    this.maxRows = Math.max(1, Math.floor(maxRows))
  }

  /** Conversations counted: the rows plus the estimated distinct conversations that overflowed. */
  get count(): number {
    return this.rows + (this.overflowPackets > 0 ? Math.round(this.overflowDistinct.estimate()) : 0)
  }

  /**
   * Adds one packet from (src, sport) to (dst, dport). For TCP pass its flags and sequence number, for other
   * tables pass tcpFlags = -1. Returns the row, or -1 when the packet went to overflow.
   */
  add(src: number, sport: number, dst: number, dport: number, time: number, bytes: number, tcpFlags: number, seq: number): number {
    let row = this.lastRow
    if (row < 0 || !this.matches(row, src, sport, dst, dport)) row = this.find(src, sport, dst, dport)
    if (row >= 0 && tcpFlags >= 0 && (tcpFlags & (SYN | ACK)) === SYN) {
      const fromA = this.addrA[row] === src && this.portA[row] === sport
      const bit = fromA ? ConvFlag.BaseSeqA : ConvFlag.BaseSeqB
      const base = fromA ? this.baseSeqA[row] : this.baseSeqB[row]
      if ((this.flags[row] & bit) !== 0 && base !== seq >>> 0) row = this.insert(src, sport, dst, dport, time, true)
    }
    if (row < 0) row = this.insert(src, sport, dst, dport, time, false)
    if (row < 0) {
      this.overflowPackets++
      this.overflowBytes += bytes
      this.overflowDistinct.addHash(hashUnorderedEndpoints(src, sport, dst, dport))
      return -1
    }
    this.lastRow = row
    const fromA = this.addrA[row] === src && this.portA[row] === sport
    if (fromA) {
      this.packetsAB[row]++
      this.bytesAB[row] += bytes
    } else {
      this.packetsBA[row]++
      this.bytesBA[row] += bytes
    }
    if (time < this.first[row]) this.first[row] = time
    if (time > this.last[row]) this.last[row] = time
    if (tcpFlags >= 0) this.noteTcp(row, fromA, tcpFlags, seq)
    return row
  }

  /** True when the packet from (src, sport) belongs to side A of the row. */
  isFromA(row: number, src: number, sport: number): boolean {
    return this.addrA[row] === src && this.portA[row] === sport
  }

  private noteTcp(row: number, fromA: boolean, tcpFlags: number, seq: number): void {
    let f = this.flags[row]
    const baseBit = fromA ? ConvFlag.BaseSeqA : ConvFlag.BaseSeqB
    if ((f & baseBit) === 0) {
      const base = (tcpFlags & SYN) !== 0 ? seq >>> 0 : (seq - 1) >>> 0
      if (fromA) this.baseSeqA[row] = base
      else this.baseSeqB[row] = base
      f |= baseBit
    }
    if ((tcpFlags & (SYN | ACK)) === SYN) f |= fromA ? ConvFlag.SynFromA : ConvFlag.SynFromB
    if ((tcpFlags & (FIN | RST)) !== 0) f |= ConvFlag.Closed
    this.flags[row] = f
  }

  private matches(row: number, src: number, sport: number, dst: number, dport: number): boolean {
    const a = this.addrA[row]
    const b = this.addrB[row]
    const pa = this.portA[row]
    const pb = this.portB[row]
    return (a === src && b === dst && pa === sport && pb === dport) || (a === dst && b === src && pa === dport && pb === sport)
  }

  private find(src: number, sport: number, dst: number, dport: number): number {
    const mask = this.mask
    const slots = this.slots
    for (let i = hashUnorderedEndpoints(src, sport, dst, dport) & mask, probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
      const r = slots[i] - 1
      if (r < 0) return -1
      if (this.matches(r, src, sport, dst, dport)) return r
    }
    return -1
  }

  /** Appends a row and points the index at it (replacing the old row of a reused tuple). -1 when full. */
  private insert(src: number, sport: number, dst: number, dport: number, time: number, replace: boolean): number {
    if (this.rows >= this.maxRows) return -1
    const row = this.rows++
    if (row >= this.addrA.length) this.growRows()
    this.addrA[row] = src
    this.addrB[row] = dst
    this.portA[row] = sport
    this.portB[row] = dport
    this.packetsAB[row] = 0
    this.packetsBA[row] = 0
    this.bytesAB[row] = 0
    this.bytesBA[row] = 0
    this.first[row] = time
    this.last[row] = time
    this.flags[row] = 0
    const mask = this.mask
    const slots = this.slots
    for (let i = hashUnorderedEndpoints(src, sport, dst, dport) & mask; ; i = (i + 1) & mask) {
      const r = slots[i] - 1
      if (r < 0) {
        slots[i] = row + 1
        break
      }
      if (replace && this.matches(r, src, sport, dst, dport)) {
        slots[i] = row + 1
        return row
      }
    }
    if (this.rows * 2 > mask) this.rehash()
    return row
  }

  private growRows(): void {
    const n = Math.min(this.addrA.length * 2, Math.max(this.maxRows, 1024))
    const grow = <T extends Uint32Array | Uint16Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n)
      b.set(a)
      return b
    }
    this.addrA = grow(this.addrA, (k) => new Uint32Array(k))
    this.addrB = grow(this.addrB, (k) => new Uint32Array(k))
    this.portA = grow(this.portA, (k) => new Uint16Array(k))
    this.portB = grow(this.portB, (k) => new Uint16Array(k))
    this.packetsAB = grow(this.packetsAB, (k) => new Float64Array(k))
    this.packetsBA = grow(this.packetsBA, (k) => new Float64Array(k))
    this.bytesAB = grow(this.bytesAB, (k) => new Float64Array(k))
    this.bytesBA = grow(this.bytesBA, (k) => new Float64Array(k))
    this.first = grow(this.first, (k) => new Float64Array(k))
    this.last = grow(this.last, (k) => new Float64Array(k))
    this.flags = grow(this.flags, (k) => new Uint8Array(k))
    this.baseSeqA = grow(this.baseSeqA, (k) => new Uint32Array(k))
    this.baseSeqB = grow(this.baseSeqB, (k) => new Uint32Array(k))
  }

  /**
   * Doubles the index. Only the newest row of each tuple is indexed, so rows are re-inserted newest first and
   * an older row whose tuple is already present is skipped.
   */
  private rehash(): void {
    const cap = this.slots.length * 2
    const slots = new Int32Array(cap)
    const mask = cap - 1
    for (let row = this.rows - 1; row >= 0; row--) {
      const src = this.addrA[row]
      const dst = this.addrB[row]
      const sport = this.portA[row]
      const dport = this.portB[row]
      for (let i = hashUnorderedEndpoints(src, sport, dst, dport) & mask; ; i = (i + 1) & mask) {
        const r = slots[i] - 1
        if (r < 0) {
          slots[i] = row + 1
          break
        }
        if (this.matches(r, src, sport, dst, dport)) break
      }
    }
    this.slots = slots
    this.mask = mask
  }
}
