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
import { ZEEK_ATTEMPT_DELAY, ZEEK_CLOSE_DELAY, ZEEK_SESSION_TIMER } from './flow-modes.ts'
import { SlotFlag, seqDelta, TcpEndpoints } from './tcp-endpoints.ts'

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

export const enum TcpResult {
  None = 0,
  /** The roles must be swapped (SYN / SYN-ACK seen in reverse order). Already written to the history. */
  Flip = 1,
}

function isHandshake(state: number): boolean {
  return state === Tcp.Inactive || state === Tcp.SynSent || state === Tcp.SynAckSent
}

/** The per-packet TCP state machine over the endpoint arrays of TcpEndpoints. */
export class TcpTracker extends TcpEndpoints {
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
        this.contig[p] = base
      } else if ((flags & RST) === 0 && seqDelta(ack, this.startSeq[p]) >= 0) {
        const delta = seqDelta(ack, this.ackSeq[p])
        if (!(ack === 0 && delta > TOO_LARGE_SEQ_DELTA) && delta > 0) this.ackSeq[p] = ack
      }
    }
    this.updateLastSeq(e, onePast, flags, len, t, fromOrig, cols, id)
    if (segLen > 0 && (flags & RST) === 0) this.trackContiguity(e, seq, onePast)
    const r = this.updateStateMachine(s, e, p, fromOrig, flags, seq, len, t, cols, id)
    if ((flags & ACK) !== 0 && (flags & RST) === 0) this.checkGap(p, !fromOrig !== ((r & FLIPPED) !== 0), ack, cols, id)
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
      this.contig[e] = onePast
      } else {
        // A partial connection: number as if a SYN had been seen, and do not mark the first packet a duplicate.
        this.ackSeq[e] = (seq - 1) >>> 0
        this.startSeq[e] = (seq - 1) >>> 0
        this.lastSeq[e] = seq
        this.contig[e] = seq
      }
    } else if (syn && seq !== this.startSeq[e] && (st === Tcp.SynSent || st === Tcp.SynAckSent || st === Tcp.Established || st === Tcp.Partial)) {
      this.startSeq[e] = seq
      this.ackSeq[e] = seq
      this.lastSeq[e] = onePast
      this.contig[e] = onePast
    } else if (syn && st === Tcp.Reset && this.prevState[e] === Tcp.Inactive) {
      this.startSeq[e] = seq
      this.ackSeq[e] = seq
      this.lastSeq[e] = onePast
      this.contig[e] = onePast
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

  /** Extends the endpoint's hole-free edge with a segment, or notes where data beyond a hole starts. */
  private trackContiguity(e: number, seq: number, onePast: number): void {
    const edge = this.contig[e]
    if (seqDelta(seq, edge) <= 0) {
      if (seqDelta(onePast, edge) > 0) this.advanceContig(e, onePast)
    } else if (this.holeOpen[e] === 0 || seqDelta(seq, this.aboveHole[e]) < 0) {
      this.holeOpen[e] = 1
      this.aboveHole[e] = seq
    }
  }

  private advanceContig(e: number, to: number): void {
    this.contig[e] = to
    // Filling the hole joins the data seen beyond it (assumed complete up to the highest sequence seen).
    if (this.holeOpen[e] !== 0 && seqDelta(to, this.aboveHole[e]) >= 0) {
      this.holeOpen[e] = 0
      if (seqDelta(this.lastSeq[e], to) > 0) this.contig[e] = this.lastSeq[e]
    }
  }

  /**
   * The ACK sender's peer `p` had bytes acknowledged that were never seen: a content gap. Zeek's reassembler
   * records it only while both endpoints are established or cleanly closing (TCP_Reassembler::Gap), and not
   * for the first two octets of a partial connection, whose start it had to guess.
   */
  private checkGap(p: number, peerIsOrig: boolean, ack: number, cols: FlowColumns, id: number): void {
    if (!this.isClean(p) || !this.isClean(p ^ 1)) return
    if (seqDelta(ack, this.startSeq[p]) <= 2) return
    if (seqDelta(ack, this.contig[p]) > 0) {
      this.advanceContig(p, ack)
      this.scaled(this.gapCnt, this.gapThresh, p, peerIsOrig ? 0x47 : 0x67, cols, id) // G / g
    }
  }

  private isClean(e: number): boolean {
    return this.state[e] === Tcp.Established || (this.state[e] === Tcp.Closed && this.prevState[e] === Tcp.Established)
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
}

const DO_CLOSE = 1
const FLIPPED = 2
