/**
 * Per-window traffic aggregates, globally and per host: packets, bytes, flows started, failed connections,
 * distinct destination hosts and ports, DNS queries and NXDOMAINs, TLS handshakes, protocol and port mix,
 * RTT and jitter quantiles, retransmission ratio.
 *
 * Bucket size, chosen by capture length (last packet time - first packet time):
 *   up to 5 minutes -> 1 s windows (at most 300), up to 1 hour -> 10 s (at most 360), longer -> 60 s.
 * The length is only known at the end of a stream, so all three sizes are computed while they are still
 * candidates and a size is dropped (its memory freed) as soon as the capture outgrows it. Per packet only the
 * finest size does work; coarser windows receive roll-ups when a finer window closes (window-level.ts), and
 * distinct destinations for all sizes come from one probe per packet (window-pairs.ts).
 *
 * Packets whose time goes backwards are counted in the open window (WinCol.Late counts them). Flow events come
 * from the flow table (flow-events.ts) and are attributed to the window of the flow's start time: flows
 * started, failed connections, RTT and jitter samples, retransmissions.
 */
import { ScalableBloomFilter } from '../lib/bloom.ts'
import { Layer } from '../model/layers.ts'
import { Net, TcpFlag, type PacketBatch } from '../model/packet-batch.ts'
import type { FlowEndEvent, FlowEventSink, FlowStartEvent } from './flow-events.ts'
import { FlowOutcome } from './flow-events.ts'
import { HostCol } from './host-window-rows.ts'
import { MAX_HOST_IDS, WIN_COLS, WinCol, WindowLevel } from './window-level.ts'
import { WindowPairs } from './window-pairs.ts'

export const WINDOW_SIZES = [1, 10, 60] as const

const COL_TCP = WinCol.Tcp
const COL_UDP = WinCol.Udp
const COL_ICMP = WinCol.Icmp
const COL_OTHER_IP = WinCol.OtherIp
const COL_NON_IP = WinCol.NonIp
const LAYER_TCP = Layer.tcp
const LAYER_UDP = Layer.udp
const SYN = TcpFlag.SYN
const SYN_ACK = TcpFlag.SYN | TcpFlag.ACK
/** A bucket size stays a candidate while the capture is at most this many seconds long. */
export const WINDOW_SPAN_LIMITS = [300, 3600, Infinity] as const

export interface WindowOptions {
  /** Host rows kept per window (the busiest); the rest fold into one "other" row. Default 512. */
  readonly maxHostsPerWindow?: number
  /** (host, destination) pairs tracked exactly per 60 s window before switching to HyperLogLog. Default 2^17. */
  readonly maxExactPairs?: number
  /** Target false-positive rate of the seen-before filter behind the "new pairs" counts. Default 0.01. */
  readonly seenPairsFpr?: number
  /** Stages of the seen-before filter at most (2^18, 2^19, ... pairs each); past them new pairs undercount. Default 4. */
  readonly seenPairsMaxStages?: number
}

export interface WindowSummary {
  readonly bucketSeconds: number
  /** Windows that hold at least one packet. */
  readonly count: number
  /** Windows from the first to the last packet, empty ones included. */
  readonly span: number
  /** Packets counted in a later window because their timestamp went backwards. */
  readonly latePackets: number
  readonly maxHostsPerWindow: number
  /** Exact (host, destination) pairs per 60 s window; past it distinct counts are partly HyperLogLog. */
  readonly maxExactPairs: number
  /** Relative standard error of the sketched part of a distinct count. */
  readonly distinctSketchError: number
  /** Destinations / ports that were past the table and past the sketch pool (distinct counts low by this). */
  readonly untrackedDistinct: number
  /**
   * Host rows of windows that were folded into the window's "other" row because an address id was past the
   * per-id arrays' cap or the open window had its maximum of host rows (0: every host had its own row). Such
   * hosts are also missing from the distinct host counts and (ids past the cap) from the "new pairs" counts.
   */
  readonly foldedHosts: number
}

