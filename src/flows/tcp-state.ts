/**
 * TCP connection tracking with Zeek's endpoint state machine, history letters and timers, so conn_state and
 * history read as in Zeek's conn.log (https://docs.zeek.org/en/master/logs/conn.html; Zeek's TCPSessionAdapter:
 * endpoint states INACTIVE, SYN_SENT, SYN_ACK_SENT, PARTIAL, ESTABLISHED, CLOSED, RESET).
 *
 * History letters: upper case from the originator, lower case from the responder. S/H/F/R are added again only
 * when their sequence number differs from the last one of that kind; A, D, I, Q once per direction; T
 * (retransmission), W (zero window) and G (content gap) logarithmically, at the 1st, 10th, 100th ... event; '^'
 * when the roles are flipped. State lives in typed arrays per open-flow slot (endpoint e = slot * 2, + 1 for the
 * responder), written by this module only.
 */
import { Tcp } from './conn-state.ts'
import type { FlowColumns } from './flow-columns.ts'
import { FlowFlag } from './flow-columns.ts'
import { ZEEK_ATTEMPT_DELAY, ZEEK_CLOSE_DELAY, ZEEK_CONNECTION_LINGER, ZEEK_SESSION_TIMER, ZEEK_SYN_TIMEOUT } from './flow-modes.ts'
import { grown } from './typed-grow.ts'

const FIN = 1
const SYN = 2
const RST = 4
const ACK = 16
/** Zeek ignores SYN/RST sequence numbers further than this from the last one (TOO_LARGE_SEQ_DELTA). */
const TOO_LARGE_SEQ_DELTA = 1048576
/** Zeek's history masks (TCP_Endpoint HIST_*), shifted by 16 for the responder. */
const H_SYN = 0x1
const H_FIN = 0x2
const H_RST = 0x4
const H_FIN_RST = 0x8
const H_DATA = 0x10
const H_ACK = 0x20
const H_MULTI = 0x40
/** Without a handshake RTT, a segment that fills in within this many seconds is out of order, not retransmitted (Wireshark's default). */
const OOO_DEFAULT_THRESHOLD = 0.003

const enum SlotFlag {
  /** An endpoint left the handshake: Zeek's inactivity timeout switched from UDP's to TCP's. */
  LongTimeout = 1,
  /** The connection closed completely: Zeek cancelled its analyzer timers and set the delete timer. */
  TimersCanceled = 2,
  WsBaseOrig = 4,
  WsBaseResp = 8,
}

export const enum TcpResult {
  None = 0,
  /** The roles must be swapped (SYN / SYN-ACK seen in reverse order). Already written to the history. */
  Flip = 1,
}

function seqDelta(a: number, b: number): number {
  return (a - b) | 0
}

function isHandshake(state: number): boolean {
  return state === Tcp.Inactive || state === Tcp.SynSent || state === Tcp.SynAckSent
}

export class TcpTracker {
  state = new Uint8Array(0)
  prevState = new Uint8Array(0)
  didClose = new Uint8Array(0)
  finCnt = new Uint8Array(0)
  startSeq = new Uint32Array(0)
  lastSeq = new Uint32Array(0)
  ackSeq = new Uint32Array(0)
  gapEdge = new Uint32Array(0)
  histLastSyn = new Uint32Array(0)
  histLastFin = new Uint32Array(0)
  histLastRst = new Uint32Array(0)
  rxmtCnt = new Uint32Array(0)
  rxmtThresh = new Uint32Array(0)
  win0Cnt = new Uint32Array(0)
  win0Thresh = new Uint32Array(0)
  gapCnt = new Uint32Array(0)
  gapThresh = new Uint32Array(0)
  wsBase = new Uint32Array(0)
  lastAdvance = new Float64Array(0)
  histSeen = new Uint32Array(0)
  flags = new Uint8Array(0)
  /** Zeek's Connection::last_time: not advanced once both sides have closed. */
  zeekLast = new Float64Array(0)
  attemptDeadline = new Float64Array(0)
  closeDeadline = new Float64Array(0)
  extraExpire = new Float64Array(0)
  synTime = new Float64Array(0)
  synAckTime = new Float64Array(0)
  capacity = 0

