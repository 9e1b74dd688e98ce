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
  /** The linked IP-pair row has this row's side B as its side A. */
  LinkFlipped: 32,
  /** A newer row took over this row's endpoints (TCP port reuse): packets of the tuple no longer come here. */
  Superseded: 64,
})

/**
 * Rows per conversation table (eth, ip, tcp, udp each): 2^18, about 25 MB per full table, a bounded share of
 * the 300 MB memory target however many pairs a capture holds; past it conversations are counted in the
 * overflow (HyperLogLog) and conversations.overflowPackets says so. The 2 GiB benchmark capture: 164k at most.
 */
export const DEFAULT_MAX_CONVERSATIONS = 1 << 18

// Row layout. Keys (uint32): side A address, side B address, portA << 16 | portB, flags (low 8 bits) with the
// linked IP-pair row + 1 (high 24 bits, 0 = none), base seq A, base seq B, and per direction the window stamp
// of the last packet (see stampDirection). 32 bytes: two rows per cache line.
const K_A = 0
const K_B = 1
const K_PORTS = 2
const K_FLAGS = 3
const K_SEQ_A = 4
const K_SEQ_B = 5
const K_STAMP_AB = 6
const K_STAMP_BA = 7
const KS = 8
const LINK_SHIFT = 8
const FLAGS_MASK = 0xff
/** Rows at or above this cannot be linked (24 bits hold row + 1). */
const MAX_LINK = (1 << 24) - 2
// Stats (double): packets A->B, packets B->A, bytes A->B, bytes B->A, first time, last time.
const S_PAB = 0
const S_PBA = 1
const S_BAB = 2
const S_BBA = 3
const S_FIRST = 4
const S_LAST = 5
const SS = 6

/**
 * Rows are stored row-major (one key row and one stats row per conversation) so a packet touches two or three
 * cache lines, not one per field; accessors read single fields for the after-the-fact consumers.
 */
export class ConversationTable {
  readonly maxRows: number
  rows = 0
  private keys = new Uint32Array(1024 * KS)
  private stats = new Float64Array(1024 * SS)
  /** Slot -> row + 1 (0 = empty). */
  private slots = new Int32Array(2048)
  private mask = 2047
  /** The row of the previous packet: consecutive packets of one conversation skip the hash. */
  private lastRow = -1
  overflowPackets = 0
  overflowBytes = 0
  readonly overflowDistinct = new HyperLogLog(12)
  /** Whether the packet of the last successful add() went from side A to side B. */
  lastFromA = true

  constructor(maxRows = DEFAULT_MAX_CONVERSATIONS) {
    this.maxRows = Math.max(1, Math.floor(maxRows))
  }

  /** Conversations counted: the rows plus the estimated distinct conversations that overflowed. */
  get count(): number {
    return this.rows + (this.overflowPackets > 0 ? Math.round(this.overflowDistinct.estimate()) : 0)
  }

  addrA(r: number): number { return this.keys[r * KS + K_A] }
  addrB(r: number): number { return this.keys[r * KS + K_B] }
  portA(r: number): number { return this.keys[r * KS + K_PORTS] >>> 16 }
  portB(r: number): number { return this.keys[r * KS + K_PORTS] & 0xffff }
  flags(r: number): number { return this.keys[r * KS + K_FLAGS] & FLAGS_MASK & ~ConvFlag.Superseded }
  packetsAB(r: number): number { return this.stats[r * SS + S_PAB] }
  packetsBA(r: number): number { return this.stats[r * SS + S_PBA] }
  bytesAB(r: number): number { return this.stats[r * SS + S_BAB] }
  bytesBA(r: number): number { return this.stats[r * SS + S_BBA] }
  first(r: number): number { return this.stats[r * SS + S_FIRST] }
  last(r: number): number { return this.stats[r * SS + S_LAST] }

  /**
   * Adds one packet from (src, sport) to (dst, dport). For TCP pass its flags and sequence number, for other
   * tables pass tcpFlags = -1. Returns the row, or -1 when the packet went to overflow.
   * `hint` is a row this packet's conversation probably has (e.g. the row its flow's previous packet went to);
   * it is used only when it still is the current row of these endpoints, which is then exactly the row the
   * lookup would find, so a hint saves the hash lookup and never changes the result.
   */
  add(src: number, sport: number, dst: number, dport: number, time: number, bytes: number, tcpFlags: number, seq: number, hint = -1): number {
    let row = this.lastRow
    if (row < 0 || !this.matches(row, src, sport, dst, dport)) {
      row = hint >= 0 && hint < this.rows && this.isCurrent(hint) && this.matches(hint, src, sport, dst, dport) ? hint : this.find(src, sport, dst, dport)
    }
    if (row >= 0 && tcpFlags >= 0 && (tcpFlags & (SYN | ACK)) === SYN) {
      const K0 = this.keys
      const k = row * KS
      const fromA = K0[k + K_A] === src && K0[k + K_PORTS] >>> 16 === sport
      const bit = fromA ? ConvFlag.BaseSeqA : ConvFlag.BaseSeqB
      const base = K0[k + (fromA ? K_SEQ_A : K_SEQ_B)]
      if ((K0[k + K_FLAGS] & bit) !== 0 && base !== seq >>> 0) row = this.insert(src, sport, dst, dport, time, true)
    }
    if (row < 0) row = this.insert(src, sport, dst, dport, time, false)
    if (row < 0) {
      this.overflowPackets++
      this.overflowBytes += bytes
      this.overflowDistinct.addHash(hashUnorderedEndpoints(src, sport, dst, dport))
      return -1
    }
    this.lastRow = row
    // Read the arrays only now: insert() may have replaced them with larger ones.
    const K = this.keys
    const k = row * KS
    const fromA = K[k + K_A] === src && K[k + K_PORTS] >>> 16 === sport
    const S = this.stats
    const s = row * SS
    if (fromA) {
      S[s + S_PAB]++
      S[s + S_BAB] += bytes
    } else {
      S[s + S_PBA]++
      S[s + S_BBA] += bytes
    }
    if (time < S[s + S_FIRST]) S[s + S_FIRST] = time
    if (time > S[s + S_LAST]) S[s + S_LAST] = time
    if (tcpFlags >= 0) this.noteTcp(k, fromA, tcpFlags, seq)
    this.lastFromA = fromA
    return row
  }