/** window * 4 + level, folded into 1 .. 2^32 - 1 (0 is the conversations' "never stamped"). */
function stampOf(w: number, level: number): number {
  const code = Number.isFinite(w) ? w * 4 + level : level
  return (((code % 4294967295) + 4294967295) % 4294967295) + 1
}

export class Windows implements FlowEventSink {
  /** Candidate levels, finest first; null once dropped. */
  readonly levels: (WindowLevel | null)[]
  private readonly options: Required<WindowOptions>
  minTime = Infinity
  maxTime = -Infinity
  /** Global row offset of each level's open window (for facts of the packet being counted). */
  private readonly rowG = new Float64Array(WINDOW_SIZES.length)
  /** Index of the finest level still computed. */
  private fineIndex = 0
  /** (src, dst) pairs seen so far in the capture, for the "new pairs" counts. */
  readonly seenPairs: ScalableBloomFilter
  /** Distinct destination hosts and destination ports per source host, for every level at once. */
  readonly dstHosts: WindowPairs
  readonly dstPorts: WindowPairs

  constructor(options: WindowOptions = {}) {
    this.options = {
      maxHostsPerWindow: options.maxHostsPerWindow ?? 512,
      // 2^17 pairs (a 5 MB table each for hosts and ports): more than a 60 s window of the 2 GiB benchmark has packets.
      maxExactPairs: options.maxExactPairs ?? 1 << 17,
      seenPairsFpr: options.seenPairsFpr ?? 0.01,
      // 4 stages hold 3.9M pairs at the target rate in about 8 MB; a ten-million-flow capture would take 70 MB.
      seenPairsMaxStages: options.seenPairsMaxStages ?? 4,
    }
    this.seenPairs = new ScalableBloomFilter(1 << 18, this.options.seenPairsFpr, this.options.seenPairsMaxStages)
    this.dstHosts = new WindowPairs(WINDOW_SIZES.length, this.options.maxExactPairs)
    this.dstPorts = new WindowPairs(WINDOW_SIZES.length, this.options.maxExactPairs)
    this.levels = WINDOW_SIZES.map((s, k) => new WindowLevel(s, k, this.dstHosts, this.dstPorts, this.options.maxHostsPerWindow))
  }

  /**
   * Writes, for each packet of the batch, a non-zero number identifying the finest window it will be counted
   * in (time going backwards stays in the open window), without changing any state. Conversations use it to
   * tell the first packet of a conversation direction in a window from repeats (see consume's `repeat`).
   */
  stampsFor(batch: PacketBatch, out: Uint32Array): void {
    const fine = this.finest()
    const s = fine.seconds
    const level = this.fineIndex
    let w = fine.isOpen ? fine.cur : -Infinity
    let stamp = stampOf(w, level)
    const time = batch.time
    for (let i = 0; i < batch.count; i++) {
      const t = time[i]
      if (Number.isFinite(t)) {
        const wi = Math.floor(t / s)
        if (wi > w) {
          w = wi
          stamp = stampOf(w, level)
        }
      }
      out[i] = stamp
    }
  }