  /** Per-slot bytes of this state (for the memory report). */
  static readonly BYTES_PER_SLOT = 2 * (4 + 14 * 4 + 8) + 4 + 1 + 6 * 8

  grow(n: number): void {
    const e = n * 2
    this.state = grown(this.state, e)
    this.prevState = grown(this.prevState, e)
    this.didClose = grown(this.didClose, e)
    this.finCnt = grown(this.finCnt, e)
    this.startSeq = grown(this.startSeq, e)
    this.lastSeq = grown(this.lastSeq, e)
    this.ackSeq = grown(this.ackSeq, e)
    this.gapEdge = grown(this.gapEdge, e)
    this.histLastSyn = grown(this.histLastSyn, e)
    this.histLastFin = grown(this.histLastFin, e)
    this.histLastRst = grown(this.histLastRst, e)
    this.rxmtCnt = grown(this.rxmtCnt, e)
    this.rxmtThresh = grown(this.rxmtThresh, e)
    this.win0Cnt = grown(this.win0Cnt, e)
    this.win0Thresh = grown(this.win0Thresh, e)
    this.gapCnt = grown(this.gapCnt, e)
    this.gapThresh = grown(this.gapThresh, e)
    this.wsBase = grown(this.wsBase, e)
    this.lastAdvance = grown(this.lastAdvance, e)
    this.histSeen = grown(this.histSeen, n)
    this.flags = grown(this.flags, n)
    this.zeekLast = grown(this.zeekLast, n)
    this.attemptDeadline = grown(this.attemptDeadline, n)
    this.closeDeadline = grown(this.closeDeadline, n)
    this.extraExpire = grown(this.extraExpire, n)
    this.synTime = grown(this.synTime, n)
    this.synAckTime = grown(this.synAckTime, n)
    this.capacity = n
  }

  /** Fresh state for a new flow in slot `s`. */
  reset(s: number): void {
    for (let e = s * 2; e < s * 2 + 2; e++) {
      this.state[e] = Tcp.Inactive
      this.prevState[e] = Tcp.Inactive
      this.didClose[e] = 0
      this.finCnt[e] = 0
      this.startSeq[e] = 0
      this.lastSeq[e] = 0
      this.ackSeq[e] = 0
      this.gapEdge[e] = 0
      this.histLastSyn[e] = 0
      this.histLastFin[e] = 0
      this.histLastRst[e] = 0
      this.rxmtCnt[e] = 0
      this.rxmtThresh[e] = 1
      this.win0Cnt[e] = 0
      this.win0Thresh[e] = 1
      this.gapCnt[e] = 0
      this.gapThresh[e] = 1
      this.wsBase[e] = 0
      this.lastAdvance[e] = -Infinity
    }
    this.histSeen[s] = 0
    this.flags[s] = 0
    this.zeekLast[s] = 0
    this.attemptDeadline[s] = Infinity
    this.closeDeadline[s] = Infinity
    this.extraExpire[s] = Infinity
    this.synTime[s] = NaN
    this.synAckTime[s] = NaN
  }

  /** Swaps the two endpoints of slot `s` (Zeek's FlipRoles); history bits stay as they are, as in Zeek. */
  swapEndpoints(s: number): void {
    const o = s * 2
    for (const a of [this.state, this.prevState, this.didClose, this.finCnt, this.startSeq, this.lastSeq, this.ackSeq, this.gapEdge,
      this.histLastSyn, this.histLastFin, this.histLastRst, this.rxmtCnt, this.rxmtThresh, this.win0Cnt, this.win0Thresh,
      this.gapCnt, this.gapThresh, this.wsBase, this.lastAdvance]) {
      const t = a[o]
      a[o] = a[o + 1]
      a[o + 1] = t
    }
    const f = this.flags[s]
    this.flags[s] = (f & ~(SlotFlag.WsBaseOrig | SlotFlag.WsBaseResp)) | ((f & SlotFlag.WsBaseOrig) << 1) | ((f & SlotFlag.WsBaseResp) >> 1)
  }