  /** Counts a packet on a known row (found through a link) without looking it up. */
  addToRow(row: number, fromA: boolean, time: number, bytes: number): void {
    const S = this.stats
    const s = row * SS
    if (fromA) {
      S[s + S_PAB]++
      S[s + S_BAB] += bytes
    } else {
      S[s + S_PBA]++
      S[s + S_BBA] += bytes
    }
    if (time < S[s + S_FIRST]) S[s + S_FIRST] = time
    if (time > S[s + S_LAST]) S[s + S_LAST] = time
  }

  /** The row of another table this row is linked to (a TCP/UDP row's IP-pair row), or -1. */
  link(row: number): number {
    return (this.keys[row * KS + K_FLAGS] >>> LINK_SHIFT) - 1
  }

  /** Whether the linked row's side A is this row's side B. */
  linkFlipped(row: number): boolean {
    return (this.keys[row * KS + K_FLAGS] & ConvFlag.LinkFlipped) !== 0
  }

  setLink(row: number, other: number, flipped: boolean): void {
    if (other < 0 || other > MAX_LINK) return
    const k = row * KS + K_FLAGS
    const f = (this.keys[k] & FLAGS_MASK & ~ConvFlag.LinkFlipped) | (flipped ? ConvFlag.LinkFlipped : 0)
    this.keys[k] = (((other + 1) << LINK_SHIFT) | f) >>> 0
  }

  /**
   * Records that the row saw a packet in direction fromA during the window identified by `stamp`; returns
   * true when it had already seen one in that direction and window (so everything a packet of that direction
   * implies for the window, e.g. its (source, destination) pair, is already counted).
   */
  stampDirection(row: number, fromA: boolean, stamp: number): boolean {
    const k = row * KS + (fromA ? K_STAMP_AB : K_STAMP_BA)
    if (this.keys[k] === stamp) return true
    this.keys[k] = stamp
    return false
  }

  /** True when the packet from (src, sport) belongs to side A of the row. */
  isFromA(row: number, src: number, sport: number): boolean {
    return this.addrA(row) === src && this.portA(row) === sport
  }

  private noteTcp(k: number, fromA: boolean, tcpFlags: number, seq: number): void {
    const K = this.keys
    let f = K[k + K_FLAGS]
    const baseBit = fromA ? ConvFlag.BaseSeqA : ConvFlag.BaseSeqB
    if ((f & baseBit) === 0) {
      K[k + (fromA ? K_SEQ_A : K_SEQ_B)] = (tcpFlags & SYN) !== 0 ? seq >>> 0 : (seq - 1) >>> 0
      f |= baseBit
    }
    if ((tcpFlags & (SYN | ACK)) === SYN) f |= fromA ? ConvFlag.SynFromA : ConvFlag.SynFromB
    if ((tcpFlags & (FIN | RST)) !== 0) f |= ConvFlag.Closed
    K[k + K_FLAGS] = f
  }

  /** False once a newer row has taken over this row's endpoints (only current rows are in the index). */
  private isCurrent(row: number): boolean {
    return (this.keys[row * KS + K_FLAGS] & ConvFlag.Superseded) === 0
  }

  private matches(row: number, src: number, sport: number, dst: number, dport: number): boolean {
    const K = this.keys
    const k = row * KS
    const a = K[k + K_A]
    const b = K[k + K_B]
    const ports = K[k + K_PORTS]
    const pa = ports >>> 16
    const pb = ports & 0xffff
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
    if ((row + 1) * KS > this.keys.length) this.growRows()
    const k = row * KS
    this.keys.fill(0, k, k + KS)
    this.keys[k + K_A] = src
    this.keys[k + K_B] = dst
    this.keys[k + K_PORTS] = ((sport << 16) | dport) >>> 0
    const s = row * SS
    this.stats.fill(0, s, s + SS)
    this.stats[s + S_FIRST] = time
    this.stats[s + S_LAST] = time
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
        this.keys[r * KS + K_FLAGS] |= ConvFlag.Superseded
        return row
      }
    }
    if (this.rows * 2 > mask) this.rehash()
    return row
  }

  /** Grows the row arrays by half (not by double: the slack at the end of a big capture is then a third less). */
  private growRows(): void {
    const cur = this.keys.length / KS
    const n = Math.min(Math.max(cur + 1, Math.floor(cur * 1.5)), Math.max(this.maxRows, 1024))
    const keys = new Uint32Array(n * KS)
    keys.set(this.keys)
    const stats = new Float64Array(n * SS)
    stats.set(this.stats)
    this.keys = keys
    this.stats = stats
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
      const src = this.addrA(row)
      const dst = this.addrB(row)
      const sport = this.portA(row)
      const dport = this.portB(row)
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