  /**
   * Counts the batch. `repeat` (optional, from Conversations.consume): repeat[i] = 1 says packet i's
   * conversation direction was already seen in this window, so its distinct pairs are known and not looked up.
   */
  consume(batch: PacketBatch, addressCount: number, repeat?: Uint8Array): void {
    const levels = this.levels
    // Arrays indexed by address id stop at MAX_HOST_IDS; sources past it are not tracked per host (foldedHosts).
    const idCap = MAX_HOST_IDS
    const ids = addressCount < idCap ? addressCount : idCap
    for (let k = 0; k < levels.length; k++) levels[k]?.ensureHosts(ids)
    this.dstHosts.ensureHosts(ids)
    this.dstPorts.ensureHosts(ids)
    const dstHosts = this.dstHosts
    const dstPorts = this.dstPorts
    const n = batch.count
    const { time, origLen, net, ipProto, layers, srcAddr, dstAddr, srcPort, dstPort, tcpFlags, factIndex } = batch
    const fine = this.finest()
    let lo = this.minTime
    let hi = this.maxTime
    for (let i = 0; i < n; i++) {
      let t = time[i]
      // Readers normalise timestamps; should one still be NaN or infinite, count it at the latest time.
      if (!Number.isFinite(t)) {
        if (!Number.isFinite(hi)) continue
        t = hi
      }
      if (t < lo) lo = t
      if (t > hi) hi = t
      const w = Math.floor(t / fine.seconds)
      if (w !== fine.cur) {
        if (w < fine.cur) fine.markLate()
        else this.advance(t)
      }
      const nv = net[i]
      const isIp = nv === Net.IPv4 || nv === Net.IPv6
      const src = isIp ? srcAddr[i] : 0
      const dst = isIp ? dstAddr[i] : 0
      const p = ipProto[i]
      const l = layers[i]
      let protoCol: number = COL_NON_IP
      let portKey = -1
      let svcKey = -1
      let syn = false
      if (isIp) {
        const tcp = p === 6 && (l & LAYER_TCP) !== 0
        const udp = p === 17 && (l & LAYER_UDP) !== 0
        if (tcp || udp) {
          protoCol = tcp ? COL_TCP : COL_UDP
          const off = tcp ? 0 : 65536
          const sp = srcPort[i]
          const dp = dstPort[i]
          portKey = off + dp
          // Service port of the packet: the lower of the two (a responder's port is usually the lower).
          svcKey = off + (sp < dp ? sp : dp)
          syn = tcp && (tcpFlags[i] & SYN_ACK) === SYN
        } else protoCol = p === 1 || p === 58 ? COL_ICMP : COL_OTHER_IP
      }
      fine.addPacket(src, dst, origLen[i], protoCol, portKey, svcKey, syn)
      if (src !== 0 && src < idCap && (repeat === undefined || repeat[i] === 0)) {
        if (portKey >= 0) dstPorts.add(src, portKey)
        // A pair new in the capture is new in the open 60 s window, so only those reach the filter.
        if (dst !== 0 && dstHosts.add(src, dst) && this.seenPairs.add(src, dst)) {
          for (let k = 0; k < levels.length; k++) levels[k]?.addToHost(this.rowG[k], src, HostCol.NewDstHosts, WinCol.NewPairs, 1)
        }
      }
      const f = factIndex[i]
      if (f >= 0 && f < batch.facts.length) this.addFact(batch, f, src, dst)
    }
    this.minTime = lo
    this.maxTime = hi
    this.dropOutgrownLevels()
  }

  /** The finest level still computed (the coarsest is never dropped). */
  private finest(): WindowLevel {
    const l = this.levels[this.fineIndex]
    if (l === null) throw new Error('unreachable: fineIndex points at a live level')
    return l
  }

  /**
   * Moves every level to the window of time t, finest first: a closing window rolls into the open window of
   * the next coarser level before that level moves on itself.
   */
  private advance(t: number): void {
    const levels = this.levels
    for (let k = this.fineIndex; k < levels.length; k++) {
      const lv = levels[k]
      if (lv === null) continue
      const w = Math.floor(t / lv.seconds)
      if (w !== lv.cur && !(w < lv.cur)) {
        lv.close(this.nextLevel(k))
        lv.open(w)
      }
      this.rowG[k] = lv.curRow * WIN_COLS
    }
  }

  private nextLevel(k: number): WindowLevel | null {
    for (let j = k + 1; j < this.levels.length; j++) {
      const l = this.levels[j]
      if (l !== null) return l
    }
    return null
  }

  private addFact(batch: PacketBatch, f: number, src: number, dst: number): void {
    const fact = batch.facts[f]
    let host = 0
    let hostCol = 0
    let globalCol = 0
    if (fact.kind === 'dns') {
      if (!fact.isResponse) {
        host = src
        hostCol = HostCol.DnsQueries
        globalCol = WinCol.DnsQueries
      } else if (fact.rcode === 3) {
        host = dst
        hostCol = HostCol.Nxdomain
        globalCol = WinCol.Nxdomain
      } else return
    } else if (fact.kind === 'tls-client-hello') {
      host = src
      hostCol = HostCol.TlsHandshakes
      globalCol = WinCol.TlsHandshakes
    } else return
    for (let k = 0; k < this.levels.length; k++) this.levels[k]?.addToHost(this.rowG[k], host, hostCol, globalCol, 1)
  }