  /** Zeek's IsReuse: would this SYN on the open connection in slot `s` start a new connection? */
  isZeekReuse(s: number, flags: number, seq: number): boolean {
    if ((flags & SYN) === 0) return false
    const o = s * 2
    let connOrig = o
    if ((flags & ACK) !== 0) {
      if (this.state[o] !== Tcp.Inactive) return false
      connOrig = o + 1
    }
    if (this.didClose[o] === 0 && this.didClose[o + 1] === 0) {
      if (seq === this.startSeq[connOrig]) return false
      if ((flags & ACK) === 0 && this.state[connOrig] === Tcp.SynAckSent && this.state[o + 1] === Tcp.Inactive && seq === this.startSeq[o + 1]) return false
    }
    return true
  }

  /** Wireshark's port-reuse rule: a SYN (no ACK) whose sequence number differs from the first seen from that side. */
  isWiresharkReuse(s: number, fromOrig: boolean, flags: number, seq: number): boolean {
    if ((flags & (SYN | ACK)) !== SYN) return false
    const bit = fromOrig ? SlotFlag.WsBaseOrig : SlotFlag.WsBaseResp
    return (this.flags[s] & bit) !== 0 && this.wsBase[s * 2 + (fromOrig ? 0 : 1)] !== seq
  }

  /**
   * The time at which Zeek would have removed the connection in slot `s` by a timer (inactivity, attempt,
   * close/reset delay, expire grid), given its start `t0` and the time of its last packet.
   */
  zeekDeadline(s: number, t0: number, lastPacket: number, tcpIdle: number, handshakeIdle: number): number {
    const o = s * 2
    const os = this.state[o]
    const rs = this.state[o + 1]
    const f = this.flags[s]
    const last = this.zeekLast[s]
    let dl = last + ((f & SlotFlag.LongTimeout) !== 0 ? tcpIdle : handshakeIdle)
    if (this.closeDeadline[s] < dl) dl = this.closeDeadline[s]
    if ((os === Tcp.SynSent || os === Tcp.SynAckSent) && rs === Tcp.Inactive && this.attemptDeadline[s] < dl) dl = this.attemptDeadline[s]
    if ((f & SlotFlag.TimersCanceled) === 0) {
      const oc = this.didClose[o] !== 0
      const rc = this.didClose[o + 1] !== 0
      const expires =
        ((oc || rc) && ((oc && rc) || os === Tcp.Reset || rs === Tcp.Reset || os === Tcp.Inactive || rs === Tcp.Inactive)) ||
        (os === Tcp.Inactive && rs === Tcp.Inactive)
      if (expires) {
        const lower = Math.max(lastPacket, last + ZEEK_CONNECTION_LINGER)
        dl = Math.min(dl, nextGridPoint(t0 + ZEEK_SYN_TIMEOUT, lower))
        if (Number.isFinite(this.extraExpire[s])) dl = Math.min(dl, nextGridPoint(this.extraExpire[s], lower))
      }
    }
    return dl
  }

  /** Feeds one TCP segment of the flow in slot `s` (flow id `id`). Returns TcpResult bits. */
  process(s: number, fromOrig: boolean, flags: number, seq: number, ack: number, len: number, win: number, t: number, cols: FlowColumns, id: number): number {
    const d = fromOrig ? 0 : 1
    const e = s * 2 + d
    const p = s * 2 + (1 - d)
    this.noteWiresharkBase(s, d, seq)
    let segLen = len
    if ((flags & SYN) !== 0) segLen++
    if ((flags & FIN) !== 0) segLen++
    if ((flags & RST) !== 0) segLen -= len
    const onePast = (seq + segLen) >>> 0
    this.initEndpoint(e, flags, seq, onePast)
    const relSeq = (seq - this.startSeq[e]) >>> 0
    this.updateHistory(s, e, fromOrig, flags, relSeq, len, cols, id)
    if (win === 0 && (flags & RST) === 0 && this.state[p] !== Tcp.Closed && this.state[e] !== Tcp.Reset) {
      cols.zeroWindows[id]++
      this.scaled(this.win0Cnt, this.win0Thresh, e, fromOrig ? 0x57 : 0x77, cols, id) // W / w
    }
    if (this.didClose[s * 2] === 0 || this.didClose[s * 2 + 1] === 0) this.zeekLast[s] = t
    if ((flags & FIN) !== 0 && this.finCnt[e] < 255) this.finCnt[e]++
    if ((flags & ACK) !== 0) {
      if (this.state[p] === Tcp.Inactive) {
        const base = (ack - 1) >>> 0
        this.startSeq[p] = base
        this.ackSeq[p] = base
        this.lastSeq[p] = base
      } else if ((flags & RST) === 0 && seqDelta(ack, this.startSeq[p]) >= 0) {
        const delta = seqDelta(ack, this.ackSeq[p])
        if (!(ack === 0 && delta > TOO_LARGE_SEQ_DELTA) && delta > 0) this.ackSeq[p] = ack
      }
    }
    this.updateLastSeq(e, onePast, flags, len, t, fromOrig, cols, id)
    const r = this.updateStateMachine(s, e, p, fromOrig, flags, seq, len, t, cols, id)
    if ((flags & ACK) !== 0) this.checkGap(s, p, !fromOrig !== ((r & FLIPPED) !== 0), ack, cols, id)
    if ((r & DO_CLOSE) !== 0) this.connectionClosed(s, e, p)
    this.noteHandshake(s, fromOrig, flags, t, cols, id)
    if ((r & FLIPPED) !== 0) {
      this.swapEndpoints(s)
      return TcpResult.Flip
    }
    return TcpResult.None
  }

  private noteWiresharkBase(s: number, d: number, seq: number): void {
    const bit = d === 0 ? SlotFlag.WsBaseOrig : SlotFlag.WsBaseResp
    if ((this.flags[s] & bit) === 0) {
      this.flags[s] |= bit
      this.wsBase[s * 2 + d] = seq
    }
  }

  private initEndpoint(e: number, flags: number, seq: number, onePast: number): void {
    const st = this.state[e]
    const syn = (flags & SYN) !== 0
    if (st === Tcp.Inactive) {
      if (syn) {
        this.ackSeq[e] = seq
        this.startSeq[e] = seq
        this.lastSeq[e] = onePast
      } else {
        // A partial connection: number as if a SYN had been seen, and do not mark the first packet a duplicate.
        this.ackSeq[e] = (seq - 1) >>> 0
        this.startSeq[e] = (seq - 1) >>> 0
        this.lastSeq[e] = seq
      }
    } else if (syn && seq !== this.startSeq[e] && (st === Tcp.SynSent || st === Tcp.SynAckSent || st === Tcp.Established || st === Tcp.Partial)) {
      this.startSeq[e] = seq
      this.ackSeq[e] = seq
      this.lastSeq[e] = onePast
    } else if (syn && st === Tcp.Reset && this.prevState[e] === Tcp.Inactive) {
      this.startSeq[e] = seq
      this.ackSeq[e] = seq
      this.lastSeq[e] = onePast
    }
  }

  private checkHistory(s: number, fromOrig: boolean, mask: number, upper: number, cols: FlowColumns, id: number): boolean {
    const m = fromOrig ? mask : mask << 16
    if ((this.histSeen[s] & m) === 0) {
      this.histSeen[s] |= m
      cols.appendHistory(id, fromOrig ? upper : upper | 0x20)
      return false
    }
    return true
  }