  /** Drops the finest levels the capture has outgrown, rolling their open window up first. */
  private dropOutgrownLevels(): boolean {
    const span = this.maxTime - this.minTime
    let dropped = false
    // The coarsest level is never dropped (its limit is Infinity).
    while (this.fineIndex < this.levels.length - 1 && span > WINDOW_SPAN_LIMITS[this.fineIndex]) {
      const k = this.fineIndex
      this.levels[k]?.close(this.nextLevel(k))
      this.levels[k] = null
      this.dstHosts.dropLevel(k)
      this.dstPorts.dropLevel(k)
      this.fineIndex++
      dropped = true
    }
    return dropped
  }

  flowStarted(e: FlowStartEvent): void {
    if (!Number.isFinite(e.time)) return
    // Indexed loops here and below: called once per flow, and for-of would allocate an iterator each time.
    const levels = this.levels
    for (let k = 0; k < levels.length; k++) {
      const lv = levels[k]
      if (lv === null) continue
      lv.addToHost(lv.rowFor(e.time), e.src, HostCol.FlowsStarted, WinCol.FlowsStarted, 1)
    }
  }

  flowEnded(e: FlowEndEvent): void {
    if (!Number.isFinite(e.time)) return
    const packets = e.packets >= 0 ? e.packets : 0
    const retrans = e.retransmissions >= 0 ? Math.min(e.retransmissions, packets) : 0
    const levels = this.levels
    for (let k = 0; k < levels.length; k++) {
      const lv = levels[k]
      if (lv === null) continue
      const g = lv.rowFor(e.time)
      if (e.outcome === FlowOutcome.Failed) lv.addToHost(g, e.src, HostCol.FailedConnections, WinCol.FailedConnections, 1)
      if (packets > 0) {
        lv.addToHost(g, e.src, HostCol.FlowPackets, WinCol.FlowPackets, packets)
        if (retrans > 0) lv.addToHost(g, e.src, HostCol.Retransmissions, WinCol.Retransmissions, retrans)
      }
      if (e.rtt >= 0) lv.sketchFor(lv.rtt, g).add(e.rtt)
      if (e.jitter >= 0) lv.sketchFor(lv.jitter, g).add(e.jitter)
    }
  }

  /**
   * Closes the open windows, finest first (each rolls into the next); call once after the last batch. Flow
   * events may still arrive afterwards: they land in the (closed) windows of their start times.
   */
  finish(): void {
    for (let k = 0; k < this.levels.length; k++) this.levels[k]?.close(this.nextLevel(k))
  }

  /**
   * Frees the levels coarser than the chosen one once the capture is read (finish()): nothing reads them after
   * (queries and the report use chosen()), and at 10 s windows the 60 s level's host rows are ~5 MB.
   */
  dropUnchosenLevels(): void {
    const chosen = this.levels.indexOf(this.chosen())
    for (let k = chosen + 1; k < this.levels.length; k++) this.levels[k] = null
  }

  /** The level the report uses: the finest one still a candidate. */
  chosen(): WindowLevel {
    for (const l of this.levels) if (l !== null) return l
    throw new Error('unreachable: the coarsest window level is never dropped')
  }

  summary(): WindowSummary {
    const l = this.chosen()
    let late = 0
    for (let r = 0; r < l.rows; r++) late += l.g[r * WIN_COLS + WinCol.Late]
    const span = l.rows === 0 ? 0 : Math.floor(this.maxTime / l.seconds) - Math.floor(this.minTime / l.seconds) + 1
    return {
      bucketSeconds: l.seconds,
      count: l.rows,
      span,
      latePackets: late,
      maxHostsPerWindow: l.maxHostsPerWindow,
      maxExactPairs: this.options.maxExactPairs,
      distinctSketchError: this.dstHosts.sketchError,
      untrackedDistinct: this.dstHosts.untracked + this.dstPorts.untracked,
      foldedHosts: l.foldedHosts,
    }
  }
}