  private updateHistory(s: number, e: number, fromOrig: boolean, flags: number, relSeq: number, len: number, cols: FlowColumns, id: number): void {
    const syn = (flags & SYN) !== 0
    const fin = (flags & FIN) !== 0
    const rst = (flags & RST) !== 0
    const bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0)
    const lower = fromOrig ? 0 : 0x20
    if (bits > 1) {
      if (fin && rst) this.checkHistory(s, fromOrig, H_FIN_RST, 0x49, cols, id) // I
      else this.checkHistory(s, fromOrig, H_MULTI, 0x51, cols, id) // Q
    } else if (bits === 1) {
      if (syn) {
        const code = (flags & ACK) !== 0 ? 0x48 : 0x53 // H / S
        if (this.checkHistory(s, fromOrig, H_SYN, code, cols, id) && relSeq !== this.histLastSyn[e]) cols.appendHistory(id, code | lower)
        this.histLastSyn[e] = relSeq
      }
      if (fin) {
        // A FIN's sequence number is the one after its data.
        const finSeq = (relSeq + len) >>> 0
        if (this.checkHistory(s, fromOrig, H_FIN, 0x46, cols, id) && finSeq !== this.histLastFin[e]) cols.appendHistory(id, 0x46 | lower)
        this.histLastFin[e] = finSeq
      }
      if (rst) {
        if (this.checkHistory(s, fromOrig, H_RST, 0x52, cols, id) && relSeq !== this.histLastRst[e]) cols.appendHistory(id, 0x52 | lower)
        this.histLastRst[e] = relSeq
      }
    } else if (len > 0) {
      this.checkHistory(s, fromOrig, H_DATA, 0x44, cols, id) // D
    } else if ((flags & ACK) !== 0) {
      this.checkHistory(s, fromOrig, H_ACK, 0x41, cols, id) // A
    }
  }

  /** Zeek's ScaledHistoryEntry: the letter at the 1st, 10th, 100th ... event. */
  private scaled(cnt: Uint32Array, thresh: Uint32Array, e: number, code: number, cols: FlowColumns, id: number): void {
    if (++cnt[e] === thresh[e]) {
      cols.appendHistory(id, code)
      const next = thresh[e] * 10
      if (next > 0xffffffff) cnt[e] = 0
      else thresh[e] = next
    }
  }

  private updateLastSeq(e: number, onePast: number, flags: number, len: number, t: number, fromOrig: boolean, cols: FlowColumns, id: number): void {
    const deltaLast = seqDelta(onePast, this.lastSeq[e])
    if ((flags & (SYN | RST)) !== 0 && (deltaLast > TOO_LARGE_SEQ_DELTA || deltaLast < -TOO_LARGE_SEQ_DELTA)) {
      // untrusted jump
    } else if ((flags & FIN) !== 0 && this.lastSeq[e] === ((this.startSeq[e] + 1) >>> 0)) {
      this.lastSeq[e] = onePast
    } else if (this.state[e] === Tcp.Reset) {
      // sequence numbers after a RST are not trusted
    } else if (deltaLast > 0) {
      this.lastSeq[e] = onePast
      this.lastAdvance[e] = t
    } else if (len > 0) {
      this.retransmitted(e, t, fromOrig, cols, id)
    }
  }

  /** A data segment that did not advance the sequence: out of order when it follows the advancing one closely. */
  private retransmitted(e: number, t: number, fromOrig: boolean, cols: FlowColumns, id: number): void {
    this.scaled(this.rxmtCnt, this.rxmtThresh, e, fromOrig ? 0x54 : 0x74, cols, id) // T / t
    const rtt = cols.handshakeRtt[id]
    const threshold = rtt > 0 ? rtt : OOO_DEFAULT_THRESHOLD
    if (t - this.lastAdvance[e] < threshold) cols.outOfOrder[id]++
    else if (fromOrig) cols.retransOrig[id]++
    else cols.retransResp[id]++
  }

  /** The ACK sender's peer `p` had bytes acknowledged that were never seen: a content gap (both sides established). */
  private checkGap(s: number, p: number, peerIsOrig: boolean, ack: number, cols: FlowColumns, id: number): void {
    if (this.state[s * 2] !== Tcp.Established || this.state[s * 2 + 1] !== Tcp.Established) return
    const seen = seqDelta(this.gapEdge[p], this.lastSeq[p]) > 0 ? this.gapEdge[p] : this.lastSeq[p]
    if (seqDelta(ack, seen) > 0) {
      this.gapEdge[p] = ack
      this.scaled(this.gapCnt, this.gapThresh, p, peerIsOrig ? 0x47 : 0x67, cols, id) // G / g
    }
  }

  private setState(s: number, e: number, st: number): void {
    const cur = this.state[e]
    if (st === cur) return
    if (!isHandshake(st) && isHandshake(cur) && isHandshake(this.state[e ^ 1])) this.flags[s] |= SlotFlag.LongTimeout
    this.prevState[e] = cur
    this.state[e] = st
  }

  private updateStateMachine(s: number, e: number, p: number, fromOrig: boolean, flags: number, seq: number, len: number, t: number, cols: FlowColumns, id: number): number {
    switch (this.state[e]) {
      case Tcp.Inactive: return this.inactive(s, e, p, fromOrig, flags, seq, len, t, cols, id)
      case Tcp.SynSent:
      case Tcp.SynAckSent:
        return this.synSent(s, e, flags)
      case Tcp.Established:
      case Tcp.Partial:
        return this.established(s, e, p, flags)
      case Tcp.Closed: return this.closed(s, e, p, flags, t)
      default: return 0
    }
  }

  private inactive(s: number, e: number, p: number, fromOrig: boolean, flags: number, seq: number, len: number, t: number, cols: FlowColumns, id: number): number {
    let r = 0
    if ((flags & SYN) !== 0) {
      if (fromOrig) {
        this.setState(s, e, (flags & ACK) !== 0 ? Tcp.SynAckSent : Tcp.SynSent)
        this.attemptDeadline[s] = t + ZEEK_ATTEMPT_DELAY
      } else {
        if ((flags & ACK) === 0 && this.state[p] === Tcp.SynAckSent && seq === this.startSeq[e]) {
          // SYN and SYN-ACK seen in reverse order: flip the roles and establish the connection.
          cols.appendHistory(id, 0x5e) // ^
          r |= FLIPPED
          this.setState(s, p, Tcp.Established)
        }
        if (this.state[p] === Tcp.SynSent) this.setState(s, p, Tcp.Established)
        this.setState(s, e, Tcp.Established)
      }
    }
    if ((flags & FIN) !== 0) {
      this.setState(s, e, Tcp.Closed)
      r |= DO_CLOSE
    }
    if ((flags & RST) !== 0) {
      this.setState(s, e, Tcp.Reset)
      r |= DO_CLOSE
    }
    if (this.state[e] === Tcp.Inactive) {
      if (!fromOrig && len === 0 && this.state[s * 2] === Tcp.SynSent) {
        // An ACK of the initial SYN before the SYN-ACK: not yet a partial connection.
      } else if ((flags & ACK) !== 0 && this.state[p] === Tcp.Established) {
        this.setState(s, e, Tcp.Established) // the SYN was missed but the SYN-ACK was seen
      } else {
        this.setState(s, e, Tcp.Partial)
      }
    }
    return r
  }

  private synSent(s: number, e: number, flags: number): number {
    let r = 0
    if ((flags & FIN) !== 0) {
      this.setState(s, e, Tcp.Closed)
      r |= DO_CLOSE
    }
    if ((flags & RST) !== 0) {
      this.setState(s, e, Tcp.Reset)
      r |= DO_CLOSE
    }
    return r
  }

  private established(s: number, e: number, p: number, flags: number): number {
    let r = 0
    if ((flags & SYN) !== 0 && this.state[e] === Tcp.Partial && this.state[p] === Tcp.Inactive && (flags & ACK) === 0) {
      this.setState(s, e, Tcp.SynSent)
    }
    if ((flags & FIN) !== 0 && (flags & RST) === 0) {
      this.setState(s, e, Tcp.Closed)
      // A FIN followed by a RST from the peer was a normal termination after all.
      if (this.state[p] === Tcp.Reset && this.prevState[p] === Tcp.Closed) this.setState(s, p, Tcp.Closed)
      r |= DO_CLOSE
    }
    if ((flags & RST) !== 0) {
      this.setState(s, e, Tcp.Reset)
      r |= DO_CLOSE
    }
    return r
  }

  private closed(s: number, e: number, p: number, flags: number, t: number): number {
    let r = 0
    // After a FIN exchange a RST does not change the state; otherwise it resets the endpoint.
    if ((flags & RST) !== 0 && this.state[p] !== Tcp.Closed) {
      this.setState(s, e, Tcp.Reset)
      if (this.didClose[e] === 0) r |= DO_CLOSE
      this.closeDeadline[s] = Math.min(this.closeDeadline[s], t + ZEEK_CLOSE_DELAY)
    }
    return r
  }

  /** Zeek's ConnectionClosed: a complete close starts the 5 s delete timer and cancels the other TCP timers. */
  private connectionClosed(s: number, e: number, p: number): void {
    if (this.didClose[e] !== 0) return
    this.didClose[e] = 1
    const complete = this.state[e] === Tcp.Reset || this.didClose[p] !== 0 || this.state[p] === Tcp.Inactive
    if (complete) {
      this.closeDeadline[s] = Math.min(this.closeDeadline[s], this.zeekLast[s] + ZEEK_CLOSE_DELAY)
      this.flags[s] |= SlotFlag.TimersCanceled
      this.attemptDeadline[s] = Infinity
    } else if (this.prevState[e] !== Tcp.Inactive && (this.flags[s] & SlotFlag.TimersCanceled) === 0) {
      this.extraExpire[s] = this.zeekLast[s] + ZEEK_SESSION_TIMER
    }
  }

  /** Handshake timing: SYN -> SYN-ACK -> ACK (the ACK completes the three-way handshake). */
  private noteHandshake(s: number, fromOrig: boolean, flags: number, t: number, cols: FlowColumns, id: number): void {
    const syn = (flags & SYN) !== 0
    const ack = (flags & ACK) !== 0
    if (syn && !ack && (flags & (FIN | RST)) === 0) {
      cols.flags[id] |= FlowFlag.SynSeen
      if (fromOrig && Number.isNaN(this.synTime[s])) this.synTime[s] = t
    } else if (syn && ack) {
      cols.flags[id] |= FlowFlag.SynAckSeen
      if (!fromOrig && Number.isNaN(this.synAckTime[s]) && !Number.isNaN(this.synTime[s])) {
        this.synAckTime[s] = t
        cols.synAckRtt[id] = t - this.synTime[s]
      }
    } else if (ack && fromOrig && !Number.isNaN(this.synAckTime[s]) && Number.isNaN(cols.handshakeRtt[id])) {
      cols.handshakeRtt[id] = t - this.synTime[s]
      cols.flags[id] |= FlowFlag.Handshake
    }
  }

  /** Zeek's TCP_Endpoint::Size() (payload bytes from sequence numbers), within 2 GiB per direction. */
  seqSize(e: number): number {
    const p = e ^ 1
    if (this.prevState[e] === Tcp.SynSent && this.state[e] === Tcp.Reset && this.state[p] === Tcp.Inactive) {
      const acked = seqDelta(this.ackSeq[e], this.startSeq[e])
      if (acked !== 0 && acked !== 1) return 0
    }
    const l = seqDelta(this.lastSeq[e], this.startSeq[e])
    const a = seqDelta(this.ackSeq[e], this.startSeq[e])
    let size = Math.max(l, a, 0)
    if (size !== 0) size--
    if (this.finCnt[e] > 0 && size !== 0) size--
    return size
  }
}

const DO_CLOSE = 1
const FLIPPED = 2

/** The first point of the grid start + k * tcp_session_timer strictly after `lower`. */
function nextGridPoint(start: number, lower: number): number {
  if (start > lower) return start
  return start + ZEEK_SESSION_TIMER * (Math.floor((lower - start) / ZEEK_SESSION_TIMER) + 1)
}
